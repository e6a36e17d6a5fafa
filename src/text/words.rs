//! Words: the unit of approximate matching, word diffs and duplicate detection.
//!
//! A word is a maximal run of alphanumeric characters in normalized text; punctuation and
//! whitespace separate words and are ignored when comparing word sequences. Each word has a
//! case-insensitive 32-bit key (full Unicode case folding, see [`fold_char`]), so `THEY` and
//! `they`, `STRASSE` and `Straße` compare equal for locating while the original letters stay
//! available for the diff.
//!
//! Scripts written without spaces between words have no such runs. Chinese and Japanese
//! (Han ideographs, Hiragana, Katakana): every character is a word of its own, so one changed
//! character in a long sentence is one changed word, and where a word starts never depends on
//! the text before it. Thai, Lao, Khmer and Myanmar: a run of the script is cut into words by
//! Unicode word segmentation with dictionaries (`icu_segmenter`); as the cut depends on the
//! whole run, a reader restarting inside one backs up to its start (see [`run_start`]).

use std::sync::LazyLock;

use caseless::Caseless;
use icu_segmenter::options::WordBreakInvariantOptions;
use icu_segmenter::{WordSegmenter, WordSegmenterBorrowed};

/// A word: its byte range in the text it was read from and its case-insensitive key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Word {
    /// Start byte offset.
    pub start: usize,
    /// End byte offset (exclusive).
    pub end: usize,
    /// Case-insensitive hash of the word.
    pub key: u32,
}

#[inline]
fn is_word_byte_ascii(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

/// The first position from `at` on whose byte is not an ASCII byte `take` accepts.
#[inline(always)]
fn skip_ascii(bytes: &[u8], at: usize, take: impl Fn(u8) -> bool) -> usize {
    let rest = bytes.get(at..).unwrap_or_default();
    at + rest
        .iter()
        .position(|&b| !(b.is_ascii() && take(b)))
        .unwrap_or(rest.len())
}

/// Whether `c` is a Han ideograph, Hiragana or Katakana character: a word by itself.
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3005 | 0x3007 // 々 〇
        | 0x3040..=0x30FF // Hiragana, Katakana
        | 0x31F0..=0x31FF // Katakana phonetic extensions
        | 0x3400..=0x4DBF // Han extension A
        | 0x4E00..=0x9FFF // Han
        | 0xF900..=0xFAFF // Han compatibility
        | 0xFF66..=0xFF9F // halfwidth Katakana (NFKC widens it; quotes may not be normalized)
        | 0x20000..=0x3FFFF // Han extensions B and later
    )
}

/// Whether `c` belongs to a script written without spaces whose words a dictionary finds:
/// Thai, Lao, Myanmar, Khmer.
pub fn is_dictionary_script(c: char) -> bool {
    matches!(c as u32, 0x0E00..=0x0EFF | 0x1000..=0x109F | 0x1780..=0x17FF | 0x19E0..=0x19FF)
}

/// Whether a word boundary may fall between `a` and `b` only when it is a word boundary of the
/// text: both are letters or digits of a script written with spaces. Between characters of an
/// unspaced script any place may start a word (a quote of two Chinese characters is found
/// inside a longer run of them).
pub fn inside_word(a: char, b: char) -> bool {
    let spaced = |c: char| c.is_alphanumeric() && !is_ideograph(c) && !is_dictionary_script(c);
    spaced(a) && spaced(b)
}

/// Call `f` with the case folding of `c`: Unicode's full default case folding (`ß` folds to
/// `ss`, final `ς` to `σ`), and both Turkish i's (`İ`, `ı`) folded to `i`, so that every case
/// pairing of the i's compares as a case difference. Folding only decides which words are the
/// same word ignoring case; the letters as written still tell a case-only change from none.
#[inline]
pub fn fold_char(c: char, mut f: impl FnMut(char)) {
    if c.is_ascii() {
        f(c.to_ascii_lowercase());
        return;
    }
    match c {
        '\u{130}' | '\u{131}' => f('i'),
        _ => std::iter::once(c).default_case_fold().for_each(f),
    }
}

/// `s` case-folded (see [`fold_char`]): what case-insensitive comparisons compare.
pub fn fold_case(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        fold_char(c, |l| out.push(l));
    }
    out
}

