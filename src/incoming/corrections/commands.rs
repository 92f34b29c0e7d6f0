//! Corrections by mail: one command per line in the new text of a mail
//! about a statement. Parsing is pure; applying is in `corrections`.

use std::sync::LazyLock;

use regex::Regex;

use crate::domain::policy::Action;
use crate::mail::text::one_line;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Command {
    /// Send it to other groups instead (distributed to them, the old ones told).
    Redirect(Vec<String>),
    Purpose(String),
    Deadline(String),
    To(Vec<String>),
    FromContact(Vec<String>),
    Title(String),
    /// This statement was answered by that one.
    Responded(String),
    Close,
    Note(String),
}

impl Command {
    /// Its text values on one line, as every field is kept.
    fn cleaned(self) -> Command {
        let one = |v: String| one_line(&v);
        let all = |v: Vec<String>| v.iter().map(|x| one_line(x)).collect();
        match self {
            Command::Redirect(g) => Command::Redirect(all(g)),
            Command::Purpose(p) => Command::Purpose(one(p)),
            Command::Deadline(d) => Command::Deadline(one(d)),
            Command::To(g) => Command::To(all(g)),
            Command::FromContact(a) => Command::FromContact(all(a)),
            Command::Title(t) => Command::Title(one(t)),
            Command::Responded(r) => Command::Responded(r),
            Command::Close => Command::Close,
            Command::Note(n) => Command::Note(one(n)),
        }
    }

    /// What the command asks, for the policy.
    pub fn action(&self) -> Action {
        match self {
            Command::Redirect(_) => Action::Redirect,
            Command::Purpose(_)
            | Command::Deadline(_)
            | Command::To(_)
            | Command::FromContact(_)
            | Command::Title(_) => Action::Correct,
            Command::Responded(_) => Action::Responded,
            Command::Close => Action::Close,
            Command::Note(_) => Action::Note,
        }
    }
}

/// A command line's pattern and how its captured value becomes the command.
type Rule = (Regex, Make);
type Make = fn(&str) -> Command;

/// The commands in a mail's new text, or the lines that are not commands.
pub fn parse(new_text: &str) -> Result<Vec<Command>, Vec<String>> {
    static RULES: LazyLock<Vec<Rule>> = LazyLock::new(|| {
        let rules: [(&str, Make); 9] = [
            (r"(?i)^redirect(?:\s+to)?\s*:?\s+(.+)$", |v| {
                Command::Redirect(crate::extract::split_groups(v))
            }),
            (r"(?i)^purpose\s*:\s*(.+)$", |v| {
                Command::Purpose(v.to_string())
            }),
            (r"(?i)^deadline\s*:\s*(.+)$", |v| {
                Command::Deadline(v.to_string())
            }),
            (r"(?i)^to\s*:\s*(.+)$", |v| {
                Command::To(crate::extract::split_groups(v))
            }),
            (r"(?i)^from[\s-]*contacts?\s*:\s*(.+)$", |v| {
                Command::FromContact(crate::mail::address::addresses(v))
            }),
            (r"(?i)^title\s*:\s*(.+)$", |v| Command::Title(v.to_string())),
            (
                r"(?i)^responded\s*(?:by|to|with)?\s*:?\s*(LS-\d{4}-\d{4,})\s*\.?$",
                |v| Command::Responded(v.to_uppercase()),
            ),
            (r"(?i)^(close)d?\s*\.?$", |_| Command::Close),
            (r"(?i)^note\s*:\s*(.+)$", |v| Command::Note(v.to_string())),
        ];
        rules
            .into_iter()
            .map(|(re, f)| (Regex::new(re).expect("command regex"), f))
            .collect()
    });
    let mut commands = Vec::new();
    let mut unknown = Vec::new();
    for line in new_text.lines().map(str::trim).filter(|l| !l.is_empty()) {
        match RULES
            .iter()
            .find_map(|(re, f)| re.captures(line).map(|c| f(c[1].trim())))
        {
            Some(c) => commands.push(c.cleaned()),
            None => unknown.push(line.to_string()),
        }
    }
    if unknown.is_empty() {
        Ok(commands)
    } else {
        Err(unknown)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_command_parses() {
        let text = "redirect opsawg\nPurpose: For Action\ndeadline: 2026-12-01\nto: ccamp, teas\n\
from-contact: A <a@example.org>\ntitle: A better title\nresponded LS-2026-0042\nclose\nnote: asked the chairs";
        assert_eq!(
            parse(text).unwrap(),
            vec![
                Command::Redirect(vec!["opsawg".into()]),
                Command::Purpose("For Action".into()),
                Command::Deadline("2026-12-01".into()),
                Command::To(vec!["ccamp".into(), "teas".into()]),
                Command::FromContact(vec!["a@example.org".into()]),
                Command::Title("A better title".into()),
                Command::Responded("LS-2026-0042".into()),
                Command::Close,
                Command::Note("asked the chairs".into()),
            ]
        );
    }

    #[test]
    fn anything_else_is_reported_and_nothing_applies() {
        assert_eq!(
            parse("redirect opsawg\nplease also fix it").unwrap_err(),
            vec!["please also fix it"]
        );
        assert_eq!(parse("").unwrap(), vec![]);
    }
}
