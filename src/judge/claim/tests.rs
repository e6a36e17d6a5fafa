//! The issue's table, read against the cable itself, and properties over arbitrary text.

use super::*;
use proptest::prelude::*;

const CABLE: &str = include_str!("../../../sources/cable.txt");

fn judge(claim: &str, evidence: &str) -> Assessment {
    assess(claim, evidence, &ClaimOptions::default())
}

fn rules(a: &Assessment) -> Vec<Rule> {
    a.findings.iter().map(|f| f.rule).collect()
}

/// The cable's line holding `needle`.
fn line(needle: &str) -> &'static str {
    CABLE
        .lines()
        .find(|l| l.contains(needle))
        .unwrap_or_else(|| panic!("the cable has no line with {needle:?}"))
}

#[test]
fn row_1_negated_support_is_contradicted() {
    let claim = "The MEK has significant popular support inside Iran.";
    for evidence in [line("2. (SBU) SUMMARY"), CABLE] {
        let a = judge(claim, evidence);
        assert_eq!(a.outcome, Outcome::Contradicted, "{a:#?}");
        assert!(rules(&a).contains(&Rule::Negation), "{a:#?}");
    }
    let a = judge(
        "The MEK has no significant popular support inside Iran.",
        line("2. (SBU) SUMMARY"),
    );
    assert_eq!(a.outcome, Outcome::Supported, "{a:#?}");
}

#[test]
fn row_2_reversed_preference_is_contradicted() {
    let claim = "Bahais in Iran would prefer an MEK government to the current one.";
    for evidence in [line("I’m an Iranian Bahai"), CABLE] {
        let a = judge(claim, evidence);
        assert_eq!(a.outcome, Outcome::Contradicted, "{a:#?}");
        assert!(rules(&a).contains(&Rule::Comparison), "{a:#?}");
    }
    let a = judge(
        "Bahais in Iran would prefer the current government to an MEK government.",
        line("I’m an Iranian Bahai"),
    );
    assert_eq!(a.outcome, Outcome::Supported, "{a:#?}");
}

#[test]
fn row_3_negation_and_antonym_are_contradicted() {
    let claim = "The group is popular. People love them.";
    for evidence in [line("The group is not popular"), CABLE] {
        let a = judge(claim, evidence);
        assert_eq!(a.outcome, Outcome::Contradicted, "{a:#?}");
        let r = rules(&a);
        assert!(
            r.contains(&Rule::Negation) && r.contains(&Rule::Antonym),
            "{a:#?}"
        );
    }
}

#[test]
fn row_4_a_city_the_evidence_lacks_is_unsupported() {
    let claim = "In January 2011 officers asked Iranian contacts in Tehran.";
    let a = judge(claim, line("4. (SBU) In January and February 2011"));
    assert_eq!(a.outcome, Outcome::Unsupported, "{a:#?}");
    assert!(a.missing_terms.contains(&"Tehran".to_string()), "{a:#?}");
    assert!(rules(&a).contains(&Rule::NewEntity), "{a:#?}");
    let honest =
        "In January 2011 consular officers asked Iranian contacts their opinions on the MEK.";
    let a = judge(honest, line("4. (SBU) In January and February 2011"));
    assert_eq!(a.outcome, Outcome::Supported, "{a:#?}");
}

#[test]
fn the_issue_stemming_example_is_supported() {
    let a = judge(
        "Iranians dismissed the MEK.",
        line("ordinary Iranians were almost uniformly dismissive"),
    );
    assert_eq!(a.outcome, Outcome::Supported, "{a:#?}");
}

#[test]
fn the_example_projects_supported_claims_stay_supported() {
    for (claim, needle) in [
        (
            "The MEK has no significant popular support inside Iran.",
            "2. (SBU) SUMMARY",
        ),
        (
            "Ordinary Iranians were almost uniformly dismissive of the group.",
            "ordinary Iranians were almost uniformly dismissive",
        ),
    ] {
        let a = judge(claim, line(needle));
        assert_eq!(a.outcome, Outcome::Supported, "{claim}: {a:#?}");
    }
    let a = judge(
        "The cables said the MEK leadership ordered the execution of all attempted defectors.",
        CABLE,
    );
    assert_ne!(a.outcome, Outcome::Supported, "{a:#?}");
}

