//! The built-in engine: `pdf-extract` (pure Rust, on `lopdf`), guarded.
//!
//! Why this crate: on documents written by pdfTeX (embedded Type1 fonts with custom
//! encodings and kerning arrays for word spaces), by word processors (Type0 fonts with a
//! ToUnicode CMap) and with the standard 14 fonts without widths, it places every glyph by
//! its position and width and so gets line breaks and word spaces right. `lopdf`'s own
//! `extract_text` only concatenates the strings shown: lines positioned with `Td` run
//! together ("bothordinary"), and kerning-array word gaps vanish.
//!
//! The guards, because `pdf-extract` trusts its input: it panics on many malformed
//! structures (every call runs under `catch_unwind`, and its panic messages are kept off the
//! terminal, see [`quiet_panics`]); it recurses without limit into a form XObject that draws
//! itself and walks a page's `/Parent` chain without a visited set (both would overflow the
//! stack or loop forever, which no `catch_unwind` catches: [`check_structure`] refuses such
//! a document first); and the whole reading runs on its own thread with a time limit, so a
//! document that makes the reader spin is reported, not waited for.

use std::cell::Cell;
use std::collections::HashSet;
use std::panic::{self, AssertUnwindSafe};
use std::sync::{mpsc, Once};
use std::time::Duration;

use pdf_extract::{Dictionary, Document, Object, ObjectId};

use super::output::TextOutput;
use super::FORMAT;
use crate::extract::ExtractError;

/// The engine's name and version as the lock records them. The version is the one in
/// Cargo.lock (tests/extract_pdf.rs checks): a different version may read other words. The
/// rules are this module's own reading of its output (superscripts, see `output`): raise
/// them when that changes, so a lock made under the old ones notices.
pub const EXTRACTOR: &str = "pdf-extract 0.12.1 (rules 2)";

/// How long the reader may take for one document before it is reported as unreadable. It
/// reads about a hundred pages a second, so this only catches a reader that spins.
const TIME_LIMIT: Duration = Duration::from_secs(120);

/// The deepest nesting of form XObjects followed before a document is refused (real
/// documents nest a handful; the reader recurses once per level).
const MAX_FORM_DEPTH: usize = 64;

/// The longest `/Parent` chain from a page to the root of the page tree.
const MAX_TREE_DEPTH: usize = 256;

/// Most bytes the pages' content streams may inflate to, in all. A page of text draws its
/// text in a few kilobytes of operators; a 1 MB file whose one content stream inflates to a
/// gigabyte held 2.2 GB, and one of 300 MB of text operators grew past 5 GB, before this
/// bound. Ten thousand pages of dense text stay well under it.
const MAX_CONTENT_BYTES: u64 = 256 << 20;

/// The stack of the reading thread: the reader recurses per nested form and content
/// operator, and a generous stack turns deep (but finite) nesting into a result.
const STACK: usize = 64 << 20;

/// The text of each page, in order, as the reader gives it (not yet cleaned).
pub fn pages(bytes: &[u8]) -> Result<Vec<String>, ExtractError> {
    let owned = bytes.to_vec();
    let (tx, rx) = mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("citecheck-pdf".into())
        .stack_size(STACK)
        .spawn(move || {
            // The receiver is gone only after the time limit: nothing left to tell.
            let _ = tx.send(read(&owned));
        });
    if let Err(e) = spawned {
        return Err(malformed(format!("could not start the PDF reader: {e}")));
    }
    match rx.recv_timeout(TIME_LIMIT) {
        Ok(result) => result,
        // The thread is left to finish on its own: a thread cannot be stopped from outside.
        Err(mpsc::RecvTimeoutError::Timeout) => Err(malformed(format!(
            "the PDF reader took longer than {} s (a malformed document?)",
            TIME_LIMIT.as_secs()
        ))),
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            Err(malformed("the PDF reader stopped unexpectedly".into()))
        }
    }
}

