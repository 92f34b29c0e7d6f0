//! Word (OOXML) documents: the text of `word/document.xml` with paragraphs
//! on their own lines and a table row's cells on one line, separated by tabs,
//! so `Title: | LS on ...` in a template table reads like a label line.

use quick_xml::Reader;
use quick_xml::escape::resolve_predefined_entity;
use quick_xml::events::Event;

use super::Limits;
use super::archive::{Budget, entry};

pub fn text(bytes: &[u8], limits: &Limits, budget: &mut Budget) -> Result<String, String> {
    let xml = entry(bytes, "word/document.xml", budget)?;
    document_text(&xml, limits.max_text)
}

fn document_text(xml: &[u8], max_text: usize) -> Result<String, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = String::new();
    // Inside <w:t> (text) or <w:instrText> (field codes, not shown text).
    let mut in_text = false;
    // Cells already written in the current table row.
    let mut cells = 0usize;
    loop {
        if out.len() > max_text * 4 {
            break; // the caller cuts to max_text characters
        }
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|e| format!("document.xml is not well-formed XML: {e}"))?;
        match event {
            Event::Start(e) => match e.local_name().as_ref() {
                "t" => in_text = true,
                "tr" => cells = 0,
                "tc" => {
                    if cells > 0 {
                        out.truncate(out.trim_end_matches(' ').len());
                        out.push('\t');
                    }
                    cells += 1;
                }
                _ => {}
            },
            Event::Empty(e) => match e.local_name().as_ref() {
                "tab" => out.push('\t'),
                "br" | "cr" => out.push('\n'),
                _ => {}
            },
            Event::End(e) => match e.local_name().as_ref() {
                "t" => in_text = false,
                // A paragraph ends a line, except inside a cell, where the
                // row's cells stay on one line.
                "p" if cells == 0 => out.push('\n'),
                "p" => out.push(' '),
                "tr" => {
                    out.push('\n');
                    cells = 0;
                }
                _ => {}
            },
            Event::Text(t) if in_text => out.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else if let Some(s) = resolve_predefined_entity(&r.into_inner()) {
                    out.push_str(s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    // Trailing spaces from cell paragraphs are noise.
    Ok(out
        .lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DOC: &str = r#"<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>
<w:p><w:r><w:t>3GPP TSG-SA WG3 Meeting #115</w:t></w:r><w:r><w:tab/><w:t>S3-231234</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>Title:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t xml:space="preserve">LS on </w:t></w:r><w:r><w:t>A &amp; B</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>To:</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>IETF LAMPS WG</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>1. Overall Description:</w:t></w:r></w:p><w:p><w:r><w:t>Text</w:t></w:r><w:r><w:br/><w:t>more</w:t></w:r></w:p>
</w:body></w:document>"#;

    #[test]
    fn paragraphs_are_lines_and_table_rows_keep_cells_together() {
        let t = document_text(DOC.as_bytes(), 1 << 20).unwrap();
        assert_eq!(
            t,
            "3GPP TSG-SA WG3 Meeting #115\tS3-231234\nTitle:\tLS on A & B\nTo:\tIETF LAMPS WG\n1. Overall Description:\nText\nmore"
        );
    }

    #[test]
    fn broken_xml_is_an_error() {
        assert!(document_text(b"<w:document><w:p><w:t>x</w:p>", 100).is_err());
    }
}
