//! Quotes an editor's marks make say what the source does not: a bracket standing for a word
//! with content of its own, an elision joining two sentences into one, an elision leaving out
//! a word that disowns, excludes or conditions the rest. Each is `drifted` with its code and
//! both sides shown; the conventions' legitimate uses next to them still pass.

use citecheck::judge::{code_of, judge};
use citecheck::locate::IndexLocator;
use citecheck::model::{Code, Convention};
use citecheck::{Kind, Source, Status, Thresholds, Verdict};

mod common;

use common::quote_entry;

fn check(source: &str, text: &str) -> Verdict {
    let src = Source::from_text("s.txt", source.to_string());
    judge(
        &IndexLocator,
        &quote_entry("s.txt", text),
        &src,
        &[],
        &Thresholds::default(),
    )
}

/// The texts the verdict's diff inserts (the source's side).
fn inserted(v: &Verdict) -> Vec<&str> {
    v.diff
        .iter()
        .flatten()
        .filter(|d| d.op == citecheck::model::DiffTag::Insert)
        .map(|d| d.text.as_str())
        .collect()
}

fn accepted(v: &Verdict) -> bool {
    matches!(v.status, Status::Verified | Status::Normalized)
}

/// `quote` against `source` is drifted with `code`, every word of `shown` in the verdict.
fn changes_meaning(source: &str, quote: &str, code: Code, shown: &[&str]) {
    let v = check(source, quote);
    assert_eq!(
        v.status,
        Status::Drifted,
        "{quote:?} against {source:?}: {v:?}"
    );
    assert_eq!(code_of(Kind::Quote, &v), code, "{quote:?}: {v:?}");
    let said = format!("{:?} {:?}", v.missing_terms, v.diff);
    for w in shown {
        assert!(said.contains(w), "{quote:?}: {w:?} not shown in {said}");
    }
}

const FILLER: &str = "Officials met on Tuesday to discuss the budget for the coming year. ";

#[test]
fn a_bracket_may_not_stand_for_a_word_with_content_of_its_own() {
    let cases: &[(&str, &str, &[&str])] = &[
        // An adjective turned into its opposite.
        (
            "The group is hated by ordinary Iranians.",
            "The group is [loved] by ordinary Iranians.",
            &["hated", "loved"],
        ),
        // Who did what to whom.
        (
            "Iraq attacked Iran in 1980.",
            "[Iran] attacked Iran in 1980.",
            &["iraq"],
        ),
        // A person swapped for another.
        (
            "Rajavi met Saddam in Baghdad in 1986.",
            "Rajavi met [Khomeini] in Baghdad in 1986.",
            &["saddam"],
        ),
        // The agent of a sentence replaced, the rest of the clause quoted.
        (
            "The regime executed the prisoners in 1988.",
            "[The MEK] executed the prisoners in 1988.",
            &["regime"],
        ),
        // A verb of saying turned into one of denying.
        (
            "The minister said he would resign on Friday.",
            "The minister [denied that he] would resign on Friday.",
            &["said"],
        ),
        // Beside an elision, for the word at either end of what is left out.
        (
            "They are hated by the people of the north.",
            "They are [loved] ... of the north.",
            &["hated", "loved"],
        ),
        // A noun phrase closing the quote.
        (
            "Guards fired on the protesters at the gate.",
            "Guards fired on [the soldiers]",
            &["protesters"],
        ),
    ];
    for (source, q, shown) in cases {
        let source = format!("{FILLER}{source} {FILLER}");
        changes_meaning(&source, q, Code::QuoteBracketChangesMeaning, shown);
    }
}

#[test]
fn a_bracket_may_stand_for_a_pronoun_an_article_or_another_form_of_its_word() {
    let cases: &[(&str, &str)] = &[
        (
            "Many young Iranians know little about them today.",
            "Many young Iranians know little about [the MEK]",
        ),
        (
            "It is weak and divided, he said.",
            "[The group] is weak and divided, he said.",
        ),
        (
            "The minister resigns on Friday, aides say.",
            "The minister [resigned] on Friday, aides say.",
        ),
        (
            "The group is small and poorly funded.",
            "The group [was] small and poorly funded.",
        ),
    ];
    for (source, q) in cases {
        let source = format!("{FILLER}{source} {FILLER}");
        let v = check(&source, q);
        assert!(accepted(&v), "{q:?} against {source:?}: {v:?}");
        assert!(v.conventions.contains(&Convention::Bracket), "{q:?}: {v:?}");
    }
}