/// Load, check and read every page, on the reading thread.
fn read(bytes: &[u8]) -> Result<Vec<String>, ExtractError> {
    quiet_panics();
    let loaded = guarded(|| Document::load_mem(bytes));
    let mut doc = match loaded {
        Some(Ok(doc)) => doc,
        Some(Err(e)) => return Err(malformed(e.to_string())),
        None => return Err(malformed("the file's structure could not be parsed".into())),
    };
    if doc.is_encrypted() && !matches!(guarded(|| doc.decrypt("")), Some(Ok(()))) {
        return Err(malformed(
            "the document is encrypted with a password; save an unencrypted copy to cite".into(),
        ));
    }
    let pages = match guarded(|| doc.get_pages()) {
        Some(p) => p,
        None => return Err(malformed("the page tree could not be read".into())),
    };
    let mut inflated = 0u64;
    for &id in pages.values() {
        inflated += content_bytes(
            &doc,
            id,
            MAX_CONTENT_BYTES - inflated.min(MAX_CONTENT_BYTES),
        );
        if inflated > MAX_CONTENT_BYTES {
            return Err(malformed(format!(
                "its pages' content inflates to more than {} MiB (a decompression bomb?)",
                MAX_CONTENT_BYTES >> 20
            )));
        }
    }
    let mut out = Vec::with_capacity(pages.len());
    for (&number, &id) in &pages {
        check_structure(&doc, id).map_err(|r| malformed(format!("page {number}: {r}")))?;
        let mut text = String::new();
        let result = guarded(|| {
            let mut output = TextOutput::new(&mut text);
            let r = pdf_extract::output_doc_page(&doc, &mut output, number);
            output.flush();
            r
        });
        match result {
            Some(Ok(())) => out.push(text),
            Some(Err(e)) => return Err(malformed(format!("page {number}: {e}"))),
            None => {
                return Err(malformed(format!(
                    "page {number}: the built-in reader cannot read its content \
                     (try the pdftotext engine)"
                )))
            }
        }
    }
    Ok(out)
}

/// How many bytes page `page`'s content streams inflate to, counting no further than just
/// past `budget` (each stream is inflated a buffer at a time and dropped: nothing is held).
/// A stream without a filter counts its own length; one with another filter (or a chain of
/// them) is left to the reader's time limit.
fn content_bytes(doc: &Document, page: ObjectId, budget: u64) -> u64 {
    use std::io::Read;
    let mut total = 0u64;
    for id in doc.get_page_contents(page) {
        let Ok(Object::Stream(stream)) = doc.get_object(id) else {
            continue;
        };
        let filter = stream.dict.get(b"Filter").ok();
        let flate = match filter {
            None => {
                total += stream.content.len() as u64;
                continue;
            }
            Some(Object::Name(n)) => n.as_slice() == b"FlateDecode",
            Some(Object::Array(a)) => {
                matches!(a.as_slice(), [Object::Name(n)] if n.as_slice() == b"FlateDecode")
            }
            Some(_) => false,
        };
        if !flate {
            continue;
        }
        let mut reader = flate2::read::ZlibDecoder::new(stream.content.as_slice())
            .take(budget + 1 - total.min(budget));
        let mut buf = [0u8; 64 << 10];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            total += n as u64;
        }
        if total > budget {
            break;
        }
    }
    total
}

fn malformed(reason: String) -> ExtractError {
    ExtractError::Malformed {
        format: FORMAT,
        reason,
    }
}

thread_local! {
    /// True while this thread runs the reader: its panics are answers, not crashes.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, turning a panic into `None`.
fn guarded<T>(f: impl FnOnce() -> T) -> Option<T> {
    QUIET.with(|q| q.set(true));
    let r = panic::catch_unwind(AssertUnwindSafe(f)).ok();
    QUIET.with(|q| q.set(false));
    r
}

/// Install, once, a panic hook that stays silent for panics caught by [`guarded`] and hands
/// every other panic to the hook that was there before (the library never prints, and a
/// reader's panic on a malformed file is reported as an error, not as a crash message).
fn quiet_panics() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info);
            }
        }));
    });
}

