//! Errors on standard error: problems in the project's files rustc-style (annotate-snippets,
//! with the offending lines when the project root is known), anything else on one line.

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
            for d in diags {
                let _ = writeln!(err, "{}", render_diagnostic(&renderer, root, limit, d));
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

fn render_diagnostic(
    renderer: &Renderer,
    root: Option<&Path>,
    limit: u64,
    d: &Diagnostic,
) -> String {
    // A snippet is read through the same gate as the loaders (confined to the root, a regular
    // file, bounded): what they refused — a link out, /dev/zero — is never read to show it.
    let snippet = |file: &str| root.and_then(|r| read_confined_text(r, file, limit));
    let text = d.span.and_then(|_| snippet(&d.file));
    let mut groups: Vec<Group<'_>> = Vec::new();
    let title = Level::ERROR.primary_title(d.message.as_str());
    let mut main = match (&text, d.span) {
        (Some(t), Some(span)) if span.1 <= t.len() => {
            let span = if span.0 == span.1 {
                span.0..(span.0 + 1).min(t.len())
            } else {
                span.0..span.1
            };
            title.element(
                Snippet::source(t.as_str())
                    .path(d.file.as_str())
                    .annotation(AnnotationKind::Primary.span(span).label(d.label.as_str())),
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
    let related_text;
    if let Some(r) = &d.related {
        related_text = r.span.and_then(|_| snippet(&r.file));
        if let (Some(t), Some(span)) = (&related_text, r.span) {
            groups.push(
                Level::NOTE.secondary_title(r.message.as_str()).element(
                    Snippet::source(t.as_str())
                        .path(r.file.as_str())
                        .annotation(
                            AnnotationKind::Context
                                .span(span.0..span.1)
                                .label(r.label.as_str()),
                        ),
                ),
            );
        }
    }
    renderer.render(&groups)
}
