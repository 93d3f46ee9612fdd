//! The PDF writer for text documents (the partner agreement with its acceptance record): A4
//! pages of paragraphs wrapped to the measured width of DejaVu Sans, which Partnerhub ships in
//! `fonts/` and embeds as a subset, so any name or address keeps its letters (Łódź, İstanbul,
//! Ελλάδα, Москва). Each glyph maps back to its text, so the document stays searchable and its
//! text can be copied; the document carries its title and language.

use std::sync::LazyLock;

use krilla::geom::Point;
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::text::{Font, TextDirection};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

/// A piece of a document, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A line in a smaller size (the footer of a record).
    Small(String),
}

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;
const LINE_WIDTH: f32 = PAGE_WIDTH - 2.0 * MARGIN;

static REGULAR: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");
static BOLD: &[u8] = include_bytes!("../fonts/DejaVuSans-Bold.ttf");

/// A typeface: what krilla embeds, and its metrics for wrapping lines.
struct Face {
    font: Font,
    metrics: FontRef<'static>,
}

impl Face {
    fn load(bytes: &'static [u8]) -> Option<Self> {
        Some(Self { font: Font::new(bytes.into(), 0)?, metrics: FontRef::new(bytes).ok()? })
    }

    /// The width of `text` at `size` points (a character the font lacks counts as its blank box).
    fn width(&self, text: &str, size: f32) -> f32 {
        let charmap = self.metrics.charmap();
        let glyphs = self.metrics.glyph_metrics(Size::new(size), LocationRef::default());
        text.chars().map(|c| glyphs.advance_width(charmap.map(c).unwrap_or_default()).unwrap_or(size / 2.0)).sum()
    }
}

static FACES: LazyLock<Option<(Face, Face)>> = LazyLock::new(|| Some((Face::load(REGULAR)?, Face::load(BOLD)?)));

/// Why a document could not be written (a shipped font that does not load, or the writer's own
/// refusal); the server logs it.
#[derive(Debug, thiserror::Error)]
#[error("the PDF could not be written: {0}")]
pub struct PdfError(String);