/// Refuse what would make the reader recurse or loop without end: a page whose `/Parent`
/// chain loops or is absurdly deep, and a form XObject that (through its resources, or its
/// page's when it has none) draws itself or nests absurdly deep.
fn check_structure(doc: &Document, page: ObjectId) -> Result<(), String> {
    let dict = doc
        .get_dictionary(page)
        .map_err(|_| "the page is not a dictionary".to_string())?;
    let mut seen = HashSet::from([page]);
    let mut node = dict;
    let mut resources = None;
    let mut depth = 0;
    loop {
        if resources.is_none() {
            resources = deref_dict(doc, node.get(b"Resources").ok());
        }
        let Ok(Object::Reference(parent)) = node.get(b"Parent") else {
            break;
        };
        depth += 1;
        if !seen.insert(*parent) || depth > MAX_TREE_DEPTH {
            return Err("its page tree contains itself".into());
        }
        match doc.get_dictionary(*parent) {
            Ok(d) => node = d,
            Err(_) => break,
        }
    }
    match resources {
        Some(res) => check_forms(doc, res, &mut Vec::new(), &mut HashSet::new()),
        None => Ok(()),
    }
}

/// Walk the form XObjects `resources` can draw, depth first, `path` the forms being drawn;
/// `done` holds the forms already checked with given resources (a form drawn from many
/// places is checked once, so the walk stays linear in the document's size).
fn check_forms(
    doc: &Document,
    resources: &Dictionary,
    path: &mut Vec<ObjectId>,
    done: &mut HashSet<(ObjectId, usize)>,
) -> Result<(), String> {
    let Some(xobjects) = deref_dict(doc, resources.get(b"XObject").ok()) else {
        return Ok(());
    };
    for (_, obj) in xobjects.iter() {
        let Object::Reference(id) = obj else { continue };
        let Ok(Object::Stream(stream)) = doc.get_object(*id) else {
            continue;
        };
        if !matches!(stream.dict.get(b"Subtype"), Ok(Object::Name(n)) if n == b"Form") {
            continue;
        }
        if path.contains(id) {
            return Err("a form on it draws itself".into());
        }
        if path.len() >= MAX_FORM_DEPTH {
            return Err(format!("its forms nest more than {MAX_FORM_DEPTH} deep"));
        }
        // A form without resources draws with those of whatever draws it.
        let inner = deref_dict(doc, stream.dict.get(b"Resources").ok()).unwrap_or(resources);
        if !done.insert((*id, inner as *const Dictionary as usize)) {
            continue;
        }
        path.push(*id);
        check_forms(doc, inner, path, done)?;
        path.pop();
    }
    Ok(())
}

/// A dictionary given inline or by reference (one level, as the reader follows it).
fn deref_dict<'a>(doc: &'a Document, obj: Option<&'a Object>) -> Option<&'a Dictionary> {
    match obj? {
        Object::Dictionary(d) => Some(d),
        Object::Reference(id) => doc.get_dictionary(*id).ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    /// A one-page PDF whose content stream is `content`, FlateDecode-compressed.
    fn pdf_with_content(content: &[u8]) -> Vec<u8> {
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        z.write_all(content).unwrap();
        let data = z.finish().unwrap();
        let mut stream = format!(
            "<< /Length {} /Filter /FlateDecode >>\nstream\n",
            data.len()
        )
        .into_bytes();
        stream.extend_from_slice(&data);
        stream.extend_from_slice(b"\nendstream");
        let objs: Vec<Vec<u8>> = vec![
            b"<< /Type /Catalog /Pages 2 0 R >>".to_vec(),
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>".to_vec(),
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>".to_vec(),
            stream,
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objs.iter().enumerate() {
            offsets.push(out.len());
            out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            out.extend_from_slice(o);
            out.extend_from_slice(b"\nendobj\n");
        }
        let xref = out.len();
        out.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes(),
        );
        for o in offsets {
            out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
        }
        out.extend_from_slice(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objs.len() + 1
            )
            .as_bytes(),
        );
        out
    }

    #[test]
    fn content_streams_are_measured_inflated_and_no_further_than_the_budget() {
        let content = vec![b' '; 3 << 20];
        let doc = Document::load_mem(&pdf_with_content(&content)).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        assert_eq!(content_bytes(&doc, page, 8 << 20), 3 << 20);
        // Past the budget it stops one byte over, having inflated no more.
        assert_eq!(content_bytes(&doc, page, 1 << 20), (1 << 20) + 1);
    }
}