/// The case-insensitive key of the word `w` (what [`words`] gives it).
pub fn key_of(w: &str) -> u32 {
    let mut h = Hasher::new();
    for c in w.chars() {
        h.char(c);
    }
    h.finish()
}

/// Iterate over the words of `text`.
pub fn words(text: &str) -> impl Iterator<Item = Word> + '_ {
    WordIter::<true> {
        text,
        pos: 0,
        queued: Vec::new(),
    }
}

/// How many words `text` has: `words(text).count()`, without computing their keys, and
/// stretches of ASCII counted by their words' first letters, without branching at every
/// word (the tokenizer's cost on mostly ASCII text is its mispredicted branches at word
/// ends).
///
/// Exact because text splits at an ASCII separator: no word, ideograph or dictionary run
/// spans one, so the words of `text` are those of the text before it and those from it on
/// (as the parallel builds already rely on). Every stretch up to the last ASCII separator
/// before a non-ASCII byte is counted fast; from there to the next ASCII separator, the
/// tokenizer counts.
pub fn count_words(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut n = 0;
    let mut at = 0; // the start, or an ASCII separator
    while at < bytes.len() {
        let q = at + first_non_ascii(&bytes[at..]);
        if q == bytes.len() {
            return n + count_ascii_words(&bytes[at..]);
        }
        let s = bytes[at..q]
            .iter()
            .rposition(|&b| !is_word_byte_ascii(b))
            .map_or(at, |p| at + p);
        n += count_ascii_words(&bytes[at..s]);
        let e = bytes[q..]
            .iter()
            .position(|&b| b.is_ascii() && !is_word_byte_ascii(b))
            .map_or(bytes.len(), |p| q + p);
        n += WordIter::<false> {
            text: &text[s..e],
            pos: 0,
            queued: Vec::new(),
        }
        .count();
        at = e;
    }
    n
}

/// Offset of the first non-ASCII byte of `bytes` (its length when there is none).
fn first_non_ascii(bytes: &[u8]) -> usize {
    const BLOCK: usize = 64;
    let mut at = 0;
    for block in bytes.chunks(BLOCK) {
        if !block.is_ascii() {
            return at + block.iter().position(|b| !b.is_ascii()).unwrap_or(0);
        }
        at += block.len();
    }
    bytes.len()
}

/// The words of ASCII `bytes`: runs of letters and digits, counted by their first byte,
/// without a branch a byte (vectorized).
fn count_ascii_words(bytes: &[u8]) -> usize {
    #[inline(always)]
    fn word(b: u8) -> u8 {
        // `is_ascii_alphanumeric` as arithmetic: `b | 0x20` maps A-Z onto a-z and nothing
        // else onto them.
        u8::from((b | 0x20).wrapping_sub(b'a') < 26) | u8::from(b.wrapping_sub(b'0') < 10)
    }
    let Some(&first) = bytes.first() else {
        return 0;
    };
    let mut n = usize::from(word(first));
    // Summed in blocks small enough for a u8 sum, so the loop stays vectorized.
    for (cur, prev) in bytes[1..].chunks(255).zip(bytes.chunks(255)) {
        let starts: u8 = cur
            .iter()
            .zip(prev)
            .map(|(&c, &p)| word(c) & !word(p) & 1)
            .fold(0, u8::wrapping_add);
        n += usize::from(starts);
    }
    n
}

/// The words of `text` collected.
pub fn word_vec(text: &str) -> Vec<Word> {
    words(text).collect()
}

/// Where the words holding byte `at` of `text` were cut from: the start of the dictionary-script
/// run (or of its chunk of 4,096 bytes, `CHUNK`) that holds `at`, `at` itself when the
/// character before it is not of such a script. A reader that starts at a word inside a run
/// must start there to cut the run into the same words.
pub fn run_start(text: &str, at: usize) -> usize {
    let mut start = at;
    for (i, c) in text[..at].char_indices().rev() {
        if is_dictionary_script(c) {
            start = i;
        } else if !is_combining(c) {
            break;
        }
    }
    // The chunk of the run holding `at`.
    while start < at {
        let end = chunk_end(text, start);
        if end > at {
            break;
        }
        start = end;
    }
    start
}

