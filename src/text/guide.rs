//! Binary search over a large sorted array through a small sampled copy of its keys.
//!
//! A plain binary search over a 100 MB source's offset map or line starts (megabytes of keys)
//! misses the cache at nearly every step: about twenty misses a lookup, and a report looks up
//! several offsets per entry. A [`Guide`] keeps every [`STEP`]-th key in an array small enough
//! to stay cached; a lookup searches it, then one stretch of `STEP` items (one or two cache
//! lines).

/// Items per guide entry.
pub const STEP: usize = 16;

/// Every [`STEP`]-th key of a sorted sequence of items.
#[derive(Debug, Clone, Default)]
pub struct Guide<K> {
    keys: Vec<K>,
}

impl<K: Copy> Guide<K> {
    /// The guide of `items`, whose keys (by `key`) must be sorted.
    pub fn new<T>(items: &[T], key: impl Fn(&T) -> K) -> Guide<K> {
        Guide {
            keys: items.iter().step_by(STEP).map(key).collect(),
        }
    }

    /// `items.partition_point(|t| pred(key(t)))` for the `items` the guide was built from:
    /// `pred` must hold for a prefix of the keys and fail for the rest.
    pub fn partition_point<T>(
        &self,
        items: &[T],
        key: impl Fn(&T) -> K,
        pred: impl Fn(K) -> bool,
    ) -> usize {
        // Guide entries that hold: the answer lies after the last of them and no later than
        // the first that fails.
        let j = self.keys.partition_point(|&k| pred(k));
        let lo = j.saturating_sub(1) * STEP;
        let hi = (j * STEP).min(items.len());
        lo + items[lo..hi].partition_point(|t| pred(key(t)))
    }

    /// Approximate heap bytes held.
    pub fn heap_bytes(&self) -> usize {
        self.keys.len() * std::mem::size_of::<K>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equals_a_full_search() {
        // Repeated keys, and lengths that end on, before and after a guide entry.
        for len in [0, 1, STEP - 1, STEP, STEP + 1, 7 * STEP, 7 * STEP + 5] {
            let items: Vec<u32> = (0..len as u32).map(|i| i / 3 * 2).collect();
            let guide = Guide::new(&items, |&x| x);
            for p in 0..=(len as u32 * 2 / 3 + 2) {
                assert_eq!(
                    guide.partition_point(&items, |&x| x, |k| k <= p),
                    items.partition_point(|&x| x <= p),
                    "len {len}, <= {p}"
                );
                assert_eq!(
                    guide.partition_point(&items, |&x| x, |k| k < p),
                    items.partition_point(|&x| x < p),
                    "len {len}, < {p}"
                );
            }
        }
    }
}
