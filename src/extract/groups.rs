//! Group names: the directory's canonical names for what is written, a
//! group the directory does not know kept as written (an IETF working group
//! by its Datatracker acronym) with its organisation guessed from its name,
//! and the groups a statement names in prose when it labels none.

use std::sync::LazyLock;

use regex::Regex;

use super::read::Reading;
use super::values;
use crate::domain::ReviewReason;
use crate::domain::directory::Directory;

impl Reading<'_> {
    /// The group names in a value, a name the directory knows kept whole.
    pub(super) fn group_names(&self, value: &str) -> Vec<String> {
        values::groups_with(value, |g| self.x.directory.group(g).is_some())
    }

    /// Canonical names for written group names; unknown ones stay as written, flagged.
    pub(super) fn canonical(&mut self, written: &[String], field: &str) -> Vec<String> {
        written
            .iter()
            .map(|w| match self.x.directory.group(w) {
                Some(g) => g.name.clone(),
                None => {
                    self.reasons.push(ReviewReason::UnknownGroup {
                        field: field.to_string(),
                        written: w.clone(),
                    });
                    ietf_acronym(w).unwrap_or_else(|| w.clone())
                }
            })
            .collect()
    }

    /// The organisations on either side: of the known groups, else guessed
    /// from the names as written (the groups are flagged as unknown).
    pub(super) fn organisations(&mut self) {
        let d = &self.x.directory;
        let e = &mut self.e;
        let from: Vec<String> = e
            .statement
            .from_groups
            .iter()
            .chain(&self.from_written)
            .cloned()
            .collect();
        e.from_organisation = organisation(d, &from);
        let to = &e.statement.to_groups;
        let ietf = to
            .iter()
            .find(|g| organisation(d, &[g.to_string()]).as_deref() == Some("IETF"));
        let ietf_first: Vec<String> = ietf.into_iter().chain(to).cloned().collect();
        e.to_organisation = organisation(d, &ietf_first);
    }

    /// Statements that label no groups (letters, the Datatracker's
    /// notification) name them in their text.
    pub(super) fn groups_in_prose(&mut self) {
        let Some((f, src)) = self.found.template.filter(|(f, _)| f.mentions.is_some()) else {
            return;
        };
        let within = f
            .mentions
            .as_ref()
            .and_then(|m| m.within.as_deref())
            .and_then(|field| self.found.first(field))
            .map(|s| s.value);
        let before = (
            self.e.statement.from_groups.is_empty(),
            self.e.statement.to_groups.is_empty(),
        );
        self.x.mentions(f, src, within.as_deref(), &mut self.e);
        let after = (
            self.e.statement.from_groups.is_empty(),
            self.e.statement.to_groups.is_empty(),
        );
        if before != after && f.review.is_empty() {
            self.reasons.push(ReviewReason::FormatNote(
                "the groups were inferred from those the text names".into(),
            ));
        }
    }
}

/// The organisation of the first group the directory knows, else the one
/// a written name points to.
pub(super) fn organisation(d: &Directory, names: &[String]) -> Option<String> {
    d.organisation_of(names, &[])
        .or_else(|| names.iter().find_map(|n| guess_organisation(d, n)))
}

/// A group the directory does not know: the organisation its name is or
/// starts with ("MEF", "ETSI-ISG-ZSM", "IETF DIME WG"); else a bare
/// acronym, which is how the Datatracker writes IETF groups (`lime`,
/// `RAI`), while it writes other bodies' groups with their organisation.
pub(super) fn guess_organisation(d: &Directory, written: &str) -> Option<String> {
    if let Some(o) = d.organisation_by_prefix(written) {
        return Some(o.name.clone());
    }
    let w = written.trim();
    let bare = !w.is_empty() && w.len() <= 12 && w.chars().all(|c| c.is_ascii_alphanumeric());
    bare.then(|| "IETF".to_string())
}

/// "IETF LIME WG" -> "lime": an IETF working group the directory does not
/// list is recorded by its Datatracker acronym.
pub(super) fn ietf_acronym(written: &str) -> Option<String> {
    static WG: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?i)^\s*(?:the\s+)?IETF\s+([a-z0-9]+)\s+(?:WG|Working\s+Group)\s*$").unwrap()
    });
    WG.captures(written).map(|c| c[1].to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_groups_keep_their_name_and_guess_their_organisation() {
        let d = Directory::load(&[] as &[&str]).unwrap();
        let org = |w: &str| guess_organisation(&d, w);
        assert_eq!(org("ETSI-ISG-ZSM").as_deref(), Some("ETSI"));
        assert_eq!(org("IETF DIME WG").as_deref(), Some("IETF"));
        assert_eq!(
            org("ISO-IEC-JTC1-SC29-WG11").as_deref(),
            Some("ISO/IEC JTC 1")
        );
        assert_eq!(org("lime").as_deref(), Some("IETF"));
        assert_eq!(org("Some Industry Forum Committee"), None);
        assert_eq!(ietf_acronym("IETF LIME WG").as_deref(), Some("lime"));
        assert_eq!(ietf_acronym("LIME WG"), None);
    }
}
