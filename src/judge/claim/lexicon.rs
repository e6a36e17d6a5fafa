//! The curated vocabulary of the claim rules: synonym and derivation groups (what a faithful
//! paraphrase may swap), opposite pairs (what it may not), demonyms, and the words that are
//! rule cues rather than content.
//!
//! Every list is plain data, matched on Snowball stems, so an inflection of a listed word
//! matches too ("acquired" is "acquire"). Irregular forms are listed explicitly ("rose",
//! "bought"). A stem belongs to at most one group (a unit test checks it), so a word never
//! means two things at once.

use std::collections::HashMap;
use std::sync::LazyLock;

use super::tokens::key;

/// Words a paraphrase may use for one another, one group a line: the same event or property
/// as reporting states it (inflections, derivations and irregular forms included).
const SYNONYMS: &[&str] = &[
    // Direction of change.
    "increase rise rose risen grow grew grown growth climb jump surge soar gain boost raise expand expansion up",
    "decrease fall fell fallen drop decline shrink shrank shrunk slump plunge reduce reduction cut dip sink sank sunk tumble slide slid diminish lessen down",
    "high higher highest",
    "low lower lowest",
    // Transactions and corporate events.
    "buy bought purchase acquire acquisition takeover",
    "sell sold divest divestiture",
    "hire hired employ recruit",
    "fire sack layoff redundancy",
    "company firm corporation business enterprise",
    "profit profitable earnings",
    "loss lose lost losing",
    "win won victory triumph",
    "revenue turnover",
    // Speech and stance.
    "state declare assert",
    "say said tell told",
    "announce announcement",
    "support supporter endorse endorsement favor favour advocate",
    "oppose opposition opponent resist resistance",
    "approve approval authorize authorise ratify",
    "reject rejection rebuff spurn dismiss dismissive dismissal",
    "accept acceptance",
    "like love adore admire affinity fondness sympathy",
    "hate hatred detest despise loathe dislike abhor disdain aversion distaste antipathy contempt",
    "criticize criticise criticism critic condemn condemnation denounce",
    "praise commend laud applaud hail",
    "confirm confirmation verify corroborate",
    "deny denial refute",
    "admit acknowledge",
    "agree agreement consent",
    "allow permit enable",
    "ban prohibit forbid outlaw",
    "help aid assist",
    "show demonstrate reveal",
    "find found discover",
    "start begin began begun launch commence",
    "end finish conclude halt cease",
    "die died death dead deceased",
    "kill killing slay slain",
    // Size, strength, importance.
    "significant considerable substantial sizable sizeable noticeable notable",
    "large big huge",
    "small tiny slight modest",
    "strong strength strengthen robust powerful",
    "weak weakness weaken fragile",
    "important crucial vital essential key",
    "fast quick rapid swift",
    "slow gradual",
    "rich wealthy affluent",
    "poor impoverished poverty",
    "improve improvement",
    "worsen deteriorate deterioration",
    "good better best",
    "bad worse worst",
    "success succeed successful",
    "failure",
    "popular popularity",
    "dangerous danger risky hazardous",
    "safe safety",
    "true correct accurate",
    "false wrong inaccurate incorrect",
    "legal lawful",
    "illegal unlawful illicit",
    "guilty",
    "innocent",
    "convict conviction",
    "acquit acquittal",
    "friend ally",
    "enemy foe adversary",
    "young younger youth",
    "old older elderly",
    "before prior earlier previously",
    "after later subsequently",
    "include inclusion",
    "exclude exclusion",
    "majority",
    "minority",
    "exceed surpass top outperform",
    "trail underperform",
    "optimistic optimism",
    "pessimistic pessimism",
    "expensive costly",
    "cheap inexpensive",
    "inside within",
    "outside",
    "domestic",
    "foreign",
    // People and places of reporting.
    "people persons individuals",
    "child children kid kids",
    "doctor physician",
    "researcher scientist",
    "government administration",
    "decide decision",
    "analyze analyse analysis analyst",
    "elect election",
    "invade invasion",
    "propose proposal",
    "pay payment paid",
    "lend loan lent",
    "borrow",
    "believe belief",
    "prove proof",
    "choose choice chose chosen",
];

