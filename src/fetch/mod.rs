//! Downloading one document over HTTP or HTTPS, with its provenance.
//!
//! A fetched source is only as trustworthy as the record of where it came from, so every
//! download returns the bytes together with what the server said about them: the URL asked
//! for and the URL that answered after redirects, the status, Content-Type, ETag and
//! Last-Modified, the size, the SHA-256 and the retrieval time (UTC, RFC 3339). Nothing is
//! written here: the caller decides where the bytes go (`workflow::fetch`).
//!
//! The rules are narrow on purpose: only `http` and `https` (a `file:` URL would read the
//! user's disk on a stranger's behalf), no credentials in the URL (they would be recorded in
//! citecheck.toml), at most [`MAX_REDIRECTS`] redirects, connect and read timeouts, and a body
//! size limit enforced while the body streams in — a hostile server cannot make citecheck
//! buffer more than the limit. A 4xx or 5xx answer is an error, never a document.
//!
//! The client is ureq with rustls (no OpenSSL); it honours the usual proxy variables
//! (`HTTPS_PROXY`, `NO_PROXY`, ...). The clock is injected ([`Clock`]) so tests can pin the
//! retrieval time.

pub mod name;

use std::io::Read;
use std::time::{Duration, SystemTime};

use sha2::{Digest, Sha256};

pub use name::{content_format, derive_name, parse_url, FetchUrl};

/// Largest body downloaded unless the caller says otherwise: 64 MiB, far above a web page or a
/// report's PDF, far below what would exhaust memory.
pub const DEFAULT_MAX_BYTES: u64 = 64 << 20;

/// Most redirects followed before the download fails.
pub const MAX_REDIRECTS: u32 = 5;

/// How a download may behave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    /// Longest wait to open the connection (DNS, TCP and TLS).
    pub connect_timeout: Duration,
    /// Longest wait for the response headers, and for each read of the body: a server that
    /// stalls fails the download instead of hanging it.
    pub read_timeout: Duration,
    /// Most bytes the body may have (after decompression).
    pub max_bytes: u64,
    /// Longest the whole download may take, redirects included: a server that sends a byte
    /// just before each read would time out keeps a per-read timeout waiting for ever.
    pub total_timeout: Duration,
}

/// The default [`Options::total_timeout`]: five minutes.
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(300);

impl Default for Options {
    fn default() -> Self {
        Options {
            connect_timeout: Duration::from_secs(10),
            read_timeout: Duration::from_secs(30),
            max_bytes: DEFAULT_MAX_BYTES,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
        }
    }
}

/// Where the retrieval time comes from: the system clock in the binary, a fixed instant in
/// tests.
pub trait Clock {
    /// The current time.
    fn now(&self) -> SystemTime;
}

/// The system clock.
#[derive(Debug, Clone, Copy, Default)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> SystemTime {
        SystemTime::now()
    }
}

/// A clock that always says the same instant.
#[derive(Debug, Clone, Copy)]
pub struct FixedClock(pub SystemTime);

impl Clock for FixedClock {
    fn now(&self) -> SystemTime {
        self.0
    }
}

/// `time` in UTC as RFC 3339 to the second (`2026-01-31T12:00:00Z`).
pub fn rfc3339(time: SystemTime) -> String {
    humantime::format_rfc3339_seconds(time).to_string()
}

/// Parse an RFC 3339 UTC timestamp (`2026-01-31T12:00:00Z`).
pub fn parse_rfc3339(text: &str) -> Option<SystemTime> {
    humantime::parse_rfc3339(text).ok()
}

/// Whether `text` is a date (`2026-01-31`) or an RFC 3339 timestamp: what a `version_date`
/// may be.
pub fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    if b.len() == 10 {
        let digits = |r: std::ops::Range<usize>| b[r].iter().all(u8::is_ascii_digit);
        if !(digits(0..4) && b[4] == b'-' && digits(5..7) && b[7] == b'-' && digits(8..10)) {
            return false;
        }
        // Checked through a full timestamp, so 2026-02-30 is refused.
        return humantime::parse_rfc3339(&format!("{text}T00:00:00Z")).is_ok();
    }
    humantime::parse_rfc3339_weak(text).is_ok()
}

/// What a previous download said about the document, sent back so the server can answer
/// "304 Not Modified" instead of the body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Validators {
    /// The ETag it had (sent as `If-None-Match`).
    pub etag: Option<String>,
    /// The Last-Modified it had (sent as `If-Modified-Since`).
    pub last_modified: Option<String>,
}

/// Where a document came from and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// The URL asked for.
    pub url: String,
    /// The URL that answered, after redirects.
    pub final_url: String,
    /// The HTTP status of the final answer.
    pub status: u16,
    /// The Content-Type header, as sent.
    pub content_type: Option<String>,
    /// The ETag header, as sent.
    pub etag: Option<String>,
    /// The Last-Modified header, as sent.
    pub last_modified: Option<String>,
    /// Size of the body in bytes.
    pub size: u64,
    /// Hex SHA-256 of the body.
    pub sha256: String,
    /// When the answer arrived, UTC, RFC 3339.
    pub retrieved: String,
}

