//! PDF text layer: poppler's `pdftotext -layout` when installed (it keeps a
//! template's label and value columns on one line), else the pure-Rust
//! `pdf-extract`. Wide gaps between columns become tabs, as table cells
//! from DOCX do, so labels in either column are found.

use std::sync::LazyLock;

use regex::Regex;

use super::Limits;
use super::convert::run;

static COLUMN_GAP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[ \t]{3,}").unwrap());

pub fn text(bytes: &[u8], limits: &Limits) -> Result<String, String> {
    let text = match run(
        (
            "pdftotext",
            &["-layout", "-enc", "UTF-8", "-q", "FILE", "-"],
        ),
        "doc.pdf",
        bytes,
        limits,
    )? {
        Some(t) => t,
        None => pdf_extract::extract_text_from_mem(bytes)
            .map_err(|e| format!("no text layer could be read: {e}"))?,
    };
    if text.trim().is_empty() {
        return Err("the PDF has no text layer (a scan?)".into());
    }
    Ok(text
        .lines()
        .map(|l| COLUMN_GAP.replace_all(l.trim(), "\t").into_owned())
        .collect::<Vec<_>>()
        .join("\n"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A one-page PDF whose text layer holds `lines`.
    fn pdf(lines: &[&str]) -> Vec<u8> {
        let ops: String = lines
            .iter()
            .enumerate()
            .map(|(i, l)| format!("1 0 0 1 50 {} Tm ({l}) Tj ", 800 - 14 * i))
            .collect();
        let content = format!("BT /F1 10 Tf {ops}ET");
        let objects = [
            "<< /Type /Catalog /Pages 2 0 R >>".to_string(),
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>".into(),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into(),
            format!("<< /Length {} >>\nstream\n{content}\nendstream", content.len()),
        ];
        let mut out = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(out.len());
            out.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).bytes());
        }
        let xref = out.len();
        out.extend(format!("xref\n0 {}\n0000000000 65535 f \n", objects.len() + 1).bytes());
        for o in offsets {
            out.extend(format!("{o:010} 00000 n \n").bytes());
        }
        out.extend(
            format!(
                "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
                objects.len() + 1
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn the_text_layer_is_read_by_either_reader() {
        let doc = pdf(&["LIAISON STATEMENT", "Title: LS on OTN"]);
        let t = text(&doc, &Limits::default()).unwrap();
        assert!(
            t.contains("LIAISON STATEMENT") && t.contains("Title: LS on OTN"),
            "{t}"
        );
        let t = pdf_extract::extract_text_from_mem(&doc).unwrap();
        assert!(t.contains("Title: LS on OTN"), "{t}");
    }

    #[test]
    fn a_broken_pdf_is_an_error() {
        let mut doc = pdf(&["Title: x"]);
        doc.truncate(40);
        assert!(text(&doc, &Limits::default()).is_err());
    }

    #[test]
    fn column_gaps_become_cells() {
        assert_eq!(
            COLUMN_GAP.replace_all("Title:     LS on X", "\t"),
            "Title:\tLS on X"
        );
    }
}
