//! A small PDF writer for text documents (the partner agreement with its acceptance record):
//! A4 pages, the standard Helvetica fonts in WinAnsi encoding, paragraphs wrapped to the page.
//! Content streams are not compressed, so the text stays searchable by simple tools.

/// A piece of a document, top to bottom.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Block {
    Title(String),
    Heading(String),
    Paragraph(String),
    /// A line in a smaller, muted size (the footer of a record).
    Small(String),
}

const PAGE_WIDTH: f32 = 595.0;
const PAGE_HEIGHT: f32 = 842.0;
const MARGIN: f32 = 56.0;

/// One character in WinAnsi (Windows-1252); what it cannot show becomes `?`.
fn win_ansi(c: char) -> u8 {
    match c {
        '€' => 0x80,
        '‚' => 0x82,
        '„' => 0x84,
        '…' => 0x85,
        '‘' => 0x91,
        '’' => 0x92,
        '“' => 0x93,
        '”' => 0x94,
        '•' => 0x95,
        '–' => 0x96,
        '—' => 0x97,
        c if (c as u32) < 0x80 && !c.is_control() => c as u8,
        c if (0xA0..=0xFF).contains(&(c as u32)) => c as u32 as u8,
        _ => b'?',
    }
}

/// A PDF string literal: WinAnsi bytes with `\`, `(` and `)` escaped.
fn literal(text: &str) -> Vec<u8> {
    let mut out = vec![b'('];
    for c in text.chars() {
        let b = win_ansi(c);
        if matches!(b, b'\\' | b'(' | b')') {
            out.push(b'\\');
        }
        out.push(b);
    }
    out.push(b')');
    out
}

/// Wraps `text` to lines of at most `width` characters (Helvetica averages about half an em).
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

struct Pages {
    pages: Vec<Vec<u8>>,
    y: f32,
}

impl Pages {
    fn line(&mut self, font: &str, size: f32, leading: f32, text: &str) {
        if self.pages.is_empty() || self.y - leading < MARGIN {
            self.pages.push(Vec::new());
            self.y = PAGE_HEIGHT - MARGIN;
        }
        self.y -= leading;
        let page = self.pages.last_mut().expect("a page exists");
        page.extend_from_slice(format!("BT /{font} {size} Tf {MARGIN} {:.1} Td ", self.y).as_bytes());
        page.extend(literal(text));
        page.extend_from_slice(b" Tj ET\n");
    }

    fn gap(&mut self, points: f32) {
        self.y -= points;
    }
}

/// The document as PDF bytes.
pub fn document(blocks: &[Block]) -> Vec<u8> {
    let chars_per_line = |size: f32| ((PAGE_WIDTH - 2.0 * MARGIN) / (size * 0.52)) as usize;
    let mut pages = Pages { pages: Vec::new(), y: PAGE_HEIGHT - MARGIN };
    for block in blocks {
        match block {
            Block::Title(t) => {
                for l in wrap(t, chars_per_line(18.0)) {
                    pages.line("F2", 18.0, 24.0, &l);
                }
                pages.gap(8.0);
            }
            Block::Heading(t) => {
                pages.gap(6.0);
                for l in wrap(t, chars_per_line(12.0)) {
                    pages.line("F2", 12.0, 17.0, &l);
                }
            }
            Block::Paragraph(t) => {
                for l in wrap(t, chars_per_line(10.5)) {
                    pages.line("F1", 10.5, 14.5, &l);
                }
                pages.gap(6.0);
            }
            Block::Small(t) => {
                for l in wrap(t, chars_per_line(9.0)) {
                    pages.line("F1", 9.0, 12.5, &l);
                }
            }
        }
    }
    if pages.pages.is_empty() {
        pages.pages.push(Vec::new());
    }
    assemble(&pages.pages)
}

/// Objects: 1 catalog, 2 pages, 3 Helvetica, 4 Helvetica-Bold, then a page and its content
/// stream for each page.
fn assemble(contents: &[Vec<u8>]) -> Vec<u8> {
    let mut objects: Vec<Vec<u8>> = Vec::new();
    let kids: Vec<String> = (0..contents.len()).map(|i| format!("{} 0 R", 5 + 2 * i)).collect();
    objects.push(b"<< /Type /Catalog /Pages 2 0 R >>".to_vec());
    objects.push(format!("<< /Type /Pages /Kids [{}] /Count {} >>", kids.join(" "), contents.len()).into_bytes());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".to_vec());
    objects.push(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>".to_vec());
    for (i, content) in contents.iter().enumerate() {
        objects.push(
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {PAGE_WIDTH} {PAGE_HEIGHT}] /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents {} 0 R >>",
                6 + 2 * i
            )
            .into_bytes(),
        );
        let mut stream = format!("<< /Length {} >>\nstream\n", content.len()).into_bytes();
        stream.extend_from_slice(content);
        stream.extend_from_slice(b"endstream");
        objects.push(stream);
    }
    let mut out = b"%PDF-1.4\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::with_capacity(objects.len());
    for (i, object) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(object);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    out.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).as_bytes());
    for offset in offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    out.extend_from_slice(format!("trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n", objects.len() + 1).as_bytes());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_document_is_a_pdf_whose_text_can_be_found_and_whose_xref_points_at_its_objects() {
        let long = "Each party keeps confidential what the other shares. ".repeat(200);
        let pdf = document(&[
            Block::Title("Partner Agreement — version 2026-11".into()),
            Block::Paragraph(long),
            Block::Heading("Accepted by Anna de Vries (Café Ünited B.V.)".into()),
        ]);
        assert!(pdf.starts_with(b"%PDF-1.4"));
        assert!(pdf.ends_with(b"%%EOF\n"));
        let text = String::from_utf8_lossy(&pdf);
        assert!(!text.contains("/Count 1 "), "a long text runs onto more pages");
        assert!(pdf.windows(9).any(|w| w == b"Caf\xE9 \xDCnit"), "Latin-1 letters are kept");
        assert!(pdf.windows(12).any(|w| w == b"Agreement \x97 "), "the dash is WinAnsi");
        let tail = String::from_utf8(pdf[pdf.len() - 40..].to_vec()).unwrap();
        let start: usize = tail.rsplit("startxref\n").next().unwrap().lines().next().unwrap().parse().unwrap();
        assert_eq!(&pdf[start..start + 4], b"xref");
        let xref = String::from_utf8(pdf[start..].to_vec()).unwrap();
        let first_offset: usize = xref.lines().nth(3).unwrap()[..10].parse().unwrap();
        assert_eq!(&pdf[first_offset..first_offset + 7], b"1 0 obj");
    }

    #[test]
    fn parentheses_and_backslashes_are_escaped() {
        assert_eq!(literal("a (b) \\ c"), b"(a \\(b\\) \\\\ c)".to_vec());
    }
}
