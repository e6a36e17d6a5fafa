//! Markdown documents, matched on their rendered text. (To be written: see issue 14.)

use super::{ExtractError, Extracted};

/// Extract the rendered text of a CommonMark document.
pub fn extract(_bytes: &[u8]) -> Result<Extracted, ExtractError> {
    unimplemented!("issue 14: Markdown extraction")
}
