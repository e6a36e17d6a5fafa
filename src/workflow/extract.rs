//! `citecheck extract`: the text citecheck matches a source as, for inspection, with the map
//! from that text back to the file when asked.

use crate::config::Project;
use crate::error::{Error, Result};
use crate::model::InFile;
use crate::source::{self, Source};

/// One source's extracted text, and the way back to the file.
#[derive(Debug)]
pub struct Extraction {
    /// The source's id (path relative to sources/).
    pub id: String,
    /// The format it was read as (`text`, `html`, `markdown`, `pdf`).
    pub format: &'static str,
    /// The extractor (name, version, mode); `None` for plain text.
    pub extractor: Option<String>,
    /// The text spans and pointers count bytes of.
    pub text: String,
    /// `(text byte range, where it is in the file)`, in text order: one row per mapped stretch
    /// for HTML and Markdown, one per page for PDF; empty for plain text (its own bytes).
    pub map: Vec<(std::ops::Range<usize>, InFile)>,
}

/// Read source `id` of `project` as `check` reads it.
pub fn extract(project: &Project, id: &str) -> Result<Extraction> {
    let mut problems = Vec::new();
    let files = source::discover_project(project, &mut problems)?;
    let id = id.strip_prefix("sources/").unwrap_or(id);
    let Some(file) = files.iter().find(|f| f.id == id) else {
        if !problems.is_empty() {
            return Err(Error::Invalid(problems));
        }
        let known: Vec<&str> = files.iter().map(|f| f.id.as_str()).collect();
        let hint = crate::error::closest(id, known.iter().copied(), strsim::jaro_winkler, 0.8)
            .map(|k| format!("; did you mean `{k}`?"))
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "no source `{id}` in sources/ ({} sources){hint}",
            known.len()
        )));
    };
    let source = match source::load_one(file)? {
        Ok(s) => s,
        Err(d) => return Err(Error::Invalid(vec![d])),
    };
    Ok(extraction(source))
}

fn extraction(s: Source) -> Extraction {
    let map = match &s.document {
        None => Vec::new(),
        Some(d) if d.origin().is_empty() => {
            let pages = d.pages();
            pages
                .iter()
                .enumerate()
                .map(|(i, &start)| {
                    let end = pages.get(i + 1).copied().unwrap_or(s.len());
                    (start..end, d.in_file(crate::model::Span::new(start, end)))
                })
                .collect()
        }
        Some(d) => d
            .origin()
            .pieces()
            .map(|(text, _)| {
                let at = d.in_file(crate::model::Span::new(text.start, text.end));
                (text, at)
            })
            .collect(),
    };
    Extraction {
        format: s.format().name(),
        extractor: s.document.as_ref().map(|d| d.extractor.clone()),
        id: s.id.clone(),
        text: s.into_text(),
        map,
    }
}
