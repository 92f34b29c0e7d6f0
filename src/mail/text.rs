//! Text in and out of mail. Text from mail is cleaned where it enters: a
//! title or a name is one line, with no control, line or paragraph
//! separator, or direction-override character; a body keeps its lines but
//! loses every other control character; whatever liaisond then writes
//! (mail, pages, feeds, JSON) carries no injected line and no character XML
//! forbids. And how liaisond's own mail reads, whatever it says: times to
//! the minute in UTC, lines wrapped at 72 columns, reply subjects without
//! "Re: Re:", roles and day counts in words.

use chrono::{DateTime, Utc};

/// Where liaisond wraps the lines it writes.
pub const WIDTH: usize = 72;

/// "2026-11-30 18:43 UTC" from an RFC 3339 time; anything else as it is.
pub fn when(stamp: &str) -> String {
    DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            t.with_timezone(&Utc)
                .format("%Y-%m-%d %H:%M UTC")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

/// The subject of a reply: one "Re: " before the original's subject, never two.
pub fn reply_subject(original: &str) -> String {
    let mut s = original.trim();
    loop {
        let lower = s.to_ascii_lowercase();
        let Some(prefix) = ["re:", "aw:", "sv:", "re :"]
            .iter()
            .find(|p| lower.starts_with(*p))
        else {
            break;
        };
        s = s[prefix.len()..].trim_start();
    }
    format!("Re: {s}")
}

/// Characters that reorder or hide text when shown (bidirectional controls).
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// Not text at all: C0 and C1 controls, line and paragraph separators,
/// bidirectional controls, noncharacters and the byte-order mark.
fn is_noise(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}'
        )
        || is_bidi_control(c)
}

/// One line: every noise character a space, runs of white space one space, trimmed.
pub fn one_line(s: &str) -> String {
    s.chars()
        .map(|c| if is_noise(c) { ' ' } else { c })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// A text of several lines: CR LF and lone CR become LF, tabs stay, every
/// other noise character goes (a line or paragraph separator becomes LF).
pub fn clean_text(s: &str) -> String {
    let s = s.replace("\r\n", "\n");
    s.chars()
        .filter_map(|c| match c {
            '\n' | '\t' => Some(c),
            '\r' | '\u{2028}' | '\u{2029}' | '\u{0085}' => Some('\n'),
            c if is_noise(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Only the characters XML 1.0 allows (defence for values stored before
/// they were cleaned on the way in).
pub fn xml_safe(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
        })
        .collect()
}

/// Wraps every line longer than [`WIDTH`] at spaces; a continued line keeps
/// the indent of its first (and, after a list's "- ", aligns under its text).
pub fn wrap(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for line in text.split('\n') {
        wrap_line(line, &mut out);
        out.push('\n');
    }
    out.pop();
    out
}

/// Stands for a space that must not become a line break (inside a time).
const GLUE: char = '\u{1}';

fn wrap_line(line: &str, out: &mut String) {
    if line.chars().count() <= WIDTH {
        out.push_str(line);
        return;
    }
    // "2026-12-14 21:24 UTC" stays on one line.
    static TIME: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"(\d{4}-\d\d-\d\d) (\d\d:\d\d) UTC").expect("time pattern")
    });
    let glued = TIME.replace_all(line, format!("${{1}}{GLUE}${{2}}{GLUE}UTC").as_str());
    let mut wrapped = String::new();
    wrap_words(&glued, &mut wrapped);
    out.push_str(&wrapped.replace(GLUE, " "));
}

fn wrap_words(line: &str, out: &mut String) {
    let indent = line.len() - line.trim_start().len();
    let bullet = ["- ", "* "].iter().any(|b| line[indent..].starts_with(b));
    // What stays as written on the first line; continued lines align under its end.
    let start = label_width(line).unwrap_or(indent + if bullet { 2 } else { 0 });
    let hang = " ".repeat(start);
    out.push_str(&line[..start]);
    let mut column = start;
    let mut first = true;
    for word in line[start..].split(' ').filter(|w| !w.is_empty()) {
        let len = word.chars().count();
        if !first && column + 1 + len > WIDTH {
            out.push('\n');
            out.push_str(&hang);
            column = hang.len();
        } else if !first {
            out.push(' ');
            column += 1;
        }
        out.push_str(word);
        column += len;
        first = false;
    }
}

/// Where the value of an aligned "Label:      value" line starts, if it is one.
fn label_width(line: &str) -> Option<usize> {
    let colon = line.find(": ")?;
    let label = &line[..colon];
    let aligned = line[colon + 1..].starts_with("  ");
    let plain = label
        .trim_start()
        .chars()
        .all(|c| c.is_alphanumeric() || " -".contains(c));
    let value = colon + 1 + line[colon + 1..].len() - line[colon + 1..].trim_start().len();
    (aligned && plain && value < WIDTH / 2).then_some(value)
}

/// A directory role as people say it: `ad:sec` is "Area Director (sec area)".
pub fn role(role: &str) -> String {
    match role.split_once(':') {
        Some(("ad", area)) => format!("Area Director ({area} area)"),
        Some(("chair", wg)) => format!("{wg} WG chair"),
        Some(("liaison-manager", org)) => format!("liaison manager for {org}"),
        _ => match role {
            "ietf-chair" => "IETF Chair".into(),
            "iab-chair" => "IAB Chair".into(),
            "iab-member" => "IAB member".into(),
            "coordinator" => "IAB liaison coordinator".into(),
            other => other.replace(['-', '_'], " "),
        },
    }
}

/// "today", "tomorrow", "in 13 days".
pub fn in_days(days: i64) -> String {
    match days {
        i64::MIN..=0 => "today".into(),
        1 => "tomorrow".into(),
        n => format!("in {n} days"),
    }
}

/// "1 attachment", "3 attachments"; `one` and `many` name the thing.
pub fn count(n: usize, one: &str, many: &str) -> String {
    if n == 1 {
        format!("1 {one}")
    } else {
        format!("{n} {many}")
    }
}

/// Files as a mail lists them, `indent` deep, one per line: name, plain
/// type, size. Each file is (name, media type, bytes).
pub fn file_list<'a>(
    files: impl IntoIterator<Item = (&'a str, &'a str, u64)>,
    indent: usize,
) -> String {
    files
        .into_iter()
        .map(|(name, media_type, bytes)| {
            format!(
                "{:indent$}- {name} ({}, {})\n",
                "",
                type_name(media_type, name),
                size(bytes)
            )
        })
        .collect()
}