/// A downloaded document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Document {
    /// The body, exactly as received (after any Content-Encoding is undone).
    pub bytes: Vec<u8>,
    /// Where it came from.
    pub provenance: Provenance,
}

/// What a download brought.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The document.
    Fetched(Document),
    /// The server answered 304 to the [`Validators`] sent: the document did not change.
    NotModified {
        /// The URL that answered.
        final_url: String,
        /// When it answered.
        retrieved: String,
    },
}

/// Why a download failed. Nothing was written when one of these is returned.
#[derive(Debug, thiserror::Error)]
pub enum FetchError {
    /// Not a URL, or one citecheck will not fetch.
    #[error("`{url}` is not a URL citecheck can fetch: {reason}")]
    BadUrl {
        /// The URL as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A scheme other than http and https.
    #[error("`{url}`: only http and https URLs are fetched, not `{scheme}:`")]
    Scheme {
        /// The URL as given.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// The server answered with an error (4xx, 5xx) or an answer that is no document.
    #[error("{url}: the server answered {status}{}", at(url, final_url))]
    Status {
        /// The URL asked for.
        url: String,
        /// The URL that answered.
        final_url: String,
        /// The HTTP status and its reason (`404 Not Found`).
        status: String,
    },
    /// More redirects than [`MAX_REDIRECTS`] (or a loop).
    #[error("{url}: more than {max} redirects (a loop, or a chain too long to follow)")]
    TooManyRedirects {
        /// The URL asked for.
        url: String,
        /// The limit.
        max: u32,
    },
    /// The server did not connect or answer in time.
    #[error("{url}: timed out ({phase}) after {} s", secs(*.after))]
    Timeout {
        /// The URL asked for.
        url: String,
        /// What was being waited for (`connect`, `receive response`, `per read`).
        phase: String,
        /// The timeout that ran out.
        after: Duration,
    },
    /// The body is larger than the limit (found by its Content-Length, or while streaming).
    #[error("{url}: the document is larger than the limit of {limit} bytes")]
    TooLarge {
        /// The URL asked for.
        url: String,
        /// The limit.
        limit: u64,
    },
    /// The connection or the transfer failed.
    #[error("{url}: {message}")]
    Transfer {
        /// The URL asked for.
        url: String,
        /// What went wrong.
        message: String,
    },
}

/// ` (at FINAL)` when the answer came from another URL than the one asked for.
fn at(url: &str, final_url: &str) -> String {
    if final_url == url {
        String::new()
    } else {
        format!(" (at {final_url})")
    }
}

fn secs(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s.fract() == 0.0 {
        format!("{}", d.as_secs())
    } else {
        format!("{s}")
    }
}

/// Download `url` (http or https), sending `validators` as conditional headers. The body is
/// read in chunks, hashed as it arrives, and abandoned as soon as it passes
/// `options.max_bytes`.
pub fn fetch(
    url: &str,
    options: &Options,
    validators: &Validators,
    clock: &dyn Clock,
) -> Result<Outcome, FetchError> {
    let target = parse_url(url)?;
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(options.total_timeout))
        .timeout_connect(Some(options.connect_timeout))
        .timeout_recv_response(Some(options.read_timeout))
        .timeout_per_read(Some(options.read_timeout))
        .max_redirects(MAX_REDIRECTS)
        .max_redirects_will_error(true)
        // Statuses are judged here, with the final URL in hand.
        .http_status_as_error(false)
        .user_agent(format!("citecheck/{}", env!("CARGO_PKG_VERSION")))
        .build()
        .into();
    let mut request = agent.get(target.request.as_str());
    if let Some(etag) = &validators.etag {
        request = request.header("If-None-Match", etag.as_str());
    }
    if let Some(lm) = &validators.last_modified {
        request = request.header("If-Modified-Since", lm.as_str());
    }
    let mut response = request
        .call()
        .map_err(|e| transfer_error(url, options, e))?;
    let retrieved = rfc3339(clock.now());
    let final_url = {
        use ureq::ResponseExt;
        response.get_uri().to_string()
    };
    let status = response.status();
    if status.as_u16() == 304 && (validators.etag.is_some() || validators.last_modified.is_some()) {
        return Ok(Outcome::NotModified {
            final_url,
            retrieved,
        });
    }
    if !status.is_success() {
        // 4xx and 5xx, and any 1xx/3xx left over (a redirect without a Location): no document.
        return Err(FetchError::Status {
            url: url.to_string(),
            final_url,
            status: status.to_string(),
        });
    }
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
    };
    let content_type = header("content-type");
    let etag = header("etag");
    let last_modified = header("last-modified");
    let too_large = || FetchError::TooLarge {
        url: url.to_string(),
        limit: options.max_bytes,
    };
    // A declared length over the limit is refused before a byte of the body is read. (After
    // decompression the body may be longer than declared: the streaming check below holds.)
    let declared = header("content-length").and_then(|v| v.parse::<u64>().ok());
    let compressed = header("content-encoding").is_some_and(|e| e != "identity");
    if !compressed && declared.is_some_and(|n| n > options.max_bytes) {
        return Err(too_large());
    }
    let capacity = declared.unwrap_or(0).min(options.max_bytes).min(8 << 20) as usize;
    let mut bytes = Vec::with_capacity(capacity);
    let mut hasher = Sha256::new();
    let mut reader = response
        .body_mut()
        .as_reader()
        .take(options.max_bytes.saturating_add(1));
    let mut chunk = vec![0u8; 64 << 10];
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(read_error(url, options, e)),
        };
        if bytes.len() as u64 + n as u64 > options.max_bytes {
            return Err(too_large());
        }
        hasher.update(&chunk[..n]);
        bytes.extend_from_slice(&chunk[..n]);
    }
    let sha256 = crate::fs::hex(&hasher.finalize());
    Ok(Outcome::Fetched(Document {
        provenance: Provenance {
            url: url.to_string(),
            final_url,
            status: status.as_u16(),
            content_type,
            etag,
            last_modified,
            size: bytes.len() as u64,
            sha256,
            retrieved,
        },
        bytes,
    }))
}

