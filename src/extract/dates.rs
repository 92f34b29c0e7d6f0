//! Deadlines as bodies write them, normalised to YYYY-MM-DD.

use chrono::NaiveDate;
use regex::Regex;
use std::sync::LazyLock;

static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})(st|nd|rd|th)\b").unwrap());
static WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+").unwrap());

/// Parses unambiguous date forms; None for anything else (never a guess).
pub fn parse_deadline(value: &str) -> Option<NaiveDate> {
    let v = WEEKDAY.replace(value.trim(), "");
    let v = ORDINAL.replace_all(&v, "$1");
    let v = v.replace(',', " ");
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    const FORMATS: [&str; 5] = ["%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%b %d %Y"];
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(&v, f).ok())
        .or_else(|| {
            // A leading ISO date followed by a time or zone: "2026-03-15 23:59 UTC".
            v.get(..10)
                .and_then(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_common_unambiguous_forms() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 15);
        for v in [
            "2026-03-15",
            "15 March 2026",
            "March 15th, 2026",
            "Sunday, 15 March 2026",
            "2026-03-15 23:59 UTC",
            "15 Mar 2026",
        ] {
            assert_eq!(parse_deadline(v), d, "{v}");
        }
    }

    #[test]
    fn refuses_to_guess() {
        for v in ["15/03/2026", "03/04/2026", "soon", "2026-13-01"] {
            assert_eq!(parse_deadline(v), None, "{v}");
        }
    }
}
