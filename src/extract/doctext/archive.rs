//! ZIP archives, read entry by entry with the bytes actually inflated
//! counted (declared sizes lie in zip bombs).

use std::io::{Cursor, Read};

use zip::ZipArchive;

use super::{DocText, Limits};

/// What unpacking may still cost for the current attachment.
pub struct Budget {
    pub unpacked: u64,
    pub entries: usize,
}

impl Budget {
    pub fn new(limits: &Limits) -> Budget {
        Budget {
            unpacked: limits.max_unpacked,
            entries: limits.max_entries,
        }
    }

    /// Inflates at most the remaining budget; `Err` when the entry needs more.
    pub fn take(&mut self, entry: impl Read) -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        entry
            .take(self.unpacked + 1)
            .read_to_end(&mut out)
            .map_err(|e| format!("cannot unpack: {e}"))?;
        if out.len() as u64 > self.unpacked {
            self.unpacked = 0;
            return Err("unpacking would go over the size limit for one attachment".into());
        }
        self.unpacked -= out.len() as u64;
        Ok(out)
    }
}

pub fn has_entry(bytes: &[u8], name: &str) -> bool {
    ZipArchive::new(Cursor::new(bytes)).is_ok_and(|mut z| z.by_name(name).is_ok())
}

/// One entry's bytes by name, within the budget.
pub fn entry(bytes: &[u8], name: &str, budget: &mut Budget) -> Result<Vec<u8>, String> {
    let mut z = ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a ZIP file: {e}"))?;
    let file = z.by_name(name).map_err(|e| format!("no {name}: {e}"))?;
    budget.take(file)
}

/// Every entry's text, recursively up to `limits.max_depth`.
pub fn read(
    path: &str,
    bytes: &[u8],
    limits: &Limits,
    depth: usize,
    budget: &mut Budget,
) -> Vec<DocText> {
    let note = |why: String| vec![DocText::new(path, "application/zip", None, Some(why))];
    if depth >= limits.max_depth {
        return note(format!(
            "archive nested deeper than {} levels is not opened",
            limits.max_depth
        ));
    }
    let mut z = match ZipArchive::new(Cursor::new(bytes)) {
        Ok(z) => z,
        Err(e) => return note(format!("not a readable ZIP file: {e}")),
    };
    let mut out = Vec::new();
    for i in 0..z.len() {
        if budget.entries == 0 {
            out.extend(note(format!(
                "only the first {} archive entries were read",
                limits.max_entries
            )));
            break;
        }
        budget.entries -= 1;
        let (inner, bytes) = match z.by_index(i) {
            Ok(f) if f.is_dir() => continue,
            Ok(f) => {
                // A label only: entry names never become file paths.
                let name = f
                    .name()
                    .map_or_else(|_| format!("entry-{i}"), |n| n.into_owned());
                let inner = format!("{path}/{}", name.trim_start_matches(['/', '\\']));
                match budget.take(f) {
                    Ok(b) => (inner, b),
                    Err(why) => {
                        out.push(DocText::new(&inner, &guess(&inner), None, Some(why)));
                        break;
                    }
                }
            }
            Err(e) => {
                out.extend(note(format!("entry {i} unreadable: {e}")));
                continue;
            }
        };
        out.extend(super::read(
            &inner,
            &guess(&inner),
            &bytes,
            limits,
            depth + 1,
            budget,
        ));
    }
    if out.is_empty() {
        return note("empty archive".into());
    }
    out
}

/// A media type from an entry's name; the bytes are sniffed again anyway.
fn guess(name: &str) -> String {
    let ext = name.rsplit_once('.').map_or("", |(_, e)| e).to_lowercase();
    match ext.as_str() {
        "pdf" => "application/pdf",
        "docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "doc" => "application/msword",
        "zip" => "application/zip",
        "htm" | "html" => "text/html",
        "txt" => "text/plain",
        "eml" => "message/rfc822",
        _ => "application/octet-stream",
    }
    .into()
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::{SimpleFileOptions, ZipWriter};

    use super::super::extract_in_process;
    use super::*;

    pub fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut w = ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            w.start_file(*name, SimpleFileOptions::default()).unwrap();
            w.write_all(data).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    #[test]
    fn nested_archives_are_read_with_their_paths() {
        let inner = zip(&[("ls.txt", b"Title: inner")]);
        let outer = zip(&[("cover.txt", b"cover"), ("inner.zip", &inner)]);
        let d = extract_in_process("LS.zip", "application/zip", &outer, &Limits::default());
        let paths: Vec<_> = d.iter().map(|t| t.path.as_str()).collect();
        assert_eq!(paths, ["LS.zip/cover.txt", "LS.zip/inner.zip/ls.txt"]);
        assert_eq!(d[1].text.as_deref(), Some("Title: inner"));
    }

    #[test]
    fn depth_is_bounded() {
        let mut z = zip(&[("deep.txt", b"deep")]);
        for _ in 0..5 {
            z = zip(&[("z.zip", &z)]);
        }
        let d = extract_in_process("bomb.zip", "application/zip", &z, &Limits::default());
        assert!(d.iter().all(|t| t.text.is_none()));
        assert!(d[0].note.as_deref().unwrap().contains("nested deeper"));
    }

    #[test]
    fn a_zip_bomb_stops_at_the_unpacked_limit() {
        let zeros = vec![0u8; 4 << 20];
        let z = zip(&[("a.bin", &zeros), ("b.bin", &zeros), ("c.txt", b"never")]);
        let limits = Limits {
            max_unpacked: 5 << 20,
            ..Limits::default()
        };
        let d = extract_in_process("bomb.zip", "application/zip", &z, &limits);
        assert!(
            d.iter()
                .any(|t| t.note.as_deref().is_some_and(|n| n.contains("size limit")))
        );
        assert!(d.iter().all(|t| t.path != "bomb.zip/c.txt"));
    }

    #[test]
    fn entry_count_is_bounded() {
        let names: Vec<String> = (0..20).map(|i| format!("{i}.txt")).collect();
        let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
        let limits = Limits {
            max_entries: 5,
            ..Limits::default()
        };
        let d = extract_in_process("many.zip", "application/zip", &zip(&entries), &limits);
        assert_eq!(d.iter().filter(|t| t.text.is_some()).count(), 5);
        assert!(
            d.last()
                .unwrap()
                .note
                .as_deref()
                .unwrap()
                .contains("first 5")
        );
    }

    #[test]
    fn garbage_is_a_note_not_a_panic() {
        let d = extract_in_process(
            "x.zip",
            "application/zip",
            b"PK\x03\x04garbage",
            &Limits::default(),
        );
        assert!(d[0].text.is_none() && d[0].note.is_some());
    }
}
