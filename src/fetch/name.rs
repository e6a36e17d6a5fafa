//! URLs and names: which URLs are fetched, what kind of document an answer is, and the
//! source name (path under `sources/`) a URL is saved as when the user gives none.

use crate::extract::Format;

use super::FetchError;

/// A URL that may be fetched: http or https, with a host, without credentials.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchUrl {
    /// The URL to request (without any `#fragment`, which is never sent).
    pub request: String,
    /// `http` or `https`.
    pub scheme: String,
    /// The host, lower-cased.
    pub host: String,
    /// The port, when the URL names one.
    pub port: Option<u16>,
    /// The path (`/` when empty).
    pub path: String,
    /// The query, without `?`.
    pub query: Option<String>,
}

/// Check `url` and take it apart. Only `http` and `https`; a host is required; a URL with a
/// user name or password is refused, because the URL is recorded in citecheck.toml.
pub fn parse_url(url: &str) -> Result<FetchUrl, FetchError> {
    let bad = |reason: &str| FetchError::BadUrl {
        url: url.to_string(),
        reason: reason.to_string(),
    };
    let trimmed = url.trim();
    if trimmed != url || url.is_empty() {
        return Err(bad("it is empty or has spaces around it"));
    }
    let scheme = match url.split_once(':') {
        Some((s, _))
            if !s.is_empty()
                && s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) =>
        {
            s.to_ascii_lowercase()
        }
        _ => return Err(bad("give the whole URL, starting with https:// or http://")),
    };
    if scheme != "http" && scheme != "https" {
        return Err(FetchError::Scheme {
            url: url.to_string(),
            scheme,
        });
    }
    let request = url.split('#').next().unwrap_or(url);
    let uri: ureq::http::Uri = request
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| bad(&e.to_string()))?;
    let Some(authority) = uri.authority() else {
        return Err(bad("it names no host"));
    };
    if authority.as_str().contains('@') {
        return Err(bad(
            "it holds a user name or password, which would be recorded in citecheck.toml",
        ));
    }
    let host = authority.host().to_ascii_lowercase();
    if host.is_empty() {
        return Err(bad("it names no host"));
    }
    Ok(FetchUrl {
        request: request.to_string(),
        scheme,
        host,
        port: authority.port_u16(),
        path: if uri.path().is_empty() {
            "/".into()
        } else {
            uri.path().to_string()
        },
        query: uri.query().map(str::to_string),
    })
}

/// What kind of document an answer is: by its Content-Type (HTML, PDF, Markdown, plain text),
/// else by its first bytes (a PDF announces itself). `None` when neither says.
pub fn content_format(content_type: Option<&str>, bytes: &[u8]) -> Option<Format> {
    let media = content_type
        .map(|t| {
            t.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    let by_type = match media.as_str() {
        "text/html" | "application/xhtml+xml" => Some(Format::Html),
        "application/pdf" | "application/x-pdf" => Some(Format::Pdf),
        "text/markdown" | "text/x-markdown" => Some(Format::Markdown),
        "text/plain" => Some(Format::Text),
        _ => None,
    };
    by_type.or_else(|| is_pdf(bytes).then_some(Format::Pdf))
}

/// Whether `bytes` are a PDF: the `%PDF-` header within the first kilobyte (where readers
/// look for it).
pub fn is_pdf(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    head.windows(5).any(|w| w == b"%PDF-")
}

/// The extension a new file of `format` gets.
pub fn extension(format: Format) -> &'static str {
    match format {
        Format::Html => "html",
        Format::Pdf => "pdf",
        Format::Markdown => "md",
        Format::Text => "txt",
    }
}

/// The longest piece of a derived name: file systems allow 255 bytes; a shorter cap leaves
/// room for the extension and keeps names readable.
const MAX_SEGMENT: usize = 80;

/// The source name (relative to `sources/`) for a document fetched from `url`: its host (and
/// port) as a folder, then its path, every piece reduced to letters, digits, `.`, `-` and `_`
/// (no piece starts with `.`: hidden files are not read as sources), `index` for a path that
/// ends in `/`, the query appended, and an extension for `format` when the name does not
/// already end in one of its extensions.
pub fn derive_name(url: &FetchUrl, format: Format) -> String {
    let mut host = sanitize(&url.host);
    if host.is_empty() {
        host = "host".into();
    }
    if let Some(port) = url.port {
        host = format!("{host}_{port}");
    }
    let mut parts = vec![host];
    let pieces: Vec<&str> = url.path.split('/').collect();
    for (i, raw) in pieces.iter().enumerate() {
        let piece = sanitize(raw);
        if !piece.is_empty() {
            parts.push(piece);
        } else if i + 1 == pieces.len() {
            // `/`, `/news/`: the page of the folder.
            parts.push("index".into());
        }
    }
    if let Some(q) = url.query.as_deref().map(sanitize).filter(|q| !q.is_empty()) {
        let last = parts.pop().unwrap_or_default();
        parts.push(cap(&format!("{last}_{q}")));
    }
    let mut name = parts.join("/");
    if Format::from_name(&name) != Ok(format) || !has_extension(&name) {
        name.push('.');
        name.push_str(extension(format));
    }
    name
}

fn has_extension(name: &str) -> bool {
    let file = name.rsplit('/').next().unwrap_or(name);
    matches!(file.rsplit_once('.'), Some((stem, _)) if !stem.is_empty())
}

/// `raw` (a piece of a URL) made a safe file name: percent-escapes decoded where they are
/// plain ASCII, everything but ASCII letters, digits, `.`, `-`, `_` replaced by `_`, runs of
/// `_` collapsed, no leading `.` or `_`, at most [`MAX_SEGMENT`] bytes; `.` and `..` vanish.
fn sanitize(raw: &str) -> String {
    let decoded = percent_decode_ascii(raw);
    let mut out = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        let keep = c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_');
        let c = if keep { c } else { '_' };
        if c == '_' && out.ends_with('_') {
            continue;
        }
        out.push(c);
    }
    let trimmed = out.trim_start_matches(['.', '_']).trim_end_matches('_');
    cap(trimmed)
}

