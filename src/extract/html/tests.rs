//! Tests of the HTML reader.

use super::*;

fn main(html: &str) -> String {
    extract(html.as_bytes(), HtmlMode::Main).text
}

fn all(html: &str) -> String {
    extract(html.as_bytes(), HtmlMode::All).text
}

#[test]
fn smoke() {
    assert_eq!(all("<p>Tom &amp; Jerry</p><p>run</p>"), "Tom & Jerry\nrun");
}