#[test]
fn an_elision_may_not_join_two_sentences_into_one() {
    let cases: &[(&str, &str, &[&str])] = &[
        (
            "The MEK leadership is hated by ordinary Iranians. The Shah, by contrast, is popular among exiles.",
            "The MEK … is popular among exiles.",
            &["hated", "Shah"],
        ),
        (
            "The opposition is strong.\n\nSection B: The economy is weak and shrinking.",
            "The opposition is ... weak and shrinking.",
            &["strong"],
        ),
        (
            "Iraq invaded Iran in September. The long war followed and Iran suffered heavy losses.",
            "Iraq . . . suffered heavy losses.",
            &["invaded"],
        ),
        // A capital after the mark is no sentence start when the source's sentence starts
        // elsewhere.
        (
            "The MEK leadership is hated by ordinary Iranians. The Shah is loved by Iranians living abroad.",
            "The MEK … Iranians living abroad.",
            &["hated"],
        ),
    ];
    for (source, q, shown) in cases {
        let source = format!("{FILLER}{source} {FILLER}");
        changes_meaning(&source, q, Code::QuoteElisionChangesMeaning, shown);
    }
}

#[test]
fn an_elision_over_whole_sentences_the_quote_marks_is_accepted() {
    let source = format!(
        "{FILLER}The group is weak. Its leaders live abroad and visit in summer. It has no \
         support inside the country, analysts say. {FILLER}"
    );
    for q in [
        "The group is weak. … It has no support inside the country",
        "Its leaders live abroad … visit in summer.",
        // The sentence after the mark starts where the source's does, capitalised.
        "Its leaders live abroad … It has no support inside the country",
    ] {
        let v = check(&source, q);
        assert!(accepted(&v), "{q:?}: {v:?}");
        assert_eq!(v.conventions, [Convention::Elision], "{q:?}");
    }
}

#[test]
fn an_elision_may_not_leave_out_a_word_that_disowns_excludes_or_conditions() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "The minister refused to sign the agreement in Geneva.",
            "The minister … to sign the agreement in Geneva.",
            "refused",
        ),
        (
            "Officials denied that the group attacked the embassy.",
            "Officials … that the group attacked the embassy.",
            "denied",
        ),
        (
            "He falsely claimed the group had won the vote.",
            "He … claimed the group had won the vote.",
            "falsely",
        ),
        (
            "Every member except the leader was arrested that night.",
            "Every member … was arrested that night.",
            "except",
        ),
        (
            "The former president spoke at the rally on Sunday.",
            "The … president spoke at the rally on Sunday.",
            "former",
        ),
        (
            "Sanctions will be lifted unless the regime resumes enrichment.",
            "Sanctions will be lifted … the regime resumes enrichment.",
            "unless",
        ),
        (
            "Officials asked whether the group attacked the convoy.",
            "Officials asked … the group attacked the convoy.",
            "whether",
        ),
        (
            "The regime stopped funding the militia last spring.",
            "The regime … funding the militia last spring.",
            "stopped",
        ),
        (
            "Deputies voted against the motion on Thursday evening.",
            "Deputies voted … the motion on Thursday evening.",
            "against",
        ),
        (
            "He pretended to support the ceasefire in public.",
            "He … to support the ceasefire in public.",
            "pretended",
        ),
        (
            "Reporters cited the alleged attack on the convoy.",
            "Reporters cited the … attack on the convoy.",
            "alleged",
        ),
    ];
    for (source, q, word) in cases {
        let source = format!("{FILLER}{source} {FILLER}");
        changes_meaning(&source, q, Code::QuoteElisionChangesMeaning, &[word]);
    }
}

#[test]
fn the_diff_of_a_bracket_at_an_end_shows_the_source_words_it_stands_for() {
    let source = format!("{FILLER}The minister never approved the plan. {FILLER}");
    let v = check(&source, "[The minister] approved the plan.");
    assert_eq!(v.status, Status::Drifted, "{v:?}");
    assert!(
        inserted(&v).iter().any(|t| t.contains("never")),
        "{:?}",
        v.diff
    );
    let source = format!("{FILLER}Guards fired on the protesters at the gate. {FILLER}");
    let v = check(&source, "Guards fired on [the soldiers]");
    assert_eq!(inserted(&v), [" the protesters"], "{:?}", v.diff);
}
