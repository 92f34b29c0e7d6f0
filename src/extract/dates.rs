//! Deadlines as bodies write them, normalised to YYYY-MM-DD. A numeric date
//! whose day/month order cannot be told (05/06/2026) is reported as such,
//! never guessed.

use std::sync::LazyLock;

use chrono::NaiveDate;
use regex::Regex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DateRead {
    Date(NaiveDate),
    /// Both orders are valid dates: which one was meant?
    Ambiguous(NaiveDate, NaiveDate),
    NotADate,
}

static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)\b(\d{1,2})(st|nd|rd|th)\b").unwrap());
static WEEKDAY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(mon|tues?|wed(nes)?|thu(rs)?|fri|sat(ur)?|sun)(day)?\b\.?,?").unwrap()
});
static TIME_ZONE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(T|\s\(?)\d{1,2}:\d{2}(:\d{2})?(\.\d+)?\s*(z|utc|gmt|cet|cest|est|edt|pst|pdt|[+-]\d{2}:?\d{2})?.*$|\s\(?(utc|gmt)\)?\s*$").unwrap()
});
static NUMERIC: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})[./-](\d{1,2})[./-](\d{4})$").unwrap());
static ISO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{4})[./-](\d{1,2})[./-](\d{1,2})$").unwrap());

/// Reads one date value such as "15 March 2026", "Monday, 2026-03-15 23:59 UTC" or "15.03.2026".
pub fn read_date(value: &str) -> DateRead {
    let v = TIME_ZONE.replace(value.trim(), "");
    let v = WEEKDAY.replace_all(&v, " ");
    let v = ORDINAL.replace_all(&v, "$1");
    let v = v.replace(',', " ");
    let v = v.split_whitespace().collect::<Vec<_>>().join(" ");
    let v = v
        .trim_matches(|c: char| c == '.' || c == ';' || c == ':')
        .trim();
    if let Some(c) = ISO.captures(v) {
        return ymd(
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        )
        .map_or(DateRead::NotADate, DateRead::Date);
    }
    if let Some(c) = NUMERIC.captures(v) {
        let (a, b, y): (u32, u32, i32) = (
            c[1].parse().unwrap_or(0),
            c[2].parse().unwrap_or(0),
            c[3].parse().unwrap_or(0),
        );
        return match (ymd(y, b, a), ymd(y, a, b)) {
            (Some(dm), Some(md)) if dm != md => DateRead::Ambiguous(dm, md),
            (Some(d), _) | (None, Some(d)) => DateRead::Date(d),
            (None, None) => DateRead::NotADate,
        };
    }
    const FORMATS: [&str; 6] = [
        "%d %B %Y",
        "%d %b %Y",
        "%B %d %Y",
        "%b %d %Y",
        "%d-%b-%Y",
        "%d %b. %Y",
    ];
    FORMATS
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(v, f).ok())
        .map_or(DateRead::NotADate, DateRead::Date)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// The first date-looking phrase in free text ("... by 15 March 2026, ...").
pub fn find_date(text: &str) -> Option<(String, DateRead)> {
    static ANY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)\b(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{4}|\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4})\b").unwrap()
    });
    ANY.find_iter(text)
        .map(|m| (m.as_str().to_string(), read_date(m.as_str())))
        .find(|(_, r)| *r != DateRead::NotADate)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> DateRead {
        DateRead::Date(NaiveDate::from_ymd_opt(y, m, day).unwrap())
    }

    #[test]
    fn reads_the_forms_bodies_write() {
        for v in [
            "2026-03-15",
            "15 March 2026",
            "15.03.2026",
            "March 15th, 2026",
            "15/03/2026",
            "Sunday, 15 March 2026",
            "Sunday, 15 March 2026 (23:59 UTC)",
            "2026-03-15 23:59 UTC",
            "15 Mar 2026",
            "Sun, 15 Mar 2026 12:00:00 +0100",
            "2026-03-15T23:59:00Z",
            "15-Mar-2026",
            "03/15/2026",
        ] {
            assert_eq!(read_date(v), d(2026, 3, 15), "{v}");
        }
    }

    #[test]
    fn ambiguous_orders_are_reported_not_guessed() {
        assert!(matches!(read_date("05/06/2026"), DateRead::Ambiguous(..)));
        assert!(matches!(read_date("05.06.2026"), DateRead::Ambiguous(..)));
        assert_eq!(read_date("06/06/2026"), d(2026, 6, 6));
        for v in ["soon", "2026-13-01", "next meeting", "32/01/2026"] {
            assert_eq!(read_date(v), DateRead::NotADate, "{v}");
        }
    }

    #[test]
    fn finds_a_date_in_prose() {
        let (s, r) =
            find_date("We would appreciate your comments by 30 April 2026, if possible.").unwrap();
        assert_eq!(s, "30 April 2026");
        assert_eq!(r, d(2026, 4, 30));
    }
}