/// The typed error for a failed request.
fn transfer_error(url: &str, options: &Options, e: ureq::Error) -> FetchError {
    let url = url.to_string();
    match e {
        ureq::Error::Timeout(t) => FetchError::Timeout {
            url,
            after: match t {
                ureq::Timeout::Connect => options.connect_timeout,
                ureq::Timeout::Global => options.total_timeout,
                _ => options.read_timeout,
            },
            phase: t.to_string(),
        },
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            url,
            max: MAX_REDIRECTS,
        },
        ureq::Error::BadUri(reason) => FetchError::BadUrl { url, reason },
        ureq::Error::HostNotFound => FetchError::Transfer {
            url,
            message: "host not found".into(),
        },
        ureq::Error::Io(io) => read_error(&url, options, io),
        other => FetchError::Transfer {
            url,
            message: other.to_string(),
        },
    }
}

/// The typed error for a failed read of the body (ureq wraps its errors in `io::Error`).
fn read_error(url: &str, options: &Options, e: std::io::Error) -> FetchError {
    let inner = e
        .get_ref()
        .and_then(|i| i.downcast_ref::<ureq::Error>())
        .map(|u| u.to_string());
    if e.kind() == std::io::ErrorKind::TimedOut
        || inner.as_deref().is_some_and(|m| m.starts_with("timeout"))
    {
        // The whole download's budget, or one read's.
        let global = inner.as_deref().is_some_and(|m| m.contains("global"));
        return FetchError::Timeout {
            url: url.to_string(),
            phase: if global { "in all" } else { "reading" }.into(),
            after: if global {
                options.total_timeout
            } else {
                options.read_timeout
            },
        };
    }
    FetchError::Transfer {
        url: url.to_string(),
        message: inner.unwrap_or_else(|| e.to_string()),
    }
}

/// A URL as compared with a source's recorded URLs: without its fragment (an annotation
/// tool may add `#annotations:...`) and a trailing slash, scheme and host in lower case.
pub fn url_key(u: &str) -> String {
    let u = u.trim();
    let u = u.split_once('#').map_or(u, |(a, _)| a);
    let u = u.strip_suffix('/').unwrap_or(u);
    match u.split_once("://") {
        Some((scheme, rest)) => {
            let (host, path) = rest.split_once('/').map_or((rest, ""), |(h, p)| (h, p));
            let sep = if path.is_empty() { "" } else { "/" };
            format!(
                "{}://{}{sep}{path}",
                scheme.to_ascii_lowercase(),
                host.to_ascii_lowercase()
            )
        }
        None => u.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retrieval_times_are_utc_rfc3339_to_the_second() {
        let t = SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000_000);
        assert_eq!(rfc3339(t), "2001-09-09T01:46:40Z");
        assert_eq!(parse_rfc3339("2001-09-09T01:46:40Z"), Some(t));
        assert_eq!(rfc3339(FixedClock(t).now()), "2001-09-09T01:46:40Z");
    }

    #[test]
    fn version_dates_are_dates_or_timestamps() {
        assert!(is_date("2020-02-29"));
        assert!(is_date("2020-02-29T10:00:00Z"));
        assert!(!is_date("2021-02-29"));
        assert!(!is_date("yesterday"));
        assert!(!is_date("2020-1-01"));
    }

    #[test]
    fn non_http_urls_fail_before_any_connection() {
        let e = fetch(
            "file:///etc/passwd",
            &Options::default(),
            &Validators::default(),
            &SystemClock,
        )
        .unwrap_err();
        assert!(
            matches!(e, FetchError::Scheme { ref scheme, .. } if scheme == "file"),
            "{e}"
        );
    }
}
