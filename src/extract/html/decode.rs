//! From the file's bytes to the characters the parser reads, keeping the way back: a
//! byte-order mark, else a `<meta charset>` (or `http-equiv` content type) in the first 1024
//! bytes, else UTF-8, as browsers decide. Bytes that are not characters of the encoding read
//! as U+FFFD, each mapped to the bytes it replaced, so a page with a stray Latin-1 byte is
//! still read and every position still maps to the file.

use std::borrow::Cow;

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use crate::extract::OriginMap;

/// The decoded document and how its offsets map to the file's.
pub(super) struct Input<'a> {
    /// The characters, as the parser reads them.
    pub text: Cow<'a, str>,
    /// How to get from `text` offsets to file offsets.
    pub map: InputMap,
}

/// From decoded offsets to file offsets.
pub(super) enum InputMap {
    /// The file is UTF-8 from this offset on (after a byte-order mark): add it.
    Shift(usize),
    /// Anything else: a map built character by character (runs of copied bytes merged).
    Map(OriginMap),
}

/// Decode `bytes`, an HTML document.
pub(super) fn decode(bytes: &[u8]) -> Input<'_> {
    let (enc, bom) = match Encoding::for_bom(bytes) {
        Some((enc, len)) => (enc, len),
        None => (sniff_meta(bytes).unwrap_or(UTF_8), 0),
    };
    let body = &bytes[bom..];
    if enc == UTF_8 {
        return match std::str::from_utf8(body) {
            Ok(s) => Input {
                text: Cow::Borrowed(s),
                map: InputMap::Shift(bom),
            },
            Err(_) => lossy_utf8(body, bom),
        };
    }
    if enc.is_single_byte() {
        // Every byte is one character: the k-th character came from byte k.
        let (text, _) = enc.decode_without_bom_handling(body);
        let mut map = OriginMap::default();
        for (k, (at, c)) in text.char_indices().enumerate() {
            map.push(at..at + c.len_utf8(), bom + k..bom + k + 1);
        }
        return Input {
            text: Cow::Owned(text.into_owned()),
            map: InputMap::Map(map),
        };
    }
    incremental(enc, body, bom)
}

/// UTF-8 with bad bytes: valid stretches copied, each bad sequence one U+FFFD.
fn lossy_utf8(body: &[u8], shift: usize) -> Input<'static> {
    let mut text = String::with_capacity(body.len() + 16);
    let mut map = OriginMap::default();
    let mut at = shift;
    for chunk in body.utf8_chunks() {
        let v = chunk.valid();
        let t = text.len();
        text.push_str(v);
        map.push(t..text.len(), at..at + v.len());
        at += v.len();
        let bad = chunk.invalid().len();
        if bad > 0 {
            let t = text.len();
            text.push('\u{FFFD}');
            map.push(t..text.len(), at..at + bad);
            at += bad;
        }
    }
    Input {
        text: Cow::Owned(text),
        map: InputMap::Map(map),
    }
}

