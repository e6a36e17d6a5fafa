//! Quantities: a number with its scale, unit, currency, range and bound, read from tokens.
//!
//! "3.5m", "3.5 million" and "3,500,000" are one value; "15 percent", "15 per cent" and "15%"
//! one percentage; "a quarter of" is 25 %, "one in four" too; "twelve", "twenty-five" and "a
//! dozen" are numbers; "1980-1988" and "between 10 and 20" are ranges; "more than", "at
//! least", "up to", "nearly" bound a value. A quantity is an interval, so comparing a claim's
//! with the evidence's is one containment test.

use super::tokens::{Tk, Token};

/// What a quantity counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A plain number (people, years, items).
    Count,
    /// A share, in percent.
    Percent,
    /// Money in a currency (ISO code, "USD" for a bare `$`).
    Money(&'static str),
    /// A decade ("the 1970s").
    Decade,
}

/// How the text bounds the value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bound {
    /// The value itself.
    Exact,
    /// About, around, roughly, some, an estimated.
    About,
    /// Nearly, almost, close to: just below.
    Nearly,
    /// More than, over, above, exceeded.
    Above,
    /// At least, no fewer than, or more.
    AtLeast,
    /// Fewer than, less than, under, below.
    Below,
    /// At most, up to, no more than, as many as.
    AtMost,
}

/// A quantity in a text.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Quantity {
    /// Token range `[a, b)`, bound and unit words included.
    pub tokens: (usize, usize),
    /// The token holding the number itself.
    pub core: usize,
    /// The value, or the low end of a range.
    pub lo: f64,
    /// The high end of a range (equal to `lo` otherwise).
    pub hi: f64,
    /// What it counts.
    pub unit: Unit,
    /// How it is bounded.
    pub bound: Bound,
    /// "hundreds", "thousands": an order of magnitude, not a value.
    pub vague: bool,
    /// Written as a fraction ("a third"): equal to a percentage within one point.
    pub fraction: bool,
    /// A plain four-digit integer that reads as a year.
    pub year: bool,
    /// The canonical text shown when it is missing ("3500", "15%").
    pub text: String,
}

/// An interval of values; open ends are exclusive.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Interval {
    lo: f64,
    lo_open: bool,
    hi: f64,
    hi_open: bool,
}

impl Interval {
    /// True when every value of `other` is in `self` (up to rounding).
    fn contains(&self, other: &Interval) -> bool {
        let finite = |v: f64| if v.is_finite() { v.abs() } else { 0.0 };
        let eps = 1e-9 * finite(self.lo).max(finite(self.hi)).max(1.0);
        // Infinite ends are equal to themselves (their difference is NaN).
        let same = |x: f64, y: f64| x == y || (x - y).abs() <= eps;
        let lo_ok = other.lo > self.lo + eps
            || (same(other.lo, self.lo) && (!self.lo_open || other.lo_open));
        let hi_ok = other.hi < self.hi - eps
            || (same(other.hi, self.hi) && (!self.hi_open || other.hi_open));
        lo_ok && hi_ok
    }
}

/// How a claim's quantity relates to one of the evidence's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Relation {
    /// The evidence's quantity makes the claim's true.
    Holds,
    /// Same value, but the bounds disagree ("more than 3,000" vs "fewer than 3,000").
    BoundDiffers,
    /// Another value of the same kind.
    ValueDiffers,
    /// Not comparable (other units).
    Unrelated,
}

impl Quantity {
    fn base(&self) -> Interval {
        let (lo, hi) = if self.vague {
            // "hundreds": two hundred up to (not including) a thousand.
            (self.lo * 2.0, self.lo * 10.0)
        } else {
            (self.lo, self.hi)
        };
        Interval {
            lo,
            lo_open: false,
            hi,
            hi_open: self.vague,
        }
    }

