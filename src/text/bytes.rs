//! A little-endian binary codec for derived data kept between runs (the cache's payloads):
//! numbers, strings and `u32` arrays, written as [`Pieces`] (borrowed where they can be) and
//! read back by a [`Reader`]. Every read is checked (`None` past the end or on a bad string),
//! so a damaged payload is refused, never a panic.

use std::borrow::Cow;

/// A value kept between runs: what it is written as (read back by its own checked decoder,
/// which needs the context it belongs to: the text, the sources).
pub trait Encode {
    /// The value's payload.
    fn pieces(&self) -> Pieces<'_>;
}

/// A payload as pieces, borrowed where they can be: a 100 MB text or a table of `u32` goes to
/// the cache file as it lies in memory, not copied into one buffer first.
#[derive(Debug, Default)]
pub struct Pieces<'a>(pub Vec<Cow<'a, [u8]>>);

impl<'a> Pieces<'a> {
    /// Append a number.
    pub fn u64(&mut self, v: u64) {
        self.0.push(v.to_le_bytes().to_vec().into());
    }

    /// Append a length-prefixed string (borrowed).
    pub fn str(&mut self, s: &'a str) {
        self.u64(s.len() as u64);
        self.0.push(s.as_bytes().into());
    }

    /// Append a length-prefixed array of `u32` (a borrowed one stays borrowed where memory is
    /// little-endian, the format's order).
    pub fn u32s(&mut self, values: impl Into<Cow<'a, [u32]>>) {
        let values = values.into();
        self.u64(values.len() as u64);
        match values {
            Cow::Borrowed(v) if cfg!(target_endian = "little") => {
                self.0.push(bytemuck::cast_slice(v).into())
            }
            v => self.0.push(
                v.iter()
                    .flat_map(|x| x.to_le_bytes())
                    .collect::<Vec<u8>>()
                    .into(),
            ),
        }
    }

    /// The pieces as slices.
    pub fn slices(&self) -> Vec<&[u8]> {
        self.0.iter().map(|p| p.as_ref()).collect()
    }

    /// All the pieces in one buffer.
    pub fn concat(&self) -> Vec<u8> {
        self.0.concat()
    }
}

/// Reads what [`Pieces`] wrote.
#[derive(Debug)]
pub struct Reader<'a>(pub &'a [u8]);

impl<'a> Reader<'a> {
    /// Read a number.
    pub fn u64(&mut self) -> Option<u64> {
        let (head, rest) = self.0.split_first_chunk::<8>()?;
        self.0 = rest;
        Some(u64::from_le_bytes(*head))
    }

    /// Read a number that must fit in memory as a count or offset.
    pub fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.u64()?).ok()
    }

    /// Read `len` raw bytes.
    fn take(&mut self, len: usize) -> Option<&'a [u8]> {
        if len > self.0.len() {
            return None;
        }
        let (s, rest) = self.0.split_at(len);
        self.0 = rest;
        Some(s)
    }

    /// Read a length-prefixed string.
    pub fn str(&mut self) -> Option<&'a str> {
        let len = self.usize()?;
        std::str::from_utf8(self.take(len)?).ok()
    }

    /// Read a length-prefixed array of `u32`.
    pub fn u32s(&mut self) -> Option<Vec<u32>> {
        let len = self.usize()?;
        let raw = self.take(len.checked_mul(4)?)?;
        Some(
            raw.chunks_exact(4)
                .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        )
    }

    /// True when everything was read.
    pub fn is_done(&self) -> bool {
        self.0.is_empty()
    }
}

/// `bytes` damaged as the decoders' tests want it: the byte at `at` xor `flip`, or, with `cut`,
/// everything from `at` on gone.
#[cfg(test)]
pub(crate) fn damage(
    mut bytes: Vec<u8>,
    at: proptest::sample::Index,
    flip: u8,
    cut: bool,
) -> Vec<u8> {
    let i = at.index(bytes.len());
    if cut {
        bytes.truncate(i);
    } else {
        bytes[i] ^= flip;
    }
    bytes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_round_trip_and_a_damaged_payload_reads_as_none() {
        let mut p = Pieces::default();
        p.str("text");
        p.u64(7);
        p.u32s(&[1, u32::MAX, 0][..]);
        p.u32s(vec![5, 6]);
        let w = p.concat();
        let mut r = Reader(&w);
        assert_eq!(
            (r.str(), r.u64(), r.u32s(), r.u32s(), r.is_done()),
            (
                Some("text"),
                Some(7),
                Some(vec![1, u32::MAX, 0]),
                Some(vec![5, 6]),
                true
            )
        );
        let mut r = Reader(&w[..10]);
        assert_eq!(r.str(), None);
        let mut huge = Pieces::default();
        huge.u64(u64::MAX);
        let huge = huge.concat();
        assert_eq!(Reader(&huge).str(), None);
        assert_eq!(Reader(&huge).u32s(), None, "a length that overflows");
        let mut cut = Pieces::default();
        cut.u32s(&[1, 2, 3][..]);
        let cut = cut.concat();
        assert_eq!(Reader(&cut[..cut.len() - 1]).u32s(), None);
    }
}
