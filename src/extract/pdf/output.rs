//! The built-in engine's text output: `pdf-extract`'s plain-text layout (a line break where
//! the baseline moves down, a space where a gap opens between glyphs), with superscripts and
//! subscripts kept apart from ordinary text.
//!
//! A PDF draws `10⁴` as a `1` and a `0`, then a smaller `4` raised by text rise (`Ts`) or a
//! moved text matrix; read glyph by glyph it is `104`. A glyph is read as a superscript when
//! it is smaller than the line's last ordinary glyph (40% to 90% of its size) and its
//! baseline is raised by 15% to 60% of that size (more is another line, or a drop capital's
//! neighbour), and as a subscript when as small and lowered by 10% to 50% (more is the next
//! line: a heading's first line of text, a footnote); the first glyph of such a run must
//! also start where the glyph before it ended (within one em to its right: a smaller table
//! cell further along the line is not a superscript). Such glyphs are gathered into runs
//! and written as `extract::script` says: in superscript (subscript) form when every
//! character of the run has one, else as written, set off by a space from a word it would run
//! into. Everything else is written exactly as `pdf_extract::PlainTextOutput` writes it: its
//! layout logic follows that type's (pdf-extract 0.12, MIT licence, by Jeff Muizelaar).

use std::fmt::Write as _;

use pdf_extract::{MediaBox, OutputDev, OutputError, Transform};

use crate::extract::script::{would_fuse, Script};

/// Writes one page's text into a `String`.
pub(super) struct TextOutput<'a> {
    out: &'a mut String,
    last_end: f64,
    last_y: f64,
    first_char: bool,
    flip_ctm: Transform,
    /// The baseline and size of the last ordinary glyph (the line's text), once there is one.
    base: Option<(f64, f64)>,
    /// Superscript (subscript) glyphs not yet written, with the spaces laid out among them.
    pending: String,
    /// The script of `pending`.
    script: Option<Script>,
    /// The last run written was kept as written and ends in a letter or digit: an ordinary
    /// glyph right after it is set off by a space when it would run into it.
    guard: bool,
}

impl<'a> TextOutput<'a> {
    pub(super) fn new(out: &'a mut String) -> TextOutput<'a> {
        TextOutput {
            out,
            last_end: 100000.,
            last_y: 0.,
            first_char: false,
            flip_ctm: Transform::identity(),
            base: None,
            pending: String::new(),
            script: None,
            guard: false,
        }
    }

    /// Write the gathered superscript (subscript) glyphs.
    pub(super) fn flush(&mut self) {
        let Some(script) = self.script.take() else {
            return;
        };
        let pending = std::mem::take(&mut self.pending);
        let mut loose = false;
        for (i, run) in pending.split(' ').enumerate() {
            if i > 0 {
                self.out.push(' ');
                loose = false;
            }
            if run.is_empty() {
                continue;
            }
            if let Some(formed) = script.run(run) {
                self.out.push_str(&formed);
                loose = false;
            } else {
                if !loose && would_fuse(self.out.chars().next_back(), run.chars().next()) {
                    self.out.push(' ');
                }
                self.out.push_str(run);
                loose = run.chars().next_back().is_some_and(char::is_alphanumeric);
            }
        }
        self.guard = loose;
    }

    /// Which script a glyph of `size` at `x` on baseline `y` is in, against the line's
    /// ordinary text.
    fn script_of(&self, x: f64, y: f64, size: f64) -> Option<Script> {
        let (base_y, base_size) = self.base?;
        if !(size >= base_size * 0.4 && size < base_size * 0.9) {
            return None;
        }
        // A run starts right after the glyph before it.
        let follows = x >= self.last_end - size * 0.5 && x <= self.last_end + base_size;
        if self.script.is_none() && !follows {
            return None;
        }
        // Flipped coordinates: a smaller y stands higher on the page.
        let rise = base_y - y;
        if rise >= base_size * 0.15 && rise <= base_size * 0.6 {
            Some(Script::Super)
        } else if -rise >= base_size * 0.1 && -rise <= base_size * 0.5 {
            Some(Script::Sub)
        } else {
            None
        }
    }
}

impl OutputDev for TextOutput<'_> {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.flip_ctm = Transform::row_major(1., 0., 0., -1., 0., media_box.ury - media_box.lly);
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.flush();
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        let position = trm.post_transform(&self.flip_ctm);
        // `trm.transform_vector((font_size, font_size))`, the side of the square of its area.
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).sqrt();
        let (x, y) = (position.m31, position.m32);
        let script = self.script_of(x, y, size);
        if script != self.script {
            self.flush();
            self.script = script;
        }
        let mut lead = String::new();
        if self.first_char {
            if (y - self.last_y).abs() > size * 1.5 {
                lead.push('\n');
            }
            // Moved to the left and down.
            if x < self.last_end && (y - self.last_y).abs() > size * 0.5 {
                lead.push('\n');
            }
            if x > self.last_end + size * 0.1 {
                lead.push(' ');
            }
        }
        if script.is_some() {
            // Spaces among the glyphs split runs; a line break ends them.
            if lead.contains('\n') {
                self.flush();
                self.script = script;
                self.out.push_str(&lead);
            } else if !lead.is_empty() {
                self.pending.push(' ');
            }
            self.pending.push_str(char);
        } else {
            if std::mem::take(&mut self.guard)
                && lead.is_empty()
                && would_fuse(self.out.chars().next_back(), char.chars().next())
            {
                self.out.push(' ');
            }
            let _ = write!(self.out, "{lead}{char}");
            if size.is_finite() && size > 0.0 {
                self.base = Some((y, size));
            }
        }
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * size;
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.first_char = true;
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}