/// Multi-byte encodings (UTF-16, Shift_JIS, GBK, ...): fed one byte at a time, each run of
/// characters the decoder gives mapped to the bytes read since the last.
fn incremental(enc: &'static Encoding, body: &[u8], shift: usize) -> Input<'static> {
    let mut dec = enc.new_decoder_without_bom_handling();
    let mut text = String::with_capacity(body.len() * 2);
    let mut map = OriginMap::default();
    let mut from = 0;
    for k in 0..=body.len() {
        let last = k == body.len();
        let input = if last { &[][..] } else { &body[k..k + 1] };
        let need = dec.max_utf8_buffer_length(input.len()).unwrap_or(16);
        text.reserve(need);
        let before = text.len();
        let _ = dec.decode_to_string(input, &mut text, last);
        if text.len() > before {
            let to = if last { body.len() } else { k + 1 };
            map.push(before..text.len(), shift + from..shift + to);
            from = to;
        }
    }
    Input {
        text: Cow::Owned(text),
        map: InputMap::Map(map),
    }
}

/// The encoding a `<meta>` in the first 1024 bytes declares, as the HTML prescan reads it (a
/// UTF-16 label means UTF-8 there, `x-user-defined` windows-1252).
fn sniff_meta(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = &bytes[..bytes.len().min(1024)];
    let lower: Vec<u8> = head.to_ascii_lowercase();
    let mut at = 0;
    while let Some(k) = memchr::memmem::find(&lower[at..], b"<meta") {
        let start = at + k + 5;
        let end = memchr::memchr(b'>', &lower[start..]).map_or(lower.len(), |e| start + e);
        let tag = &lower[start..end];
        at = end;
        let label = attr(tag, b"charset").or_else(|| {
            let equiv = attr(tag, b"http-equiv")?;
            if equiv != b"content-type" {
                return None;
            }
            let content = attr(tag, b"content")?;
            let k = memchr::memmem::find(content, b"charset")?;
            let rest = content[k + 7..].trim_ascii_start().strip_prefix(b"=")?;
            let rest = rest.trim_ascii_start();
            let rest = rest
                .strip_prefix(b"\"")
                .or_else(|| rest.strip_prefix(b"'"))
                .unwrap_or(rest);
            let stop = rest
                .iter()
                .position(|&c| matches!(c, b'"' | b'\'' | b';') || c.is_ascii_whitespace())
                .unwrap_or(rest.len());
            Some(&rest[..stop])
        });
        if let Some(enc) = label.and_then(Encoding::for_label) {
            return Some(if enc == UTF_16BE || enc == UTF_16LE {
                UTF_8
            } else if enc.name() == "x-user-defined" {
                WINDOWS_1252
            } else {
                enc
            });
        }
    }
    None
}

/// The value of attribute `name` in a lowercased tag's attribute text, reading the
/// attributes one by one (so a name inside another's value is not taken for it).
fn attr<'t>(tag: &'t [u8], name: &[u8]) -> Option<&'t [u8]> {
    let n = tag.len();
    let space = |c: u8| matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\x0C');
    let mut i = 0;
    while i < n {
        while i < n && (space(tag[i]) || tag[i] == b'/') {
            i += 1;
        }
        let start = i;
        while i < n && !space(tag[i]) && !matches!(tag[i], b'=' | b'/') {
            i += 1;
        }
        let key = &tag[start..i];
        while i < n && space(tag[i]) {
            i += 1;
        }
        let mut value: &[u8] = b"";
        if i < n && tag[i] == b'=' {
            i += 1;
            while i < n && space(tag[i]) {
                i += 1;
            }
            if let Some(&q @ (b'"' | b'\'')) = tag.get(i) {
                let v = &tag[i + 1..];
                let len = memchr::memchr(q, v).unwrap_or(v.len());
                value = &v[..len];
                i += 1 + len + 1;
            } else {
                let v = i;
                while i < n && !space(tag[i]) {
                    i += 1;
                }
                value = &tag[v..i];
            }
        }
        if key == name {
            return Some(value);
        }
        if i == start {
            i += 1;
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_span(input: &Input, a: usize, b: usize) -> (usize, usize) {
        match &input.map {
            InputMap::Shift(s) => (a + s, b + s),
            InputMap::Map(m) => {
                let r = m.span(a, b).expect("mapped");
                (r.start, r.end)
            }
        }
    }

    #[test]
    fn utf8_is_the_default_and_a_bom_shifts() {
        let i = decode(b"\xEF\xBB\xBF<p>caf\xC3\xA9</p>");
        assert_eq!(i.text, "<p>caf\u{e9}</p>");
        assert_eq!(file_span(&i, 3, 8), (6, 11));
    }

    #[test]
    fn a_declared_windows_1252_page_maps_each_character_to_its_byte() {
        let bytes = b"<meta charset=\"windows-1252\"><p>caf\xE9 \x93q\x94</p>";
        let i = decode(bytes);
        assert!(i.text.contains("caf\u{e9} \u{201c}q\u{201d}"), "{}", i.text);
        let at = i.text.find('\u{e9}').unwrap();
        assert_eq!(file_span(&i, at, at + 2), (35, 36));
        let q = i.text.find('q').unwrap();
        assert_eq!(file_span(&i, q, q + 1), (38, 39));
        let http = b"<meta http-equiv='Content-Type' content='text/html; charset=ISO-8859-1'>\xE9";
        assert!(decode(http).text.ends_with('\u{e9}'));
    }

    #[test]
    fn bad_utf8_reads_as_replacement_characters_mapped_to_the_bad_bytes() {
        let i = decode(b"ab\xFFcd");
        assert_eq!(i.text, "ab\u{FFFD}cd");
        assert_eq!(file_span(&i, 2, 5), (2, 3));
        assert_eq!(file_span(&i, 5, 7), (3, 5));
    }

    #[test]
    fn utf16_with_a_bom_is_read() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in "<p>hi</p>".encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        let i = decode(&bytes);
        assert_eq!(i.text, "<p>hi</p>");
        assert_eq!(file_span(&i, 3, 5), (8, 12));
    }
}
