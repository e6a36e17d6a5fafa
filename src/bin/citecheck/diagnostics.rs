//! Errors on standard error: problems in the project's files rustc-style (annotate-snippets,
//! with the offending lines when the project root is known), anything else on one line.

use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use citecheck::fs::{read_confined_text, DEFAULT_MAX_BYTES};
use citecheck::{Diagnostic, Error};

/// Print `e`; `root` is the project folder the diagnostics' file names are relative to.
pub fn report_error(root: Option<&Path>, e: &Error) {
    let mut err = anstream::stderr();
    match e {
        Error::Invalid(diags) => {
            // `--color`, NO_COLOR, CLICOLOR_FORCE and the terminal decide, as for the reports.
            let renderer = if crate::output::stderr_coloured() {
                Renderer::styled()
            } else {
                Renderer::plain()
            };
            // The loaders' size limit (citecheck.toml's, when it reads), so a snippet is read
            // only from a file they could have accepted.
            let limit = root
                .and_then(|r| citecheck::Project::read(r).ok())
                .map_or(DEFAULT_MAX_BYTES, |(p, _)| p.config.check.max_source_bytes);
            // Each file is read and indexed once, however many problems it holds: rendering
            // thousands of them costs the lines they show, not the file once per problem.
            let mut files = Files {
                root,
                limit,
                read: HashMap::new(),
            };
            for d in diags {
                let _ = writeln!(err, "{}", render_diagnostic(&renderer, &mut files, d));
            }
            let _ = writeln!(
                err,
                "error: {} problem(s) found; nothing was checked",
                diags.len()
            );
        }
        other => {
            let _ = writeln!(err, "error: {other}");
        }
    }
}

/// The files diagnostics point into, each read once (through the loaders' gate) and indexed.
struct Files<'a> {
    root: Option<&'a Path>,
    limit: u64,
    read: HashMap<String, Option<Indexed>>,
}

/// A file's text and where each of its lines starts.
struct Indexed {
    text: String,
    starts: Vec<usize>,
}

/// The lines of a file around a span: the text from the start of the span's first line to the
/// end of its last, the number of that first line, and the span relative to that text.
struct Window<'t> {
    text: &'t str,
    line: usize,
    span: std::ops::Range<usize>,
}

impl Files<'_> {
    /// Read `file` for showing (once), or note that it cannot be shown. A snippet is read through the same
    /// gate as the loaders (confined to the root, a regular file, bounded): what they refused —
    /// a link out, /dev/zero — is never read to show it.
    fn load(&mut self, file: &str) {
        let (root, limit) = (self.root, self.limit);
        self.read.entry(file.to_string()).or_insert_with(|| {
            let text = root.and_then(|r| read_confined_text(r, file, limit))?;
            let starts = std::iter::once(0)
                .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                .collect();
            Some(Indexed { text, starts })
        });
    }

    /// `file` as [`Files::load`] read it.
    fn get(&self, file: &str) -> Option<&Indexed> {
        self.read.get(file).and_then(Option::as_ref)
    }
}

impl Indexed {
    /// The window of lines holding `span` (byte offsets, `start <= end <= len`), each with
    /// its newline (an empty last line then still reads as a line), so a snippet
    /// renders from those lines alone, never from the whole file (annotate-snippets walks all
    /// of the source it is given, per snippet).
    fn window(&self, span: std::ops::Range<usize>) -> Window<'_> {
        let line_of = |at: usize| self.starts.partition_point(|&s| s <= at) - 1;
        let first = line_of(span.start);
        // A span ending just past a newline ends on the next line (annotate-snippets draws
        // it so): that line is part of the window too.
        let last = line_of(span.end);
        let from = self.starts[first];
        let to = self
            .starts
            .get(last + 1)
            .map_or(self.text.len(), |&next| next)
            .max(span.end);
        Window {
            text: &self.text[from..to],
            line: first + 1,
            span: span.start - from..span.end - from,
        }
    }
}

fn render_diagnostic(renderer: &Renderer, files: &mut Files<'_>, d: &Diagnostic) -> String {
    if d.span.is_some() {
        files.load(&d.file);
    }
    if let Some(r) = d.related.as_ref().filter(|r| r.span.is_some()) {
        files.load(&r.file);
    }
    let files = &*files;
    let text = d.span.and_then(|_| files.get(&d.file));
    let mut groups: Vec<Group<'_>> = Vec::new();
    let title = Level::ERROR.primary_title(d.message.as_str());
    let mut main = match (text, d.span) {
        (Some(t), Some(span)) if span.1 <= t.text.len() && span.0 <= span.1 => {
            let span = if span.0 == span.1 {
                span.0..(span.0 + 1).min(t.text.len())
            } else {
                span.0..span.1
            };
            let w = t.window(span);
            title.element(
                Snippet::source(w.text)
                    .line_start(w.line)
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(w.span).label(d.label.as_str())),
            )
        }
        _ => title.element(
            annotate_snippets::Origin::path(d.file.as_str())
                .line(d.line.max(1))
                .char_column(d.column.max(1)),
        ),
    };
    if let Some(help) = &d.help {
        main = main.element(Level::HELP.message(help.as_str()));
    }
    groups.push(main);
    if let Some(r) = &d.related {
        let related = r.span.and_then(|_| files.get(&r.file));
        if let (Some(t), Some(span)) = (related, r.span) {
            if span.0 <= span.1 && span.1 <= t.text.len() {
                let w = t.window(span.0..span.1);
                groups.push(
                    Level::NOTE.secondary_title(r.message.as_str()).element(
                        Snippet::source(w.text)
                            .line_start(w.line)
                            .path(r.file.as_str())
                            .annotation(
                                AnnotationKind::Context.span(w.span).label(r.label.as_str()),
                            ),
                    ),
                );
            }
        }
    }
    renderer.render(&groups)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A snippet cut to its lines renders exactly as the snippet of the whole file did: same
    /// line numbers, columns, marks, for spans on one line, over several, empty, at the end.
    #[test]
    fn a_window_renders_as_the_whole_file() {
        let text = "first line\nsecond é line\n\nfourth\nlast without newline";
        let starts = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let file = Indexed {
            text: text.to_string(),
            starts,
        };
        let renderer = Renderer::plain();
        let render = |source: &str, line: usize, span: std::ops::Range<usize>| {
            renderer.render(&[Level::ERROR.primary_title("m").element(
                Snippet::source(source)
                    .line_start(line)
                    .path("f")
                    .annotation(AnnotationKind::Primary.span(span).label("here")),
            )])
        };
        // Every span between char boundaries, on one line, across lines, ending just past a
        // newline, empty, at the end.
        let bounds: Vec<usize> = (0..=text.len())
            .filter(|&i| text.is_char_boundary(i))
            .collect();
        let spans = bounds
            .iter()
            .flat_map(|&a| bounds.iter().filter(move |&&b| b >= a).map(move |&b| a..b));
        for span in spans {
            let w = file.window(span.clone());
            assert_eq!(
                render(w.text, w.line, w.span),
                render(text, 1, span.clone()),
                "{span:?}"
            );
        }
    }
}
