//! HTML pages: readable text through an HTML5 parser. (To be written: see issue 14.)

use super::{Extracted, HtmlMode};

/// Extract the readable text of an HTML document.
pub fn extract(_bytes: &[u8], _mode: HtmlMode) -> Extracted {
    unimplemented!("issue 14: HTML extraction")
}