/// Opposite groups, by the first word of their `SYNONYMS` line (or any word outside it). A
/// pair marked converse relates two parties in the opposite order ("A bought from B" is "B
/// sold to A"; "A is larger than B" is "B is smaller than A"), so it agrees when the parties
/// swap.
const ANTONYMS: &[(&str, &str, bool)] = &[
    ("increase", "decrease", false),
    ("high", "low", true),
    ("increase", "loss", false),
    ("profit", "loss", false),
    ("win", "loss", true),
    ("buy", "sell", true),
    ("hire", "fire", false),
    ("support", "oppose", false),
    ("approve", "reject", false),
    ("accept", "reject", false),
    ("like", "hate", false),
    ("criticize", "praise", false),
    ("confirm", "deny", false),
    ("admit", "deny", false),
    ("allow", "ban", false),
    ("start", "end", false),
    ("large", "small", true),
    ("strong", "weak", true),
    ("fast", "slow", true),
    ("rich", "poor", true),
    ("improve", "worsen", false),
    ("good", "bad", true),
    ("success", "failure", false),
    ("success", "fail", false),
    ("safe", "dangerous", false),
    ("true", "false", false),
    ("legal", "illegal", false),
    ("guilty", "innocent", false),
    ("convict", "acquit", false),
    ("friend", "enemy", false),
    ("young", "old", true),
    ("before", "after", true),
    ("include", "exclude", false),
    ("majority", "minority", false),
    ("exceed", "trail", true),
    ("optimistic", "pessimistic", false),
    ("expensive", "cheap", true),
    ("inside", "outside", false),
    ("domestic", "foreign", false),
    ("lend", "borrow", true),
    ("more", "less", true),
    ("more", "fewer", true),
    ("greater", "less", true),
    ("above", "below", true),
    ("early", "late", true),
    ("first", "last", false),
    ("always", "never", false),
    ("positive", "negative", false),
    ("public", "private", false),
    ("rural", "urban", false),
    ("present", "absent", false),
    ("presence", "absence", false),
    ("alive", "dead", false),
    ("survive", "die", false),
    ("open", "close", false),
    ("enter", "exit", false),
    ("arrive", "depart", false),
    ("add", "remove", false),
    ("upgrade", "downgrade", false),
    ("overestimate", "underestimate", false),
    ("overvalue", "undervalue", false),
    ("inflow", "outflow", false),
    ("surplus", "deficit", false),
    ("bullish", "bearish", false),
    ("peace", "war", false),
    ("north", "south", false),
    ("east", "west", false),
    ("maximum", "minimum", false),
    ("accelerate", "decelerate", false),
    ("increase", "contract", false),
    ("increase", "recession", false),
    ("man", "woman", false),
    ("men", "women", false),
    ("male", "female", false),
    ("boy", "girl", false),
    ("husband", "wife", false),
    ("father", "mother", false),
    ("adult", "child", false),
    ("import", "export", false),
    ("buyer", "seller", true),
    ("employer", "employee", true),
    ("lender", "borrower", true),
    ("winner", "loser", true),
    ("attack", "defend", false),
    ("guilty", "acquit", false),
    ("hawkish", "dovish", false),
];

/// Prefixes that negate the word they precede when the bare word is a word of its own
/// ("illegal", "unpopular", "ineffective", "dishonest", "non-profit").
const NEGATING_PREFIXES: &[&str] = &["non", "un", "in", "im", "il", "ir", "dis"];

/// Demonym endings: "Iranian" names Iran, "Iraqi" Iraq, "Chinese" China.
const DEMONYM_ENDINGS: &[(&str, &str)] = &[
    ("ian", ""),
    ("ian", "ia"),
    ("ian", "a"),
    ("ian", "y"),
    ("an", ""),
    ("an", "a"),
    ("i", ""),
    ("ese", "a"),
    ("ese", ""),
    ("ish", ""),
];

struct Lexicon {
    /// Stem -> concept (the first stem of its synonym group).
    concept: HashMap<String, String>,
    /// Concept -> its opposite concepts, and whether each pair is converse.
    opposites: HashMap<String, Vec<(String, bool)>>,
}

static LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut concept = HashMap::new();
    for line in SYNONYMS {
        let mut words = line.split_whitespace().map(key);
        let Some(head) = words.next() else { continue };
        concept.entry(head.clone()).or_insert_with(|| head.clone());
        for w in words {
            concept.entry(w).or_insert_with(|| head.clone());
        }
    }
    let mut opposites: HashMap<String, Vec<(String, bool)>> = HashMap::new();
    let resolve = |w: &str| {
        let k = key(w);
        concept.get(&k).cloned().unwrap_or(k)
    };
    for (a, b, converse) in ANTONYMS {
        let (a, b) = (resolve(a), resolve(b));
        opposites
            .entry(a.clone())
            .or_default()
            .push((b.clone(), *converse));
        opposites.entry(b).or_default().push((a, *converse));
    }
    Lexicon { concept, opposites }
});

/// The concept of a word's stem: its synonym group, or the stem itself.
pub(crate) fn concept(stem: &str) -> String {
    LEXICON
        .concept
        .get(stem)
        .cloned()
        .unwrap_or_else(|| stem.to_string())
}

/// Whether two words are opposites, each given as (concept, lower-case word): `Some(converse)`
/// when they are.
pub(crate) fn opposite(a: (&str, &str), b: (&str, &str)) -> Option<bool> {
    if let Some(list) = LEXICON.opposites.get(a.0) {
        if let Some((_, converse)) = list.iter().find(|(o, _)| o == b.0) {
            return Some(*converse);
        }
    }
    // Derived opposites, on the words as written since stems cut affixes unevenly:
    // "legal"/"illegal", "popular"/"unpopular", "useful"/"useless".
    // "in", "im" and "dis" also start many plain words ("inform", "impress", "discover"):
    // they need a longer base.
    let prefixed = |long: &str, short: &str| {
        NEGATING_PREFIXES.iter().any(|p| {
            let min = if matches!(*p, "in" | "im" | "dis") {
                5
            } else {
                4
            };
            short.chars().count() >= min
                && long
                    .strip_prefix(p)
                    .is_some_and(|rest| rest.trim_start_matches('-') == short)
        })
    };
    let suffixed = |x: &str, y: &str| {
        x.strip_suffix("ful")
            .zip(y.strip_suffix("less"))
            .is_some_and(|(p, q)| p == q && p.len() >= 3)
    };
    let (x, y) = (a.1, b.1);
    (prefixed(x, y) || prefixed(y, x) || suffixed(x, y) || suffixed(y, x)).then_some(false)
}

/// True when the stem is a word of the lexicon (a synonym group or an opposite pair).
pub(crate) fn is_known(stem: &str) -> bool {
    LEXICON.concept.contains_key(stem) || LEXICON.opposites.contains_key(stem)
}

/// The concepts opposite to `c` in the curated list (derived opposites are not listed).
pub(crate) fn opposites_of(c: &str) -> Vec<String> {
    LEXICON
        .opposites
        .get(c)
        .map(|l| l.iter().map(|(o, _)| o.clone()).collect())
        .unwrap_or_default()
}

/// The opposite pairs in force: the curated list plus a project's own (`[claims] antonyms`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Antonyms {
    /// Extra pairs, as concepts.
    extra: Vec<(String, String)>,
}

impl Antonyms {
    /// The curated list extended by `pairs` (words, in any inflection).
    pub fn new(pairs: &[(String, String)]) -> Antonyms {
        let c = |w: &str| concept(&key(&w.to_lowercase()));
        Antonyms {
            extra: pairs.iter().map(|(a, b)| (c(a), c(b))).collect(),
        }
    }

    /// Whether two words, each (concept, lower-case word), are opposites: `Some(converse)`.
    pub fn opposite(&self, a: (&str, &str), b: (&str, &str)) -> Option<bool> {
        let extra = self
            .extra
            .iter()
            .any(|(x, y)| (x == a.0 && y == b.0) || (x == b.0 && y == a.0));
        if extra {
            return Some(false);
        }
        opposite(a, b)
    }

