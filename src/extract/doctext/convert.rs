//! External converters (pdftotext, antiword, catdoc, LibreOffice), each run
//! on a temporary copy with a time limit and bounded output. A converter that
//! is not installed is simply skipped; the document is then kept and flagged.

use std::io::{Read, Write};
use std::process::{Command, Stdio};

use wait_timeout::ChildExt;

use super::{Limits, decode};

/// How a converter is called: `FILE` stands for the document's path.
type Recipe = (&'static str, &'static [&'static str]);

const LEGACY: &[Recipe] = &[
    ("antiword", &["-w", "0", "FILE"]),
    ("catdoc", &["-w", "FILE"]),
    ("soffice", &["--headless", "--cat", "FILE"]),
];

/// Word 97-2003, RTF, OpenDocument and the like.
pub fn legacy(name: &str, bytes: &[u8], limits: &Limits) -> Result<String, String> {
    let mut tried = Vec::new();
    for recipe in LEGACY {
        match run(*recipe, name, bytes, limits) {
            Ok(Some(text)) if !text.trim().is_empty() => return Ok(text),
            Ok(Some(_)) => tried.push(format!("{} found no text", recipe.0)),
            Ok(None) => {}
            Err(why) => tried.push(why),
        }
    }
    if tried.is_empty() {
        Err("no converter for this format is installed (antiword, catdoc or LibreOffice)".into())
    } else {
        Err(tried.join("; "))
    }
}

/// Runs a converter; `Ok(None)` when it is not installed.
pub fn run(
    (tool, args): Recipe,
    name: &str,
    bytes: &[u8],
    limits: &Limits,
) -> Result<Option<String>, String> {
    let ext = name.rsplit_once('.').map_or("bin", |(_, e)| e);
    let ext: String = ext
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(8)
        .collect();
    let mut file = tempfile::Builder::new()
        .suffix(&format!(".{ext}"))
        .tempfile()
        .map_err(|e| format!("cannot write a temporary file: {e}"))?;
    file.write_all(bytes)
        .map_err(|e| format!("cannot write a temporary file: {e}"))?;
    let path = file.path().to_string_lossy().into_owned();
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "FILE" { path.as_str() } else { a })
        .collect();
    let mut child = match Command::new(tool)
        .args(&args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(format!("{tool} could not start: {e}")),
    };
    let stdout = child.stdout.take().expect("piped");
    let cap = (limits.max_text as u64) * 4;
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        let mut stdout = stdout;
        let _ = (&mut stdout).take(cap).read_to_end(&mut out);
        // Drain the rest so the converter never blocks on a full pipe.
        let _ = std::io::copy(&mut stdout, &mut std::io::sink());
        out
    });
    let status = match child.wait_timeout(limits.timeout) {
        Ok(Some(status)) => status,
        Ok(None) => {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{tool} took longer than {:?}", limits.timeout));
        }
        Err(e) => return Err(format!("{tool}: {e}")),
    };
    let out = reader.join().unwrap_or_default();
    if !status.success() {
        return Err(format!("{tool} could not read it ({status})"));
    }
    Ok(Some(decode(&out)))
}