/// "13 kB", "1.4 MB".
pub fn size(bytes: u64) -> String {
    const KB: f64 = 1000.0;
    let b = bytes as f64;
    if b < KB * KB {
        format!("{} kB", (b / KB).ceil().max(1.0))
    } else {
        format!("{:.1} MB", b / (KB * KB))
    }
}

/// A media type without its parameters, lower-case: `application/pdf`.
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

/// "PDF", "Word document": the kind of file, not its MIME type.
pub fn type_name(media_type: &str, name: &str) -> String {
    let essence = essence(media_type);
    let known = match essence.as_str() {
        "application/pdf" => "PDF",
        "application/zip" | "application/x-zip-compressed" => "ZIP archive",
        "application/msword"
        | "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => {
            "Word document"
        }
        "application/vnd.ms-excel"
        | "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "Spreadsheet",
        "application/vnd.ms-powerpoint"
        | "application/vnd.openxmlformats-officedocument.presentationml.presentation" => "Slides",
        "application/vnd.oasis.opendocument.text" => "OpenDocument text",
        "application/rtf" | "text/rtf" => "Rich text",
        "text/plain" => "Text",
        "text/html" => "Web page (HTML)",
        "text/csv" => "CSV table",
        "message/rfc822" => "Mail message",
        t if t.starts_with("image/") => "Image",
        _ => "",
    };
    if !known.is_empty() {
        return known.to_string();
    }
    // An opaque type: the file's extension says more than "octet-stream".
    match name.rsplit_once('.') {
        Some((_, ext)) if (1..=5).contains(&ext.len()) => format!("{} file", ext.to_uppercase()),
        _ => "File".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_is_one_line_whatever_came() {
        let hostile =
            "LS on X\r\nApproved by: mallory\u{2028}Sent\u{85}now\x0b\x00 \u{202E}txt.exe";
        let clean = one_line(hostile);
        assert_eq!(clean, "LS on X Approved by: mallory Sent now txt.exe");
        assert!(!clean.chars().any(|c| c.is_control() || c == '\u{2028}'));
    }

    #[test]
    fn a_body_keeps_its_lines_and_loses_the_rest() {
        assert_eq!(
            clean_text("a\r\nb\rc\u{2028}d\x0be\x00f\tg"),
            "a\nb\nc\ndef\tg"
        );
        assert_eq!(xml_safe("a\x0bb\u{FFFE}c\nd"), "abc\nd");
    }

    #[test]
    fn mail_reads_as_people_write() {
        assert_eq!(when("2026-11-30T18:43:07.123Z"), "2026-11-30 18:43 UTC");
        assert_eq!(reply_subject("Re: RE: Re:LS-2026-0001"), "Re: LS-2026-0001");
        assert_eq!(reply_subject("LS on things"), "Re: LS on things");
        assert_eq!(one_line("A\r\n  long\ttitle "), "A long title");
        assert_eq!(role("ad:sec"), "Area Director (sec area)");
        assert_eq!(role("iab-chair"), "IAB Chair");
        assert_eq!(in_days(13), "in 13 days");
        assert_eq!(in_days(1), "tomorrow");
        assert_eq!(size(12_300), "13 kB");
        let long = format!("  - {}", "word ".repeat(30));
        let wrapped = wrap(&long);
        let timed = wrap(&format!(
            "{} it expires at 2026-12-14 21:24 UTC.",
            "x".repeat(50)
        ));
        assert!(timed.ends_with("\n2026-12-14 21:24 UTC."), "{timed}");
        assert!(
            wrapped.lines().all(|l| l.chars().count() <= WIDTH),
            "{wrapped}"
        );
        assert!(
            wrapped.lines().skip(1).all(|l| l.starts_with("    word")),
            "{wrapped}"
        );
    }
}