#[test]
fn honest_paraphrases_are_supported() {
    for (claim, evidence) in [
        (
            "Apple acquired Beats in 2014.",
            "In 2014, Beats was bought by Apple.",
        ),
        (
            "About 15% of respondents opposed the plan.",
            "Roughly 15 percent of respondents opposed the plan.",
        ),
        (
            "The firm employs 1250 people.",
            "The firm employs 1,250 people.",
        ),
        (
            "A quarter of voters backed the measure.",
            "25 % of voters backed the measure.",
        ),
        (
            "The fund raised $3.5 million.",
            "The fund raised 3.5m dollars.",
        ),
        (
            "The company's revenue grew 12 percent.",
            "Revenue at the firm increased 12%.",
        ),
        (
            "Twelve officials resigned.",
            "12 officials resigned after the vote.",
        ),
        (
            "Researchers found the drug reduced symptoms.",
            "The drug reduced symptoms, the researchers found.",
        ),
    ] {
        let a = judge(claim, evidence);
        assert_eq!(
            a.outcome,
            Outcome::Supported,
            "{claim} / {evidence}: {a:#?}"
        );
    }
}

#[test]
fn spans_name_the_words() {
    let claim = "The MEK has significant popular support inside Iran.";
    let evidence = line("2. (SBU) SUMMARY");
    let a = judge(claim, evidence);
    for f in &a.findings {
        assert_eq!(&claim[f.claim_span[0]..f.claim_span[1]], f.claim);
        assert_eq!(
            &evidence[f.evidence_span[0]..f.evidence_span[1]],
            f.evidence
        );
    }
    let [p0, p1] = a.passage.expect("a passage");
    assert!(evidence[p0..p1].contains("no significant popular support"));
}

#[test]
fn empty_inputs_are_unsupported() {
    assert_eq!(judge("", "").outcome, Outcome::Unsupported);
    assert_eq!(judge("The MEK.", "").outcome, Outcome::Unsupported);
    assert_eq!(
        judge("", "The MEK is a joke.").outcome,
        Outcome::Unsupported
    );
}

fn on_boundaries(text: &str, span: [usize; 2]) -> bool {
    span[0] <= span[1]
        && span[1] <= text.len()
        && text.is_char_boundary(span[0])
        && text.is_char_boundary(span[1])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn never_panics_and_spans_fall_on_char_boundaries(
        claim in "[ a-zA-Z0-9.,;:%$€'’“”()\\-–—…éİßı\n]{0,80}",
        evidence in "[ a-zA-Z0-9.,;:%$€'’“”()\\-–—…éİßı\n]{0,300}",
    ) {
        let a = judge(&claim, &evidence);
        if let Some(p) = a.passage {
            prop_assert!(on_boundaries(&evidence, p));
        }
        for f in &a.findings {
            prop_assert!(on_boundaries(&claim, f.claim_span));
            prop_assert!(on_boundaries(&evidence, f.evidence_span));
        }
    }

    #[test]
    fn never_panics_on_any_unicode(claim in "\\PC{0,60}", evidence in "\\PC{0,200}") {
        let a = judge(&claim, &evidence);
        for f in &a.findings {
            prop_assert!(on_boundaries(&claim, f.claim_span));
            prop_assert!(on_boundaries(&evidence, f.evidence_span));
        }
    }

    #[test]
    fn rule_words_from_the_lexicon_never_panic(
        words in proptest::collection::vec(prop_oneof![
            Just("not"), Just("no"), Just("more"), Just("than"), Just("3,000"), Just("15%"),
            Just("a quarter of"), Just("because"), Just("caused"), Just("by"), Just("Apple"),
            Just("bought"), Just("may"), Just("all"), Just("the"), Just("."), Just(","),
            Just("rose"), Just("fell"), Just("prefer"), Just("to"), Just("1980-1988"),
        ], 0..30),
        split in 0usize..30,
    ) {
        let text = words.join(" ");
        let cut = words.iter().take(split).map(|w| w.len() + 1).sum::<usize>().min(text.len());
        let (claim, evidence) = text.split_at(cut);
        let _ = judge(claim, evidence);
        let _ = judge(evidence, claim);
    }
}