/// Most bytes of a dictionary-script run segmented at once. A run is normally a phrase or a
/// sentence (these scripts put spaces between them, and normal form turns line breaks into
/// spaces); a text without any would otherwise be segmented whole every time a reader starts
/// inside it. Longer runs are cut in chunks of this size, counted from the run's start.
const CHUNK: usize = 4096;

/// End of the chunk of the dictionary-script run that starts at `start`: the run's end, or the
/// first character boundary at least [`CHUNK`] bytes on that does not split a character from
/// its combining marks.
fn chunk_end(text: &str, start: usize) -> usize {
    let mut end = start;
    for (i, c) in text[start..].char_indices() {
        let at = start + i;
        let inside = is_dictionary_script(c) || is_combining(c);
        if !inside || (at >= start + CHUNK && !is_combining(c)) {
            return at;
        }
        end = at + c.len_utf8();
    }
    end
}

fn is_combining(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c)
}

/// The dictionary word segmenter, built once.
static SEGMENTER: LazyLock<WordSegmenterBorrowed<'static>> =
    LazyLock::new(|| WordSegmenter::new_dictionary(WordBreakInvariantOptions::default()));

/// The words of a text; with `KEYS` false, every word's key is 0 (for counting).
struct WordIter<'a, const KEYS: bool> {
    text: &'a str,
    pos: usize,
    /// Words of a dictionary-script run cut ahead, last first.
    queued: Vec<Word>,
}

impl<const KEYS: bool> WordIter<'_, KEYS> {
    /// Cut the dictionary-script run (or chunk of one) starting at `start` into words; queue
    /// them and return the first.
    fn run(&mut self, start: usize) -> Option<Word> {
        let end = chunk_end(self.text, start);
        let run = &self.text[start..end];
        self.pos = end;
        let cuts: Vec<usize> = SEGMENTER.segment_str(run).collect();
        self.queued = cuts
            .windows(2)
            .rev()
            .filter(|w| run[w[0]..w[1]].chars().any(char::is_alphanumeric))
            .map(|w| Word {
                start: start + w[0],
                end: start + w[1],
                key: if KEYS { key_of(&run[w[0]..w[1]]) } else { 0 },
            })
            .collect();
        self.queued.pop()
    }
}

impl<const KEYS: bool> Iterator for WordIter<'_, KEYS> {
    type Item = Word;

    fn next(&mut self) -> Option<Word> {
        if let Some(w) = self.queued.pop() {
            return Some(w);
        }
        loop {
            let bytes = self.text.as_bytes();
            // ASCII separators first, in a tight loop (most of a text); then any other
            // character the loop after it judges.
            self.pos = skip_ascii(bytes, self.pos, |b| !is_word_byte_ascii(b));
            // Skip separators. A dictionary-script character starts a run even when it is
            // punctuation of its script: the run is cut from its first character, wherever a
            // reader started (see `run_start`).
            while self.pos < bytes.len() {
                let b = bytes[self.pos];
                if b.is_ascii() {
                    if is_word_byte_ascii(b) {
                        break;
                    }
                    self.pos += 1;
                } else {
                    let c = self.text[self.pos..].chars().next()?;
                    if c.is_alphanumeric() || is_dictionary_script(c) {
                        break;
                    }
                    self.pos += c.len_utf8();
                }
            }
            if self.pos >= bytes.len() {
                return None;
            }
            let start = self.pos;
            let mut h = Hasher::new();
            if !bytes[start].is_ascii() {
                let c = self.text[start..].chars().next()?;
                if is_dictionary_script(c) {
                    // A run of punctuation alone holds no word: go on after it.
                    match self.run(start) {
                        Some(w) => return Some(w),
                        None => continue,
                    }
                }
                if is_ideograph(c) {
                    // One character, with any combining marks after it.
                    if KEYS {
                        h.char(c);
                    }
                    self.pos += c.len_utf8();
                    for m in self.text[self.pos..]
                        .chars()
                        .take_while(|&m| is_combining(m))
                    {
                        if KEYS {
                            h.char(m);
                        }
                        self.pos += m.len_utf8();
                    }
                    return Some(Word {
                        start,
                        end: self.pos,
                        key: if KEYS { h.finish() } else { 0 },
                    });
                }
            }
            // The ASCII letters and digits of the word in a tight loop; then any other
            // character the loop after it judges.
            let from = self.pos;
            self.pos = skip_ascii(bytes, from, is_word_byte_ascii);
            if KEYS {
                for &b in &bytes[from..self.pos] {
                    h.byte(b.to_ascii_lowercase());
                }
            }
            while self.pos < bytes.len() {
                let b = bytes[self.pos];
                if b.is_ascii() {
                    if !is_word_byte_ascii(b) {
                        break;
                    }
                    if KEYS {
                        h.byte(b.to_ascii_lowercase());
                    }
                    self.pos += 1;
                } else {
                    let Some(c) = self.text[self.pos..].chars().next() else {
                        break;
                    };
                    if !(c.is_alphanumeric() || is_combining(c))
                        || is_ideograph(c)
                        || is_dictionary_script(c)
                    {
                        break;
                    }
                    if KEYS {
                        h.char(c);
                    }
                    self.pos += c.len_utf8();
                }
            }
            return Some(Word {
                start,
                end: self.pos,
                key: if KEYS { h.finish() } else { 0 },
            });
        }
    }
}

