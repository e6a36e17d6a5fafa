//! W3C Web Annotations (JSON-LD): every entry becomes an `Annotation` whose target is its source
//! file with a `TextQuoteSelector` (`exact` = the source text found, `prefix`/`suffix` = up to
//! 32 characters around it) and, when located, a `TextPositionSelector` in Unicode code points
//! as the Web Annotation model requires. Unlocated entries carry the entry's own text as
//! `exact` and no position. The verdict and code go in the bodies, so annotation tools such as
//! Hypothesis show them. The page is an `AnnotationCollection` with one `AnnotationPage`.
//! `import::w3c` reads them back as quotes.

use serde_json::{json, Value};

use super::common::explanation;
use super::Reporter;
use crate::model::{EntryResult, Report};

/// The Web Annotation JSON-LD context.
pub const CONTEXT: &str = "http://www.w3.org/ns/anno.jsonld";
/// Prefix of annotation ids citecheck writes; the rest is the entry id.
pub const ID_PREFIX: &str = "urn:citecheck:entry:";
/// Characters of context kept in `prefix` and `suffix`.
const AFFIX_CHARS: usize = 32;

/// Renders W3C Web Annotations.
#[derive(Debug, Default)]
pub struct W3cReporter;

fn last_chars(s: &str, n: usize) -> String {
    let count = s.chars().count();
    s.chars().skip(count.saturating_sub(n)).collect()
}

fn annotation(r: &EntryResult) -> Value {
    let mut selectors = Vec::new();
    let mut quote = json!({
        "type": "TextQuoteSelector",
        "exact": r.found_text.as_deref().unwrap_or(&r.text),
    });
    if let Some(p) = r.context_before.as_deref().filter(|p| !p.is_empty()) {
        quote["prefix"] = json!(last_chars(p, AFFIX_CHARS));
    }
    if let Some(s) = r.context_after.as_deref().filter(|s| !s.is_empty()) {
        quote["suffix"] = json!(s.chars().take(AFFIX_CHARS).collect::<String>());
    }
    selectors.push(quote);
    if let Some([start, end]) = r.found_chars {
        selectors.push(json!({ "type": "TextPositionSelector", "start": start, "end": end }));
    }
    let mut bodies = vec![
        json!({
            "type": "TextualBody",
            "purpose": "assessing",
            "format": "text/plain",
            "value": format!("{}: {}", r.status.as_str(), explanation(r)),
        }),
        json!({ "type": "TextualBody", "purpose": "tagging", "value": r.code }),
    ];
    if r.kind == crate::model::Kind::Claim {
        bodies.push(json!({
            "type": "TextualBody",
            "purpose": "commenting",
            "format": "text/plain",
            "value": r.text,
        }));
    }
    json!({
        "id": format!("{ID_PREFIX}{}", r.id),
        "type": "Annotation",
        "motivation": match r.kind {
            crate::model::Kind::Quote => "quoting",
            crate::model::Kind::Claim => "commenting",
        },
        "body": bodies,
        "target": { "source": r.source, "selector": selectors },
    })
}

impl Reporter for W3cReporter {
    fn render(&self, report: &Report) -> String {
        let items: Vec<Value> = report.results.iter().map(annotation).collect();
        let doc = json!({
            "@context": CONTEXT,
            "type": "AnnotationCollection",
            "label": "citecheck quotes and claims",
            "total": items.len(),
            "first": { "type": "AnnotationPage", "startIndex": 0, "items": items },
        });
        let mut s = serde_json::to_string_pretty(&doc)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
        s.push('\n');
        s
    }
}