    /// The concepts listed as opposite to concept `c`.
    pub fn opposites_of(&self, c: &str) -> Vec<String> {
        let mut out = opposites_of(c);
        for (x, y) in &self.extra {
            if x == c {
                out.push(y.clone());
            } else if y == c {
                out.push(x.clone());
            }
        }
        out
    }
}

/// Extra keys a name is known by: the country of a demonym ("iranian" -> "iran").
pub(crate) fn name_keys(lower: &str) -> Vec<String> {
    let bare = lower.strip_suffix("s").unwrap_or(lower);
    let mut out = Vec::new();
    for (ending, repl) in DEMONYM_ENDINGS {
        if let Some(base) = bare.strip_suffix(ending) {
            if base.len() >= 3 {
                out.push(key(&format!("{base}{repl}")));
            }
        }
    }
    out
}

/// Words that are rule cues (negation, quantity, modality, comparison, cause) rather than
/// content: a claim is not less supported for lacking them, the rules compare them.
pub(crate) fn is_cue(lower: &str) -> bool {
    CUES.binary_search(&lower).is_ok()
}

/// Sorted for binary search (a unit test checks it).
const CUES: &[&str] = &[
    "about",
    "above",
    "absence",
    "all",
    "almost",
    "always",
    "apparently",
    "approximately",
    "around",
    "below",
    "can",
    "cannot",
    "could",
    "definitely",
    "every",
    "everybody",
    "everyone",
    "exceeded",
    "few",
    "fewer",
    "lack",
    "lacked",
    "lacking",
    "lacks",
    "least",
    "less",
    "likely",
    "many",
    "may",
    "maybe",
    "might",
    "more",
    "most",
    "much",
    "nearly",
    "neither",
    "never",
    "no",
    "nobody",
    "none",
    "nor",
    "not",
    "nothing",
    "numerous",
    "often",
    "one",
    "over",
    "perhaps",
    "possibly",
    "potentially",
    "probably",
    "rarely",
    "roughly",
    "seem",
    "seemed",
    "seems",
    "seldom",
    "several",
    "should",
    "some",
    "sometimes",
    "than",
    "under",
    "up",
    "usually",
    "will",
    "without",
    "would",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_sorted_and_groups_disjoint() {
        assert!(
            CUES.windows(2).all(|w| w[0] < w[1]),
            "CUES must stay sorted"
        );
        let mut seen: HashMap<String, &str> = HashMap::new();
        for line in SYNONYMS {
            for w in line.split_whitespace() {
                if let Some(other) = seen.insert(key(w), line) {
                    assert_eq!(other, *line, "{w} ({}) is in two groups", key(w));
                }
            }
        }
    }

    #[test]
    fn antonyms_name_known_or_plain_words() {
        for (a, b, _) in ANTONYMS {
            assert_ne!(concept(&key(a)), concept(&key(b)), "{a}/{b} share a group");
        }
    }

    #[test]
    fn concepts_and_opposites() {
        assert_eq!(concept(&key("acquired")), concept(&key("bought")));
        assert_eq!(concept(&key("dismissed")), concept(&key("dismissive")));
        let w = |s: &'static str| (concept(&key(s)), s);
        let opp = |a: &'static str, b: &'static str| {
            let (a, b) = (w(a), w(b));
            opposite((&a.0, a.1), (&b.0, b.1))
        };
        assert_eq!(opp("rose", "declined"), Some(false));
        assert_eq!(opp("bought", "sold"), Some(true));
        assert_eq!(opp("illegal", "legal"), Some(false));
        assert_eq!(opp("unpopular", "popular"), Some(false));
        assert_eq!(opp("useful", "useless"), Some(false));
        assert_eq!(opp("inform", "form"), None);
        assert_eq!(opp("rose", "rose"), None);
    }

    #[test]
    fn demonyms_name_their_country() {
        assert!(name_keys("iranian").contains(&key("iran")));
        assert!(name_keys("iraqi").contains(&key("iraq")));
        assert!(name_keys("chinese").contains(&key("china")));
        assert!(name_keys("americans").contains(&key("america")));
    }
}