/// Wraps `text` to lines no wider than `width`; a word wider than a line is broken between
/// characters.
fn wrap(text: &str, width: f32, measure: impl Fn(&str) -> f32) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        let joined = if line.is_empty() { word.to_owned() } else { format!("{line} {word}") };
        if measure(&joined) <= width {
            line = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        for c in word.chars() {
            line.push(c);
            if measure(&line) > width && line.chars().count() > 1 {
                line.pop();
                lines.push(std::mem::replace(&mut line, c.to_string()));
            }
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

/// A line of text placed on a page: (page, baseline from the top, bold, size, text).
type Placed = (usize, f32, bool, f32, String);

/// Lays the blocks out on pages, top to bottom.
fn layout(blocks: &[Block], measure: impl Fn(bool, &str, f32) -> f32) -> (usize, Vec<Placed>) {
    let mut placed: Vec<Placed> = Vec::new();
    let (mut page, mut y) = (0, MARGIN);
    for block in blocks {
        // (bold, size, leading, space after)
        let (text, bold, size, leading, after) = match block {
            Block::Title(t) => (t, true, 18.0, 24.0, 8.0),
            Block::Heading(t) => (t, true, 12.0, 23.0, 0.0),
            Block::Paragraph(t) => (t, false, 10.5, 14.5, 6.0),
            Block::Small(t) => (t, false, 9.0, 12.5, 0.0),
        };
        for line in wrap(text, LINE_WIDTH, |t| measure(bold, t, size)) {
            if y + leading > PAGE_HEIGHT - MARGIN {
                page += 1;
                y = MARGIN;
            }
            y += leading;
            placed.push((page, y, bold, size, line));
        }
        y += after;
    }
    let pages = placed.last().map_or(1, |p| p.0 + 1);
    (pages, placed)
}

/// The document as PDF bytes; `language` is its BCP 47 tag (`en`, `nl`).
pub fn document(blocks: &[Block], language: &str) -> Result<Vec<u8>, PdfError> {
    let (regular, bold) = FACES.as_ref().ok_or_else(|| PdfError("the shipped DejaVu Sans did not load".into()))?;
    let face = |is_bold: bool| if is_bold { bold } else { regular };
    let (pages, placed) = layout(blocks, |is_bold, text, size| face(is_bold).width(text, size));
    let title = blocks.iter().find_map(|b| match b {
        Block::Title(t) => Some(t.clone()),
        _ => None,
    });
    let mut doc = Document::new();
    let mut metadata = Metadata::new().language(language.to_owned()).creator("Partnerhub".to_owned());
    if let Some(title) = title {
        metadata = metadata.title(title);
    }
    doc.set_metadata(metadata);
    let settings = PageSettings::from_wh(PAGE_WIDTH, PAGE_HEIGHT).ok_or_else(|| PdfError("page size".into()))?;
    for number in 0..pages {
        let mut page = doc.start_page_with(settings.clone());
        let mut surface = page.surface();
        for (_, y, is_bold, size, text) in placed.iter().filter(|p| p.0 == number) {
            surface.draw_text(Point::from_xy(MARGIN, *y), face(*is_bold).font.clone(), *size, text, false, TextDirection::Auto);
        }
        surface.finish();
        page.finish();
    }
    doc.finish().map_err(|e| PdfError(format!("{e:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_of(pdf: &[u8]) -> String {
        use std::io::Write;
        let mut child = std::process::Command::new("pdftotext")
            .args(["-enc", "UTF-8", "-", "-"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("pdftotext (poppler-utils) is installed by .ci/setup --test");
        child.stdin.take().unwrap().write_all(pdf).unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success(), "pdftotext reads the document");
        String::from_utf8(out.stdout).unwrap()
    }

    #[test]
    fn polish_turkish_greek_and_dutch_names_keep_every_letter_when_the_text_is_extracted() {
        let names = [
            "Łódź Sp. z o.o.",
            "Zakłady Żółć Źdźbło",
            "İstanbul Yazılım A.Ş.",
            "Ελληνική Εταιρεία Α.Ε.",
            "Москва ООО",
            "Café Ünited B.V. — ’s-Hertogenbosch",
            "IJsselmeer Coöperatie U.A.",
        ];
        let blocks: Vec<Block> = names.iter().map(|n| Block::Paragraph(format!("Accepted for {n}."))).collect();
        let pdf = document(&blocks, "pl").unwrap();
        assert!(pdf.starts_with(b"%PDF-"));
        let text = text_of(&pdf);
        for name in names {
            assert!(text.contains(name), "{name} in {text}");
        }
    }

    #[test]
    fn a_long_text_runs_onto_more_pages_and_a_word_wider_than_the_page_is_broken() {
        let long = "Each party keeps confidential what the other shares. ".repeat(200);
        let wide = "W".repeat(300);
        let pdf = document(&[Block::Title("Partner Agreement".into()), Block::Paragraph(long), Block::Paragraph(wide.clone())], "en").unwrap();
        let text = text_of(&pdf);
        assert!(text.matches('\u{c}').count() >= 2, "more than one page");
        assert!(text.lines().all(|l| l.chars().count() < 120), "no line runs off the page");
        assert_eq!(text.chars().filter(|c| *c == 'W').count(), 300, "every letter of the wide word is kept");
    }

    #[test]
    fn lines_are_wrapped_to_the_measured_width() {
        let measure = |t: &str| t.chars().count() as f32;
        assert_eq!(wrap("aa bb cc", 5.0, measure), vec!["aa bb", "cc"]);
        assert_eq!(wrap("abcdefg", 3.0, measure), vec!["abc", "def", "g"]);
        assert_eq!(wrap("  ", 3.0, measure), Vec::<String>::new());
    }
}
