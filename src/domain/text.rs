//! Text from mail, cleaned where it enters: a title or a name is one line,
//! with no control, line or paragraph separator, or direction-override
//! character; a body keeps its lines but loses every other control
//! character. Whatever liaisond then writes (mail, pages, feeds, JSON) can
//! carry no injected line and no character XML forbids.

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
}
