//! What a person wrote in a reply, without what they quoted: the new text
//! above the quoted mail, the attribution line, signatures and phone
//! footers. liaisond's own mails contain words like "approve"; only the new
//! text may ever be read as a command.

use std::sync::LazyLock;

use regex::Regex;

/// Lines where the quoted part of a reply starts, in the shapes that Outlook,
/// Gmail, Thunderbird, Apple Mail and phones write.
static QUOTE_START: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r"^\s*>",
        r"(?i)^\s*On .{0,200}(wrote|a écrit|schrieb)\s*:?\s*$",
        r"(?i)^\s*Am .{0,200}schrieb.*:\s*$",
        r"(?i)^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|Message d'origine)\s*-{2,}\s*$",
        r"(?i)^\s*-{2,}\s*Forwarded message\s*-{2,}\s*$",
        r"(?i)^\s*_{5,}\s*$",
        r"(?i)^\s*\*?From:\*?\s.+$",
        r"(?i)^\s*\*?(Sent|Date):\*?\s.+$",
        r"^\s*-- ?$",
        r"(?i)^\s*(Sent from my|Get Outlook for|Sent from Outlook|Envoyé de mon)\b",
    ]
    .iter()
    .map(|p| Regex::new(p).expect("quote pattern"))
    .collect()
});

/// The new text of a reply: everything above the first quote marker.
pub fn new_text(body: &str) -> String {
    let mut out = Vec::new();
    for line in body.lines() {
        if QUOTE_START.iter().any(|re| re.is_match(line)) {
            break;
        }
        out.push(line);
    }
    out.join("\n").trim().to_string()
}

/// The first non-empty line of the new text, the place a one-word answer is.
pub fn first_line(body: &str) -> Option<String> {
    new_text(body)
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outlook_top_posting_is_cut_at_the_header_block() {
        let body = "Approved.\r\n\r\n________________________________\r\nFrom: IETF Liaison Statements <liaison-bot@iab.example>\r\nSent: Monday\r\nSubject: approve?\r\n\r\napprove\r\n";
        assert_eq!(new_text(body), "Approved.");
        assert_eq!(first_line(body).as_deref(), Some("Approved."));
    }
}