    /// The values the text allows. A claim's "about 3,000" allows 10 % either way; the
    /// evidence's approximation is taken at its word, so a claim may drop "about" but not turn
    /// "nearly" or "more than" into the value itself.
    fn interval(&self, claim: bool) -> Interval {
        let b = self.base();
        let inf = f64::INFINITY;
        match self.bound {
            Bound::Exact => b,
            Bound::About if claim => Interval {
                lo: b.lo * 0.9,
                hi: b.hi * 1.1,
                ..b
            },
            Bound::About => b,
            Bound::Nearly => Interval {
                lo: b.lo * 0.9,
                lo_open: false,
                hi: b.hi,
                hi_open: !claim,
            },
            Bound::Above => Interval {
                lo: b.hi,
                lo_open: true,
                hi: inf,
                hi_open: true,
            },
            Bound::AtLeast => Interval {
                lo: b.lo,
                lo_open: false,
                hi: inf,
                hi_open: true,
            },
            Bound::Below => Interval {
                lo: -inf,
                lo_open: true,
                hi: b.lo,
                hi_open: true,
            },
            Bound::AtMost => Interval {
                lo: -inf,
                lo_open: true,
                hi: b.hi,
                hi_open: false,
            },
        }
    }

    fn units_agree(&self, ev: &Quantity) -> bool {
        match (self.unit, ev.unit) {
            (a, b) if a == b => true,
            // A claim may leave out the currency the evidence names.
            (Unit::Count, Unit::Money(_)) => true,
            _ => false,
        }
    }

    /// True when the two name the same value (bounds aside).
    pub fn same_value(&self, ev: &Quantity) -> bool {
        if !self.units_agree(ev) || self.vague != ev.vague {
            return false;
        }
        let tol = if self.fraction || ev.fraction {
            1.0
        } else {
            1e-9 * self.hi.abs().max(1.0)
        };
        (self.lo - ev.lo).abs() <= tol && (self.hi - ev.hi).abs() <= tol
    }

    /// How this claim quantity relates to the evidence quantity `ev`.
    pub fn relation(&self, ev: &Quantity) -> Relation {
        if !self.units_agree(ev) {
            return Relation::Unrelated;
        }
        if self.same_value(ev) {
            // Compare the bounds on one base, so a fraction's rounding cannot decide.
            let as_claims = Quantity {
                bound: ev.bound,
                ..self.clone()
            };
            return if self.interval(true).contains(&as_claims.interval(false)) {
                Relation::Holds
            } else {
                Relation::BoundDiffers
            };
        }
        if self.interval(true).contains(&ev.interval(false)) {
            Relation::Holds
        } else {
            Relation::ValueDiffers
        }
    }
}

/// Bound phrases, longest first within each start word; matched just before the number (or
/// its currency sign).
const BOUNDS_BEFORE: &[(&[&str], Bound)] = &[
    (&["more", "than"], Bound::Above),
    (&["greater", "than"], Bound::Above),
    (&["higher", "than"], Bound::Above),
    (&["in", "excess", "of"], Bound::Above),
    (&["upwards", "of"], Bound::Above),
    (&["just", "over"], Bound::Above),
    (&["just", "above"], Bound::Above),
    (&["over"], Bound::Above),
    (&["above"], Bound::Above),
    (&["exceeding"], Bound::Above),
    (&["exceeded"], Bound::Above),
    (&["exceeds"], Bound::Above),
    (&["exceed"], Bound::Above),
    (&["surpassed"], Bound::Above),
    (&["topped"], Bound::Above),
    (&["at", "least"], Bound::AtLeast),
    (&["no", "fewer", "than"], Bound::AtLeast),
    (&["no", "less", "than"], Bound::AtLeast),
    (&["not", "fewer", "than"], Bound::AtLeast),
    (&["not", "less", "than"], Bound::AtLeast),
    (&["a", "minimum", "of"], Bound::AtLeast),
    (&["fewer", "than"], Bound::Below),
    (&["less", "than"], Bound::Below),
    (&["lower", "than"], Bound::Below),
    (&["just", "under"], Bound::Nearly),
    (&["just", "below"], Bound::Nearly),
    (&["under"], Bound::Below),
    (&["below"], Bound::Below),
    (&["at", "most"], Bound::AtMost),
    (&["up", "to"], Bound::AtMost),
    (&["no", "more", "than"], Bound::AtMost),
    (&["not", "more", "than"], Bound::AtMost),
    (&["a", "maximum", "of"], Bound::AtMost),
    (&["as", "many", "as"], Bound::AtMost),
    (&["as", "much", "as"], Bound::AtMost),
    (&["as", "high", "as"], Bound::AtMost),
    (&["close", "to"], Bound::Nearly),
    (&["nearly"], Bound::Nearly),
    (&["almost"], Bound::Nearly),
    (&["an", "estimated"], Bound::About),
    (&["estimated"], Bound::About),
    (&["about"], Bound::About),
    (&["around"], Bound::About),
    (&["approximately"], Bound::About),
    (&["approx"], Bound::About),
    (&["roughly"], Bound::About),
    (&["some"], Bound::About),
    (&["circa"], Bound::About),
    (&["exactly"], Bound::Exact),
    (&["precisely"], Bound::Exact),
];