fn cap(s: &str) -> String {
    // Only ASCII remains, so any byte index is a char boundary.
    s[..s.len().min(MAX_SEGMENT)].to_string()
}

/// `%20` and friends decoded when they stand for printable ASCII; anything else kept as
/// written (it is replaced by `_` afterwards anyway).
fn percent_decode_ascii(raw: &str) -> String {
    let b = raw.as_bytes();
    let mut out = String::with_capacity(raw.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' && i + 2 < b.len() {
            let hex = std::str::from_utf8(&b[i + 1..i + 3]).ok();
            if let Some(v) = hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                if v.is_ascii_graphic() || v == b' ' {
                    out.push(v as char);
                    i += 3;
                    continue;
                }
            }
        }
        out.push(b[i] as char);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(url: &str, f: Format) -> String {
        derive_name(&parse_url(url).unwrap(), f)
    }

    #[test]
    fn names_come_from_host_and_path_with_the_right_extension() {
        assert_eq!(
            name("https://Example.org/news/2020/story", Format::Html),
            "example.org/news/2020/story.html"
        );
        assert_eq!(
            name("https://example.org/a/report.pdf", Format::Pdf),
            "example.org/a/report.pdf"
        );
        // A PDF at a .php address, an HTML error page at a .pdf one: the content decides.
        assert_eq!(
            name("https://example.org/get.php?id=3", Format::Pdf),
            "example.org/get.php_id_3.pdf"
        );
        assert_eq!(
            name("https://example.org/a/report.pdf", Format::Html),
            "example.org/a/report.pdf.html"
        );
        assert_eq!(
            name("http://example.org", Format::Html),
            "example.org/index.html"
        );
        assert_eq!(
            name("http://127.0.0.1:8080/news/", Format::Html),
            "127.0.0.1_8080/news/index.html"
        );
        assert_eq!(
            name("https://example.org/readme", Format::Text),
            "example.org/readme.txt"
        );
        assert_eq!(
            name("https://example.org/notes.markdown", Format::Markdown),
            "example.org/notes.markdown"
        );
    }

    #[test]
    fn derived_names_stay_inside_and_visible() {
        let n = name(
            "https://example.org/%2e%2e/../.hidden/a%20b/%2Fetc#frag",
            Format::Html,
        );
        assert_eq!(n, "example.org/hidden/a_b/etc.html");
        for piece in n.split('/') {
            assert!(!piece.starts_with('.') && !piece.is_empty(), "{n}");
        }
        let long = format!("https://example.org/{}", "x".repeat(500));
        assert!(name(&long, Format::Html).len() < 120);
    }

    #[test]
    fn only_http_urls_with_a_host_and_no_credentials() {
        for bad in [
            "ftp://example.org/x",
            "file:///etc/passwd",
            "javascript:alert(1)",
        ] {
            assert!(
                matches!(parse_url(bad), Err(FetchError::Scheme { .. })),
                "{bad}"
            );
        }
        for bad in [
            "example.org/page",
            "https://user:pw@example.org/",
            "http:///path",
            " https://example.org",
            "",
        ] {
            assert!(
                matches!(parse_url(bad), Err(FetchError::BadUrl { .. })),
                "{bad}"
            );
        }
        let u = parse_url("HTTPS://example.org/a?b=1#c").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(u.request, "HTTPS://example.org/a?b=1");
        assert_eq!(u.query.as_deref(), Some("b=1"));
    }

    #[test]
    fn content_type_then_magic_decides_the_kind() {
        assert_eq!(
            content_format(Some("text/html; charset=utf-8"), b""),
            Some(Format::Html)
        );
        assert_eq!(
            content_format(Some("application/pdf"), b""),
            Some(Format::Pdf)
        );
        assert_eq!(
            content_format(Some("application/octet-stream"), b"%PDF-1.7\n"),
            Some(Format::Pdf)
        );
        assert_eq!(content_format(None, b"hello"), None);
        assert_eq!(content_format(Some("image/png"), b"\x89PNG"), None);
    }
}
