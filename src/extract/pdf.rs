//! PDF documents, read page by page. (To be written: see issue 14.)

use super::{ExtractError, Extracted, PdfEngine};

/// Extract the text of a PDF document, page by page.
pub fn extract(_bytes: &[u8], _engine: PdfEngine) -> Result<Extracted, ExtractError> {
    unimplemented!("issue 14: PDF extraction")
}