/// FNV-1a, 32-bit: fast, and good enough for keys that are always verified or only vote.
struct Hasher(u32);

impl Hasher {
    fn new() -> Self {
        Hasher(0x811c_9dc5)
    }
    #[inline]
    fn byte(&mut self, b: u8) {
        self.0 ^= u32::from(b);
        self.0 = self.0.wrapping_mul(0x0100_0193);
    }
    /// Hash `c` case-folded, as UTF-8 bytes.
    #[inline]
    fn char(&mut self, c: char) {
        fold_char(c, |l| {
            let mut buf = [0u8; 4];
            for &x in l.encode_utf8(&mut buf).as_bytes() {
                self.byte(x);
            }
        });
    }
    fn finish(&self) -> u32 {
        // Avoid 0 so it can never collide with an "empty" marker.
        self.0 | 1
    }
}

/// Combine word keys into one n-gram key.
#[inline]
pub fn ngram_key(keys: &[u32]) -> u64 {
    let mut h: u64 = 0x9E37_79B9_7F4A_7C15;
    for &k in keys {
        h = (h ^ u64::from(k)).wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 29;
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_punctuation_and_ignores_case() {
        let t = "THEY do-not, Iran’s café";
        let w: Vec<&str> = words(t).map(|w| &t[w.start..w.end]).collect();
        assert_eq!(w, ["THEY", "do", "not", "Iran", "s", "café"]);
        let a = word_vec("They");
        let b = word_vec("tHEY");
        assert_eq!(a[0].key, b[0].key);
        assert_ne!(word_vec("they")[0].key, word_vec("them")[0].key);
    }

    fn texts(t: &str) -> Vec<&str> {
        words(t).map(|w| &t[w.start..w.end]).collect()
    }

    #[test]
    fn han_and_kana_are_a_word_per_character() {
        assert_eq!(
            texts("MEK的成员说：“不。”カタカナ"),
            ["MEK", "的", "成", "员", "说", "不", "カ", "タ", "カ", "ナ"]
        );
        // Korean is written with spaces: its words stay whole.
        assert_eq!(texts("한국어 단어"), ["한국어", "단어"]);
    }

    #[test]
    fn thai_is_cut_by_its_dictionary() {
        // The segmenter's own example: "every two weeks".
        assert_eq!(texts("ทุกสองสัปดาห์"), ["ทุก", "สอง", "สัปดาห์"]);
        let t = "abc ทุกสองสัปดาห์";
        assert_eq!(run_start(t, t.find("สอง").unwrap()), 4);
        assert_eq!(run_start(t, 4), 4);
        assert_eq!(run_start(t, 2), 2);
        // A run longer than a chunk is cut in chunks counted from its start, and a reader
        // starting anywhere in it gets the words a reader from the start got.
        // Runs of the script's punctuation alone hold no words (and many of them in a row are
        // no trouble).
        assert_eq!(words(&"๏ ".repeat(100_000)).count(), 0);
        let long = format!("x ๏{}", "ทุกสองสัปดาห์".repeat(1000));
        let all: Vec<Word> = words(&long).collect();
        assert!(all.iter().all(|w| w.end - w.start <= CHUNK));
        for w in all.iter().step_by(97) {
            let from = run_start(&long, w.start);
            assert!(w.start - from <= CHUNK + 16);
            let again = words(&long[from..])
                .map(|v| (v.start + from, v.end + from))
                .find(|&(a, _)| a >= w.start);
            assert_eq!(again, Some((w.start, w.end)));
        }
    }

    #[test]
    fn keys_fold_case_fully() {
        let key = |t: &str| word_vec(t)[0].key;
        for (a, b) in [
            ("STRASSE", "Straße"),
            ("strasse", "STRAẞE"),
            ("ΣΟΦΟΣ", "σοφος"),
            ("σοφοσ", "σοφος"),
            ("İstanbul", "istanbul"),
            ("ISTANBUL", "ıstanbul"),
        ] {
            assert_eq!(key(a), key(b), "{a} {b}");
            assert_eq!(fold_case(a), fold_case(b), "{a} {b}");
        }
        assert_ne!(key("strasse"), key("strase"));
        assert_eq!(key_of("Straße"), key("STRASSE"));
    }

    /// The tokenizer before unspaced scripts and full folding: runs of letters, digits and
    /// combining marks, keys from lowercase letters.
    fn old_words(text: &str) -> Vec<Word> {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        let mut out = Vec::new();
        let mut k = 0;
        while k < chars.len() {
            if !chars[k].1.is_alphanumeric() {
                k += 1;
                continue;
            }
            let start = chars[k].0;
            let mut h = Hasher::new();
            while k < chars.len() && (chars[k].1.is_alphanumeric() || is_combining(chars[k].1)) {
                for l in chars[k].1.to_lowercase() {
                    let mut buf = [0u8; 4];
                    for &x in l.encode_utf8(&mut buf).as_bytes() {
                        h.byte(x);
                    }
                }
                k += 1;
            }
            let end = chars.get(k).map_or(text.len(), |c| c.0);
            out.push(Word {
                start,
                end,
                key: h.finish(),
            });
        }
        out
    }

    #[test]
    fn counting_words_counts_the_words_read() {
        let vocab = [
            "ทุกสองสัปดาห์ประชาชนไปตลาด ",
            "๏ ",
            "我们今天去北京看朋友",
            "MEK的成员 ",
            "alpha, ",
            "Straße ",
            "e\u{301}x ",
            "café-au-lait ",
            "42 ",
            "  \n",
        ];
        for seed in 0..20 {
            let t = crate::text::random_text(&vocab, seed, 3000);
            assert_eq!(count_words(&t), words(&t).count(), "seed {seed}");
        }
        let long_thai = format!("x ๏{}y, z", "ทุกสองสัปดาห์".repeat(1000));
        for t in [
            "é",
            "éa b",
            "a bé",
            "ab\u{301}c d",
            "的的 x",
            "x,的",
            "—a—",
            long_thai.as_str(),
            "a b c d e f g h i j k l m n o p q r s t u v w x y z "
                .repeat(40)
                .as_str(),
        ] {
            assert_eq!(count_words(t), words(t).count(), "{t}");
        }
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("a"), 1);
        assert_eq!(count_words(" a  b,c "), 3);
    }

    proptest::proptest! {
        /// Text in spaced scripts (where folding and lowercasing agree) is cut and keyed exactly
        /// as before: only unspaced scripts and case folding changed the words.
        #[test]
        fn spaced_scripts_tokenize_as_before(pieces in proptest::collection::vec(
            proptest::sample::select(vec![
                "the", "Iran", "MEK’s", " ", "  ", ",", "-", "é", "e\u{301}", "Ünïcode", "42",
                "ω", "Ж", "\n", ".", "x1",
            ]), 0..30)) {
            let t = pieces.concat();
            proptest::prop_assert_eq!(word_vec(&t), old_words(&t));
            proptest::prop_assert_eq!(count_words(&t), old_words(&t).len());
        }
    }
}
