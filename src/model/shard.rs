//! Which share of a run a report covers.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The most shards a run may be split into (`check --shard K/N` with `N` at most this). Far
/// above any CI matrix or batch of machines; small enough that what is kept per shard (one
/// slot each when `merge` checks every shard is there) stays trivial. A shard report carries
/// its count, and a report may come from anywhere, so `merge` holds it to the same bound.
pub const MAX_SHARDS: usize = 10_000;

/// One shard of a run: `index` (1-based) of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shard {
    /// 1-based shard number, `1..=count`.
    pub index: usize,
    /// Number of shards.
    pub count: usize,
}

impl Shard {
    /// Why this shard is not one a run can have (`index` outside `1..=count`, `count` above
    /// [`MAX_SHARDS`]), in words; `None` when it is valid.
    pub fn invalid(&self) -> Option<String> {
        if self.count == 0 || self.count > MAX_SHARDS {
            return Some(format!(
                "a run of {} shards: the count must be from 1 to {MAX_SHARDS}",
                self.count
            ));
        }
        if self.index == 0 || self.index > self.count {
            return Some(format!(
                "shard {} of {}: the index must be from 1 to {}",
                self.index, self.count, self.count
            ));
        }
        None
    }

    /// True when the entry at `position` (0-based, in sorted entry order) belongs to this shard.
    pub fn owns(&self, position: usize) -> bool {
        position % self.count == self.index - 1
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Shard, String> {
        let bad = || {
            format!("`{s}` is not a shard: write K/N with 1 <= K <= N <= {MAX_SHARDS}, e.g. 2/8")
        };
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let index: usize = k.trim().parse().map_err(|_| bad())?;
        let count: usize = n.trim().parse().map_err(|_| bad())?;
        let shard = Shard { index, count };
        match shard.invalid() {
            Some(_) => Err(bad()),
            None => Ok(shard),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_k_of_n() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { index: 2, count: 8 }));
        assert!("0/3".parse::<Shard>().is_err());
        assert!("4/3".parse::<Shard>().is_err());
        assert!("3".parse::<Shard>().is_err());
        assert!("1/0".parse::<Shard>().is_err());
        assert!(format!("1/{MAX_SHARDS}").parse::<Shard>().is_ok());
        assert!(format!("1/{}", MAX_SHARDS + 1).parse::<Shard>().is_err());
        assert!("1/18446744073709551615".parse::<Shard>().is_err());
    }

    #[test]
    fn shards_cover_every_position_once() {
        let shards: Vec<Shard> = (1..=3).map(|k| Shard { index: k, count: 3 }).collect();
        for p in 0..10 {
            assert_eq!(shards.iter().filter(|s| s.owns(p)).count(), 1);
        }
    }
}