/// Bound phrases after the number ("3,000 or more").
const BOUNDS_AFTER: &[(&[&str], Bound)] = &[
    (&["or", "more"], Bound::AtLeast),
    (&["or", "above"], Bound::AtLeast),
    (&["or", "higher"], Bound::AtLeast),
    (&["or", "fewer"], Bound::AtMost),
    (&["or", "less"], Bound::AtMost),
    (&["or", "so"], Bound::About),
];

const UNITS: &[(&str, f64)] = &[
    ("zero", 0.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("twenty", 20.0),
    ("thirty", 30.0),
    ("forty", 40.0),
    ("fifty", 50.0),
    ("sixty", 60.0),
    ("seventy", 70.0),
    ("eighty", 80.0),
    ("ninety", 90.0),
    ("dozen", 12.0),
    // Spans of time written as one word count their years ("a decade" = ten years), so "ten
    // years" and "the last decade" agree and "five years" and "a decade" do not.
    ("decade", 10.0),
    ("century", 100.0),
];

const SCALES: &[(&str, f64)] = &[
    ("hundred", 1e2),
    ("thousand", 1e3),
    ("k", 1e3),
    ("million", 1e6),
    ("m", 1e6),
    ("mn", 1e6),
    ("mln", 1e6),
    ("billion", 1e9),
    ("bn", 1e9),
    ("b", 1e9),
    ("trillion", 1e12),
    ("tn", 1e12),
];

/// Fractions written as words, in percent.
const FRACTIONS: &[(&str, f64)] = &[
    ("half", 50.0),
    ("halves", 50.0),
    ("third", 100.0 / 3.0),
    ("thirds", 100.0 / 3.0),
    ("quarter", 25.0),
    ("quarters", 25.0),
    ("fifth", 20.0),
    ("fifths", 20.0),
    ("tenth", 10.0),
    ("tenths", 10.0),
];

/// "hundreds of", "thousands of": orders of magnitude.
const VAGUE: &[(&str, f64)] = &[
    ("dozens", 12.0),
    ("decades", 10.0),
    ("centuries", 100.0),
    ("hundreds", 1e2),
    ("thousands", 1e3),
    ("millions", 1e6),
    ("billions", 1e9),
];

const CURRENCY_SIGNS: &[(&str, &str)] = &[
    ("$", "USD"),
    ("€", "EUR"),
    ("£", "GBP"),
    ("¥", "JPY"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
];

const CURRENCY_WORDS: &[(&str, &str)] = &[
    ("dollar", "USD"),
    ("dollars", "USD"),
    ("euro", "EUR"),
    ("euros", "EUR"),
    ("pound", "GBP"),
    ("pounds", "GBP"),
    ("yen", "JPY"),
    ("usd", "USD"),
    ("eur", "EUR"),
    ("gbp", "GBP"),
];

fn lookup(table: &[(&str, f64)], w: &str) -> Option<f64> {
    table.iter().find(|(k, _)| *k == w).map(|(_, v)| *v)
}

/// The quantities of a token sequence, in order, not overlapping.
pub(crate) fn quantities(toks: &[Token]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < toks.len() {
        match quantity_at(toks, i) {
            Some(q) => {
                i = q.tokens.1.max(i + 1);
                out.push(q);
            }
            None => i += 1,
        }
    }
    out
}

/// A value starting at token `i`: (value, end, unit, vague, fraction), before scale words.
struct Value {
    v: f64,
    end: usize,
    unit: Unit,
    vague: bool,
    fraction: bool,
    plain: bool,
}

fn word(toks: &[Token], i: usize) -> Option<&str> {
    toks.get(i)
        .filter(|t| t.tk == Tk::Word)
        .map(|t| t.lower.as_str())
}

/// Parse a digit token: `None` for ordinals and unknown suffixes ("3rd", "5G").
fn digits(t: &Token) -> Option<Value> {
    let split = t
        .lower
        .find(|c: char| c.is_ascii_alphabetic())
        .unwrap_or(t.lower.len());
    let (num, suffix) = t.lower.split_at(split);
    let clean: String = num.chars().filter(|c| *c != ',').collect();
    let v: f64 = clean.parse().ok()?;
    let (mul, unit) = match suffix {
        "" => (1.0, Unit::Count),
        "s" if num.len() == 4 && v % 10.0 == 0.0 => (1.0, Unit::Decade),
        "pc" => (1.0, Unit::Percent),
        s => (lookup(SCALES, s)?, Unit::Count),
    };
    let plain = suffix.is_empty() && !num.contains(',') && !num.contains('.');
    Some(Value {
        v: v * mul,
        end: 0,
        unit,
        vague: false,
        fraction: false,
        plain,
    })
}

/// A number written in words at `i` ("twenty-five", "a dozen", "a quarter of", "one in
/// four", "hundreds of").
fn words_value(toks: &[Token], i: usize) -> Option<Value> {
    let w = word(toks, i)?;
    let mk = |v, end, unit, vague, fraction| Value {
        v,
        end,
        unit,
        vague,
        fraction,
        plain: false,
    };
    if let Some(v) = lookup(VAGUE, w) {
        // "tens of thousands" reads as thousands times ten.
        return Some(mk(v, i + 1, Unit::Count, true, false));
    }
    let article = matches!(w, "a" | "an" | "one");
    let count = if article { Some(1.0) } else { lookup(UNITS, w) };
    // Fractions: "a quarter of", "three quarters of", "half of", "half the".
    let frac_at = if article || count.is_some() { i + 1 } else { i };
    if let Some(f) = word(toks, frac_at).and_then(|f| lookup(FRACTIONS, f)) {
        let next = word(toks, frac_at + 1);
        let ordinal_before = i > 0
            && word(toks, i - 1).is_some_and(|p| {
                matches!(
                    p,
                    "first" | "second" | "third" | "fourth" | "last" | "the" | "this" | "next"
                )
            });
        if matches!(next, Some("of" | "the")) && !ordinal_before {
            return Some(mk(
                count.unwrap_or(1.0) * f,
                frac_at + 1,
                Unit::Percent,
                false,
                true,
            ));
        }
        return None;
    }
    // "one in four", "three out of four": a share.
    if let Some(n) = count {
        let (sep, at) = match (word(toks, i + 1), word(toks, i + 2)) {
            (Some("in"), _) => (true, i + 2),
            (Some("out"), Some("of")) => (true, i + 3),
            _ => (false, 0),
        };
        if sep {
            if let Some(d) = toks.get(at).and_then(simple_number) {
                if d > n && d <= 1000.0 {
                    return Some(mk(100.0 * n / d, at + 1, Unit::Percent, false, true));
                }
            }
        }
    }
    let mut v = count?;
    let mut end = i + 1;
    // "twenty-five", "twenty five"
    if v >= 20.0 && v % 10.0 == 0.0 {
        let skip = usize::from(toks.get(end).is_some_and(|t| t.is_punct('-')));
        if let Some(u) = word(toks, end + skip).and_then(|u| lookup(UNITS, u)) {
            if u < 10.0 {
                v += u;
                end += skip + 1;
            }
        }
    }
    // "a" and "one" alone are no number ("one of the main groups"); with a scale they are.
    let scaled = word(toks, end).is_some_and(|s| lookup(SCALES, s).is_some() && s.len() > 2);
    if article && !scaled {
        return None;
    }
    Some(mk(v, end, Unit::Count, false, false))
}

/// The value of a plain number token or number word ("four", "4").
fn simple_number(t: &Token) -> Option<f64> {
    match t.tk {
        Tk::Number => digits(t).filter(|v| v.unit == Unit::Count).map(|v| v.v),
        Tk::Word => lookup(UNITS, &t.lower),
        Tk::Punct => None,
    }
}

/// The quantity whose number starts at token `i`, if one does.
fn quantity_at(toks: &[Token], i: usize) -> Option<Quantity> {
    let t = &toks[i];
    let mut val = match t.tk {
        Tk::Number => Value {
            end: i + 1,
            ..digits(t)?
        },
        Tk::Word => words_value(toks, i)?,
        Tk::Punct => return None,
    };
    // Scale words: "3.5 million", "two hundred thousand".
    while let Some(s) = word(toks, val.end).and_then(|s| lookup(SCALES, s)) {
        if val.unit != Unit::Count || toks[val.end].lower.len() <= 2 && t.tk == Tk::Word {
            break;
        }
        val.v *= s;
        val.end += 1;
        val.plain = false;
    }
    let (mut lo, mut hi) = (val.v, val.v);
    let mut end = val.end;
    // Ranges: "1980-1988", "10–20%", "between 10 and 20", "from 10 to 20".
    let joiner = toks.get(end).map(|j| j.lower.as_str());
    let between = i > 0 && word(toks, i - 1).is_some_and(|p| p == "between" || p == "from");
    if matches!(joiner, Some("-" | "\u{2013}")) || (between && matches!(joiner, Some("and" | "to")))
    {
        if let Some(other) = toks
            .get(end + 1)
            .filter(|n| n.tk == Tk::Number)
            .and_then(digits)
        {
            let mut h = other.v;
            // "1979-81": the second year abbreviated.
            if val.plain && other.plain && lo >= 1000.0 && h < 100.0 {
                h += (lo / 100.0).floor() * 100.0;
            }
            if h > lo {
                hi = h;
                end += 2;
                while let Some(s) = word(toks, end).and_then(|s| lookup(SCALES, s)) {
                    lo *= s;
                    hi *= s;
                    end += 1;
                }
            }
        }
    }
    let mut unit = val.unit;
    // Units after: "%", "percent", "per cent", "dollars".
    match toks.get(end).map(|u| u.lower.as_str()) {
        Some("%" | "percent" | "pct" | "percentage") if unit == Unit::Count => {
            unit = Unit::Percent;
            end += 1;
            if word(toks, end).is_some_and(|p| p == "point" || p == "points") {
                end += 1;
            }
        }
        Some("per") if word(toks, end + 1) == Some("cent") && unit == Unit::Count => {
            unit = Unit::Percent;
            end += 2;
        }
        Some(w) => {
            if let Some((_, code)) = CURRENCY_WORDS.iter().find(|(k, _)| *k == w) {
                if unit == Unit::Count {
                    unit = Unit::Money(code);
                    end += 1;
                }
            }
        }
        None => {}
    }
    // Currency before: "$400,000", "US$ 5m", "€5bn".
    let mut start = i;
    if start > 0 {
        let sign = toks[start - 1].lower.as_str();
        if let Some((_, code)) = CURRENCY_SIGNS.iter().find(|(k, _)| *k == sign) {
            if unit == Unit::Count {
                unit = Unit::Money(code);
            }
            start -= 1;
            if start > 0
                && matches!(toks[start - 1].lower.as_str(), "us" | "a" | "c")
                && sign == "$"
            {
                start -= 1;
            }
        }
    }
    let (bound, start, end) = bounds(toks, start, end);
    let year = val.plain
        && unit == Unit::Count
        && lo == hi
        && (1000.0..=2100.0).contains(&lo)
        && t.lower.len() == 4;
    Some(Quantity {
        tokens: (start, end),
        core: i,
        lo,
        hi,
        unit,
        bound,
        vague: val.vague,
        fraction: val.fraction,
        year,
        text: canonical(toks, i, val.end, unit, lo, hi),
    })
}

/// The bound around a number spanning `[start, end)`, and the widened span.
fn bounds(toks: &[Token], start: usize, end: usize) -> (Bound, usize, usize) {
    for (phrase, bound) in BOUNDS_BEFORE {
        let n = phrase.len();
        if start >= n && (0..n).all(|k| word(toks, start - n + k) == Some(phrase[k])) {
            return (*bound, start - n, end);
        }
    }
    for (phrase, bound) in BOUNDS_AFTER {
        if (0..phrase.len()).all(|k| word(toks, end + k) == Some(phrase[k])) {
            return (*bound, start, end + phrase.len());
        }
    }
    (Bound::Exact, start, end)
}

/// How a missing quantity is listed: a plain number as today's `terms::numbers` writes it
/// ("3500"), anything else as written.
fn canonical(toks: &[Token], i: usize, end: usize, unit: Unit, lo: f64, hi: f64) -> String {
    let fmt = |v: f64| {
        if v.fract() == 0.0 && v.abs() < 1e15 {
            format!("{}", v as i64)
        } else {
            format!("{v}")
        }
    };
    let core = if toks[i].tk == Tk::Number && end == i + 1 && unit != Unit::Decade {
        if lo == hi {
            fmt(lo)
        } else {
            format!("{}-{}", fmt(lo), fmt(hi))
        }
    } else {
        toks[i..end]
            .iter()
            .map(|t| t.lower.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    };
    match unit {
        Unit::Percent if !core.ends_with('%') && toks[i].tk == Tk::Number => format!("{core}%"),
        _ => core,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tokens::tokenize;
    use super::*;

    fn q(text: &str) -> Vec<Quantity> {
        quantities(&tokenize(text))
    }

    fn one(text: &str) -> Quantity {
        let all = q(text);
        assert_eq!(all.len(), 1, "{text}: {all:?}");
        all.into_iter().next().unwrap()
    }

    #[test]
    fn scales_and_separators_are_one_value() {
        for t in [
            "3.5m people",
            "3.5 million people",
            "3,500,000 people",
            "3500000",
        ] {
            assert_eq!(one(t).lo, 3_500_000.0, "{t}");
        }
        assert_eq!(one("1,250").lo, one("1250").lo);
        assert_eq!(one("$1.2bn").unit, Unit::Money("USD"));
        assert_eq!(one("$1.2bn").lo, 1.2e9);
        assert_eq!(one("400,000 dollars").unit, Unit::Money("USD"));
    }

    #[test]
    fn percentages_fractions_and_words() {
        let p = one("15 percent of voters");
        assert_eq!((p.lo, p.unit), (15.0, Unit::Percent));
        assert!(p.same_value(&one("15%")));
        assert!(one("15 per cent").same_value(&one("15%")));
        assert!(one("a quarter of voters").same_value(&one("25 %")));
        assert!(one("one in four voters").same_value(&one("25%")));
        assert!(one("a third of them").same_value(&one("33%")));
        assert_eq!(one("twelve").lo, 12.0);
        assert_eq!(one("twenty-five").lo, 25.0);
        assert_eq!(one("a dozen").lo, 12.0);
        assert_eq!(one("two hundred").lo, 200.0);
        assert!(q("one of the main groups").is_empty());
        assert!(q("in the third quarter").is_empty());
    }

    #[test]
    fn ranges_years_and_bounds() {
        let r = one("the 1980-1988 war");
        assert_eq!((r.lo, r.hi, r.year), (1980.0, 1988.0, false));
        assert_eq!(one("1979-81").hi, 1981.0);
        assert!(one("in 2011").year);
        assert_eq!(one("the 1970s").unit, Unit::Decade);
        assert_eq!(one("more than 3,000").bound, Bound::Above);
        assert_eq!(one("fewer than 3,000").bound, Bound::Below);
        assert_eq!(one("at least 5").bound, Bound::AtLeast);
        assert_eq!(one("up to 200").bound, Bound::AtMost);
        assert_eq!(one("3,000 or more").bound, Bound::AtLeast);
    }

    #[test]
    fn relations() {
        use Relation::*;
        let rel = |c: &str, e: &str| one(c).relation(&one(e));
        assert_eq!(rel("more than 3,000", "fewer than 3,000"), BoundDiffers);
        assert_eq!(rel("3,000", "more than 3,000"), BoundDiffers);
        assert_eq!(rel("more than 3,000", "3,000"), BoundDiffers);
        assert_eq!(rel("at least 3,000", "more than 3,000"), Holds);
        assert_eq!(rel("3,000", "about 3,000"), Holds);
        assert_eq!(rel("about 3,000", "nearly 3,000"), Holds);
        assert_eq!(rel("3,000", "nearly 3,000"), BoundDiffers);
        assert_eq!(rel("4,000", "3,500"), ValueDiffers);
        assert_eq!(rel("more than 3,000", "3,500"), Holds);
        assert_eq!(rel("hundreds", "thousands"), ValueDiffers);
        assert_eq!(rel("15%", "15"), Unrelated);
        assert_eq!(rel("400,000", "$400,000"), Holds);
    }
}
