//! The group directory (rules/directory.toml plus a deployment's own files):
//! organisations, their groups, the names bodies write for them, and the
//! IETF role addresses. It maps what a statement says ("SA3", "ITU-T SG 15",
//! "Q11/15", "the LAMPS working group") onto one canonical group.

use std::collections::HashMap;
use std::path::Path;

use anyhow::{Context, Result};
use regex::Regex;
use serde::Deserialize;

use super::Direction;
use super::policy::{Standing, Subject};

#[derive(Debug, Clone, Deserialize)]
pub struct Organisation {
    pub id: String,
    pub name: String,
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The liaison manager of the relationship (draft-iab-rfc4052bis), if any.
    #[serde(default)]
    pub liaison_manager: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Group {
    pub org: String,
    pub name: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub acronym: Option<String>,
    /// For a WG: the acronym of its area.
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub chairs: Vec<String>,
    #[serde(default)]
    pub ads: Vec<String>,
    #[serde(default)]
    pub list: Option<String>,
    #[serde(default)]
    pub contacts: Vec<String>,
    #[serde(default)]
    pub approvers: Vec<String>,
}

/// A person and the roles they hold, e.g. `chair:lamps`, `ad:sec`,
/// `ietf-chair`, `iab-chair`, `iab-member`, `coordinator`.
#[derive(Debug, Clone, Deserialize)]
pub struct Person {
    pub address: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub roles: Vec<String>,
}

impl Person {
    pub fn holds(&self, role: &str) -> bool {
        self.roles
            .iter()
            .any(|r| r == role || (role.ends_with(":*") && r.starts_with(&role[..role.len() - 1])))
    }
}

/// A name pattern standing for a group, e.g. `Q11/15` for ITU-T Study Group 15.
#[derive(Debug, Clone, Deserialize)]
struct PatternEntry {
    re: String,
    group: String,
}

#[derive(Debug, Default, Deserialize)]
struct DirectoryFile {
    #[serde(default)]
    organisations: Vec<Organisation>,
    #[serde(default)]
    groups: Vec<Group>,
    #[serde(default)]
    patterns: Vec<PatternEntry>,
    #[serde(default)]
    people: Vec<Person>,
}

/// The directory in force. It derefs to its [`Entries`]; [`Directory::reload`]
/// (on SIGHUP) swaps in newly read files for every part holding it.
///
/// Entries are never freed once read, so that a reference handed out before
/// a reload stays valid: each reload keeps the previous directory (tens of
/// kB) until the process ends.
#[derive(Debug)]
pub struct Directory {
    current: std::sync::RwLock<&'static Entries>,
}

impl std::ops::Deref for Directory {
    type Target = Entries;
    fn deref(&self) -> &Entries {
        *self.current.read().unwrap_or_else(|p| p.into_inner())
    }
}

#[derive(Debug)]
pub struct Entries {
    orgs: Vec<Organisation>,
    groups: Vec<Group>,
    people: Vec<Person>,
    /// Normalised name -> group index.
    names: HashMap<String, usize>,
    /// Normalised organisation name -> org index.
    org_names: HashMap<String, usize>,
    patterns: Vec<(Regex, String)>,
    /// Longest alias in tokens, bounding the scan in `mentions`.
    longest: usize,
}

const BUILTIN: &str = include_str!("../../rules/directory.toml");

/// Lower-case word tokens, split at letter/digit boundaries, so that "SG15",
/// "SG 15" and "sg-15" are all "sg 15".
pub fn normalise(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev: Option<char> = None;
    for c in s.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric()
            && let Some(p) = prev
        {
            let boundary = !p.is_alphanumeric() || p.is_ascii_digit() != c.is_ascii_digit();
            if boundary && !out.is_empty() {
                out.push(' ');
            }
        }
        if c.is_alphanumeric() {
            out.push(c);
        }
        prev = Some(c);
    }
    out
}

impl Directory {
    /// The built-in directory extended by `extra` files (a group with the same name replaces).
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<Directory> {
        Ok(Directory::from(Entries::load(extra)?))
    }

    /// Reads the files again and puts them in force; on an error the
    /// directory in force stays as it was.
    pub fn reload(&self, extra: &[impl AsRef<Path>]) -> Result<()> {
        let fresh: &'static Entries = Box::leak(Box::new(Entries::load(extra)?));
        *self.current.write().unwrap_or_else(|p| p.into_inner()) = fresh;
        Ok(())
    }
}

impl From<Entries> for Directory {
    fn from(entries: Entries) -> Directory {
        Directory {
            current: std::sync::RwLock::new(Box::leak(Box::new(entries))),
        }
    }
}

impl Entries {
    /// The built-in directory extended by `extra` files (a group with the same name replaces).
    pub fn load(extra: &[impl AsRef<Path>]) -> Result<Entries> {
        let mut file: DirectoryFile = toml::from_str(BUILTIN).context("rules/directory.toml")?;
        for path in extra {
            let path = path.as_ref();
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let more: DirectoryFile =
                toml::from_str(&text).with_context(|| format!("parsing {}", path.display()))?;
            for o in more.organisations {
                file.organisations.retain(|x| x.id != o.id);
                file.organisations.push(o);
            }
            for g in more.groups {
                file.groups.retain(|x| x.name != g.name);
                file.groups.push(g);
            }
            file.patterns.extend(more.patterns);
            for p in more.people {
                file.people
                    .retain(|x| !x.address.eq_ignore_ascii_case(&p.address));
                file.people.push(p);
            }
        }
        Entries::build(file)
    }

    fn build(file: DirectoryFile) -> Result<Entries> {
        let mut org_names = HashMap::new();
        for (i, o) in file.organisations.iter().enumerate() {
            for n in std::iter::once(&o.name).chain(&o.aliases) {
                org_names.insert(normalise(n), i);
            }
        }
        let mut names = HashMap::new();
        for (i, g) in file.groups.iter().enumerate() {
            let org = file.organisations.iter().find(|o| o.id == g.org);
            for n in variants(g, org) {
                // The first group to claim a name keeps it: the file's order is its priority.
                names.entry(n).or_insert(i);
            }
        }
        let patterns = file
            .patterns
            .iter()
            .map(|p| {
                Ok((
                    Regex::new(&p.re).with_context(|| format!("directory pattern {}", p.re))?,
                    p.group.clone(),
                ))
            })
            .collect::<Result<Vec<_>>>()?;
        let longest = names
            .keys()
            .map(|k| k.split(' ').count())
            .max()
            .unwrap_or(1);
        Ok(Entries {
            orgs: file.organisations,
            groups: file.groups,
            people: file.people,
            names,
            org_names,
            patterns,
            longest,
        })
    }

    /// The group a written name stands for.
    pub fn group(&self, written: &str) -> Option<&Group> {
        let cleaned = strip_noise(written);
        let norm = normalise(&cleaned);
        if let Some(&i) = self.names.get(&norm) {
            return Some(&self.groups[i]);
        }
        for (re, target) in &self.patterns {
            if let Some(c) = re.captures(cleaned.trim()) {
                let mut name = String::new();
                c.expand(target, &mut name);
                if let Some(&i) = self.names.get(&normalise(&name)) {
                    return Some(&self.groups[i]);
                }
            }
        }
        // Only an acronym in one piece, as the Datatracker writes them.
        let one_piece = !cleaned.trim().contains(char::is_whitespace);
        one_piece.then(|| self.group_after_prefix(&norm)).flatten()
    }

    /// "3GPP-TSGSA-SA2": after an organisation's name, the longest tail of
    /// the name that is one of that organisation's groups.
    fn group_after_prefix(&self, norm: &str) -> Option<&Group> {
        let (org, rest) = self.org_prefix(norm)?;
        let tokens: Vec<&str> = rest.split(' ').filter(|t| !t.is_empty()).collect();
        (1..tokens.len()).find_map(|skip| {
            let &i = self.names.get(&tokens[skip..].join(" "))?;
            (self.groups[i].org == org.id).then_some(&self.groups[i])
        })
    }

    /// The organisation whose name (or alias) the normalised name starts
    /// with, the longest first, and the rest of the name.
    fn org_prefix<'n>(&self, norm: &'n str) -> Option<(&Organisation, &'n str)> {
        self.org_names
            .iter()
            .filter_map(|(name, &i)| {
                let rest = norm.strip_prefix(name.as_str())?;
                (rest.is_empty() || rest.starts_with(' ')).then_some((name.len(), i, rest.trim()))
            })
            .max_by_key(|(len, _, _)| *len)
            .map(|(_, i, rest)| (&self.orgs[i], rest))
    }

    /// The organisation a group the directory does not know belongs to, by
    /// its name: an organisation's name ("MEF", "ITU"), or a name that starts
    /// with one ("IETF DIME WG", "ETSI-ISG-ZSM", "ISO-IEC-JTC1-SC29-WG11").
    pub fn organisation_by_prefix(&self, written: &str) -> Option<&Organisation> {
        self.org_prefix(&normalise(&strip_noise(written)))
            .map(|(o, _)| o)
    }

    pub fn group_by_name(&self, name: &str) -> Option<&Group> {
        self.groups.iter().find(|g| g.name == name)
    }

    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.orgs.iter().find(|o| o.id == id)
    }

    /// The organisation a written name stands for ("ITU", "3GPP TSG", ...).
    pub fn organisation_named(&self, written: &str) -> Option<&Organisation> {
        self.org_names
            .get(&normalise(&strip_noise(written)))
            .map(|&i| &self.orgs[i])
    }

    /// Groups named anywhere in free text, longest names first, each once,
    /// in order of appearance. Names of fewer than four characters are
    /// ignored here (too easily a word), unless they contain a digit.
    pub fn mentions(&self, text: &str) -> Vec<&Group> {
        let norm = normalise(text);
        let tokens: Vec<&str> = norm.split(' ').filter(|t| !t.is_empty()).collect();
        let mut found: Vec<usize> = Vec::new();
        let mut i = 0;
        while i < tokens.len() {
            let mut matched = 0;
            for len in (1..=self.longest.min(tokens.len() - i)).rev() {
                let key = tokens[i..i + len].join(" ");
                let Some(&g) = self.names.get(&key) else {
                    continue;
                };
                let significant = key.len() >= 4 || key.chars().any(|c| c.is_ascii_digit());
                if significant && len > 0 {
                    if !found.contains(&g) {
                        found.push(g);
                    }
                    matched = len;
                    break;
                }
            }
            i += matched.max(1);
        }
        found.into_iter().map(|g| &self.groups[g]).collect()
    }

    /// Whether a canonical group name is an IETF group.
    pub fn is_ietf(&self, name: &str) -> bool {
        self.group_by_name(name).is_some_and(|g| g.org == "ietf")
    }

    /// Whether a group as written is the IETF's (unknown names: if they say "IETF").
    pub fn is_ietf_written(&self, written: &str) -> bool {
        self.group(written).map_or_else(
            || written.to_lowercase().contains("ietf"),
            |g| g.org == "ietf",
        )
    }

    /// The organisation of the first known group, else of a written name.
    pub fn organisation_of(&self, canonical: &[String], written: &[String]) -> Option<String> {
        canonical
            .iter()
            .find_map(|n| self.group_by_name(n))
            .and_then(|g| self.organisation(&g.org))
            .or_else(|| written.iter().find_map(|w| self.organisation_named(w)))
            .map(|o| o.name.clone())
    }

    pub fn person(&self, address: &str) -> Option<&Person> {
        self.people
            .iter()
            .find(|p| p.address.eq_ignore_ascii_case(address.trim()))
    }

    /// The one person the directory knows by this name (case and spacing
    /// aside); none when two share it.
    pub fn person_named(&self, name: &str) -> Option<&Person> {
        let want = normalise(name);
        let mut found = self
            .people
            .iter()
            .filter(|p| p.name.as_deref().is_some_and(|n| normalise(n) == want));
        match (found.next(), found.next()) {
            (Some(p), None) => Some(p),
            _ => None,
        }
    }

    /// Whether an address forwards other bodies' statements to the IETF
    /// rather than writing them: a relationship's liaison manager, a
    /// coordinator or liaison manager in the directory, or an address at the
    /// IETF's, IAB's or IRTF's domains that is no IETF group's role address
    /// (the Secretariat, the Datatracker, the central address).
    pub fn is_forwarder(&self, address: &str) -> bool {
        let a = address.trim().to_lowercase();
        let same = |x: &String| x.eq_ignore_ascii_case(&a);
        let domain = a.rsplit_once('@').map_or("", |(_, d)| d);
        let ietf_domain = ["ietf.org", "iab.org", "irtf.org"]
            .iter()
            .any(|d| domain == *d || domain.ends_with(&format!(".{d}")));
        let role_address = self.groups.iter().filter(|g| g.org == "ietf").any(|g| {
            g.chairs
                .iter()
                .chain(&g.ads)
                .chain(&g.contacts)
                .chain(&g.approvers)
                .any(same)
                || g.list.as_ref().is_some_and(same)
        });
        self.orgs
            .iter()
            .any(|o| o.liaison_manager.as_ref().is_some_and(same))
            || self
                .person(&a)
                .is_some_and(|p| p.holds("coordinator") || p.holds("liaison-manager:*"))
            || (ietf_domain && !role_address)
    }

    /// The IETF group whose mailing list this address is.
    pub fn group_of_list(&self, address: &str) -> Option<&Group> {
        self.groups.iter().find(|g| {
            g.list
                .as_ref()
                .is_some_and(|l| l.eq_ignore_ascii_case(address.trim()))
        })
    }

    /// Everyone holding `role` (`ad:*` for any AD).
    pub fn holders(&self, role: &str) -> Vec<&Person> {
        self.people.iter().filter(|p| p.holds(role)).collect()
    }

    /// The role that approves a statement from this group (draft-iab-rfc4053bis
    /// 4.1): a WG's by an AD of its area, an area's by one of its ADs, the
    /// IETF's or IESG's by the IETF Chair, the IAB's by the IAB Chair.
    pub fn approving_role(&self, group: &Group) -> Option<String> {
        match group.kind.as_deref()? {
            "wg" => group.area.as_ref().map(|a| format!("ad:{a}")),
            "area" => group.acronym.as_ref().map(|a| format!("ad:{a}")),
            "ietf" | "iesg" => Some("ietf-chair".into()),
            "iab" => Some("iab-chair".into()),
            _ => None,
        }
    }

    /// The roles that may submit a statement on behalf of this group.
    pub fn submitting_roles(&self, group: &Group) -> Vec<String> {
        let mut roles: Vec<String> = self.approving_role(group).into_iter().collect();
        match group.kind.as_deref() {
            Some("wg") => roles.extend(group.acronym.as_ref().map(|a| format!("chair:{a}"))),
            Some("ietf") | Some("iesg") => roles.push("ad:*".into()),
            Some("iab") => roles.push("iab-member".into()),
            _ => {}
        }
        roles
    }

    /// What the person at `address` is to a statement, by the roles they hold.
    pub fn standings(&self, address: &str, s: &Subject<'_>) -> Vec<Standing> {
        let mut out = Vec::new();
        if s.submitter
            .is_some_and(|sub| sub.eq_ignore_ascii_case(address.trim()))
        {
            out.push(Standing::Submitter);
        }
        let Some(p) = self.person(address).filter(|p| !p.roles.is_empty()) else {
            return out;
        };
        if p.holds("coordinator") {
            out.push(Standing::Coordinator);
        }
        let manages = [s.from_organisation, s.to_organisation]
            .into_iter()
            .flatten()
            .filter_map(|o| self.organisation_named(o))
            .any(|o| p.holds(&format!("liaison-manager:{}", o.id)));
        if manages {
            out.push(Standing::LiaisonManager);
        }
        if s.to_groups.iter().any(|g| self.is_officer(p, g)) {
            out.push(Standing::GroupOfficer);
        }
        let from = s.from_groups.first().and_then(|g| self.group_by_name(g));
        if let Some(g) = from.filter(|_| s.direction == Direction::Outgoing) {
            if self.approving_role(g).is_some_and(|r| p.holds(&r)) {
                out.push(Standing::Approver);
            }
            if self.submitting_roles(g).iter().any(|r| p.holds(r)) {
                out.push(Standing::MaySubmit);
            }
        }
        out
    }

    /// A chair or AD of the IETF group named `group`.
    fn is_officer(&self, p: &Person, group: &str) -> bool {
        let Some(g) = self.group_by_name(group) else {
            return false;
        };
        g.acronym.as_ref().is_some_and(|a| {
            p.holds(&format!("chair:{a}"))
                || (g.kind.as_deref() == Some("area") && p.holds(&format!("ad:{a}")))
        }) || g.area.as_ref().is_some_and(|a| p.holds(&format!("ad:{a}")))
    }

    /// The people who may approve a statement from this group.
    pub fn approvers(&self, group: &Group) -> Vec<&Person> {
        self.approving_role(group)
            .map(|r| self.holders(&r))
            .unwrap_or_default()
    }
}

/// Roles a person may hold besides `chair:<wg>`, `ad:<area>` and `liaison-manager:<org>`.
const PLAIN_ROLES: [&str; 4] = ["coordinator", "ietf-chair", "iab-chair", "iab-member"];

impl Entries {
    /// How many organisations, groups, people and name patterns it holds.
    pub fn sizes(&self) -> (usize, usize, usize, usize) {
        (
            self.orgs.len(),
            self.groups.len(),
            self.people.len(),
            self.patterns.len(),
        )
    }

    /// What is wrong (problems) and worth knowing (notes) in the directory:
    /// unknown organisations, areas and roles, addresses that are not
    /// addresses, names two groups claim, groups nobody may approve for.
    pub fn check(&self) -> (Vec<String>, Vec<String>) {
        let mut problems = Vec::new();
        let acronyms = |kind: &str| -> Vec<&str> {
            self.groups
                .iter()
                .filter(|g| g.kind.as_deref() == Some(kind))
                .filter_map(|g| g.acronym.as_deref())
                .collect()
        };
        let (wgs, areas) = (acronyms("wg"), acronyms("area"));
        for g in &self.groups {
            if self.organisation(&g.org).is_none() {
                problems.push(format!("group {:?}: no organisation {:?}", g.name, g.org));
            }
            if let Some(a) = g.area.as_deref().filter(|a| !areas.contains(a)) {
                problems.push(format!("group {:?}: no area {a:?}", g.name));
            }
            let addresses = g
                .chairs
                .iter()
                .chain(&g.ads)
                .chain(&g.contacts)
                .chain(&g.list);
            for a in addresses.filter(|a| !an_address(a)) {
                problems.push(format!("group {:?}: {a:?} is not a mail address", g.name));
            }
        }
        for p in &self.people {
            if !an_address(&p.address) {
                problems.push(format!("person {:?} is not a mail address", p.address));
            }
            for role in &p.roles {
                let known = match role.split_once(':') {
                    Some(("chair", wg)) => wgs.contains(&wg),
                    Some(("ad", area)) => areas.contains(&area),
                    Some(("liaison-manager", org)) => self.organisation(org).is_some(),
                    _ => PLAIN_ROLES.contains(&role.as_str()),
                };
                if !known {
                    problems.push(format!("person {}: unknown role {role:?}", p.address));
                }
            }
        }
        for o in &self.orgs {
            if let Some(m) = o.liaison_manager.as_deref().filter(|m| !an_address(m)) {
                problems.push(format!(
                    "organisation {:?}: liaison_manager {m:?} is not a mail address",
                    o.name
                ));
            }
        }
        let mut notes = self.claimed_twice();
        notes.extend(self.unapprovable());
        (problems, notes)
    }

    /// Names that two groups answer to (the first in the files wins).
    fn claimed_twice(&self) -> Vec<String> {
        let mut seen: HashMap<String, &str> = HashMap::new();
        let mut out = Vec::new();
        for g in &self.groups {
            let org = self.orgs.iter().find(|o| o.id == g.org);
            let mut names = variants(g, org);
            names.sort();
            names.dedup();
            for n in names {
                match seen.get(&n) {
                    Some(first) if *first != g.name => out.push(format!(
                        "the name {n:?} stands for both {first:?} and {:?} (the first wins)",
                        g.name
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert(n, &g.name);
                    }
                }
            }
        }
        out
    }

    /// IETF groups whose outgoing statements nobody in the directory may approve.
    fn unapprovable(&self) -> Vec<String> {
        let without: Vec<&str> = self
            .groups
            .iter()
            .filter(|g| g.org == "ietf" && self.approving_role(g).is_some())
            .filter(|g| self.approvers(g).is_empty())
            .map(|g| g.name.as_str())
            .collect();
        if without.is_empty() {
            return Vec::new();
        }
        let shown: Vec<&str> = without.iter().take(5).copied().collect();
        let more = without.len().saturating_sub(shown.len());
        let tail = if more > 0 {
            format!(" and {more} more")
        } else {
            String::new()
        };
        vec![format!(
            "{} IETF group(s) have no approver among the directory's people, so their outgoing statements cannot be approved: {}{tail}",
            without.len(),
            shown.join(", ")
        )]
    }
}

/// One `@` with something on both sides and no space: a mail address as a directory writes it.
fn an_address(a: &str) -> bool {
    matches!(a.split_once('@'), Some((l, d)) if !l.is_empty() && !d.is_empty() && !d.contains('@'))
        && !a.contains(char::is_whitespace)
}

/// Parenthesised remarks, e.g. "(Joe Smith)", and mail addresses are not part of a group's name.
fn strip_noise(s: &str) -> String {
    static NOISE: std::sync::LazyLock<Regex> = std::sync::LazyLock::new(|| {
        Regex::new(r"\([^)]*\)|<[^>]*>|\S+@\S+|(?i)\bmailto:\S*").unwrap()
    });
    let s = NOISE.replace_all(s, " ");
    let s = s.trim().trim_end_matches(['.', ':', ',']).trim();
    s.strip_prefix("the ")
        .or_else(|| s.strip_prefix("The "))
        .unwrap_or(s)
        .to_string()
}

/// Every normalised name a group answers to.
fn variants(g: &Group, org: Option<&Organisation>) -> Vec<String> {
    let mut base: Vec<String> = std::iter::once(g.name.clone())
        .chain(g.aliases.iter().cloned())
        .collect();
    if let (Some(a), Some("wg")) = (&g.acronym, g.kind.as_deref()) {
        for form in ["{}", "{} wg", "{} working group", "{} group"] {
            base.push(form.replace("{}", a));
        }
    }
    if let (Some(a), Some("area")) = (&g.acronym, g.kind.as_deref()) {
        base.push(format!("{a} area"));
    }
    let mut out: Vec<String> = base.iter().map(|n| normalise(n)).collect();
    if let Some(org) = org {
        let prefixes: Vec<String> = std::iter::once(&org.name)
            .chain(&org.aliases)
            .map(|p| normalise(p))
            .collect();
        for n in base.iter().map(|n| normalise(n)) {
            for p in &prefixes {
                // "ITU-T SG12" less the alias "ITU-T SG" is "12": no name.
                if let Some(rest) = n
                    .strip_prefix(p.as_str())
                    .map(str::trim)
                    .filter(|r| !r.is_empty())
                    .filter(|r| !r.chars().all(|c| c.is_ascii_digit() || c == ' '))
                {
                    out.push(rest.to_string());
                } else {
                    out.push(format!("{p} {n}"));
                }
            }
        }
    }
    out.retain(|n| !n.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir() -> Directory {
        Directory::load(&[] as &[&str]).unwrap()
    }

    #[test]
    fn normalises_spacing_case_and_punctuation() {
        assert_eq!(normalise("ITU-T SG15"), "itu t sg 15");
        assert_eq!(normalise("itu-t  sg 15"), "itu t sg 15");
        assert_eq!(normalise("IEEE 802.11"), "ieee 802 11");
    }

    #[test]
    fn aliases_reach_the_canonical_group() {
        let d = dir();
        for (written, name) in [
            ("SA3", "3GPP TSG SA WG3"),
            ("3GPP SA WG3", "3GPP TSG SA WG3"),
            ("3GPP TSG-SA WG3", "3GPP TSG SA WG3"),
            ("ITU-T SG15", "ITU-T Study Group 15"),
            ("ITU-T SG 15", "ITU-T Study Group 15"),
            ("Study Group 15", "ITU-T Study Group 15"),
            ("lamps", "IETF LAMPS WG"),
            ("LAMPS working group", "IETF LAMPS WG"),
            ("IETF LAMPS", "IETF LAMPS WG"),
            ("The IETF OPSAWG WG (chairs)", "IETF OPSAWG WG"),
            ("IEEE 802.11 Working Group", "IEEE 802.11 WG"),
            ("Routing Area", "IETF Routing Area"),
        ] {
            assert_eq!(
                d.group(written).map(|g| g.name.as_str()),
                Some(name),
                "{written}"
            );
        }
        assert!(d.group("Some Unknown Forum").is_none());
    }

    #[test]
    fn questions_belong_to_their_study_group() {
        let d = dir();
        assert_eq!(
            d.group("Q11/15").map(|g| g.name.as_str()),
            Some("ITU-T Study Group 15")
        );
        assert_eq!(
            d.group("ITU-T Q6/17").map(|g| g.name.as_str()),
            Some("ITU-T Study Group 17")
        );
    }

    #[test]
    fn mentions_in_prose() {
        let d = dir();
        let found: Vec<&str> = d
            .mentions("On behalf of the IEEE 802.11 Working Group I write to the IETF EMU working group about EAP.")
            .iter()
            .map(|g| g.name.as_str())
            .collect();
        assert_eq!(found, vec!["IEEE 802.11 WG", "IETF EMU WG"]);
    }

    #[test]
    fn approvers_follow_the_draft() {
        let mut file: DirectoryFile = toml::from_str(BUILTIN).unwrap();
        let people = r#"
[[people]]
address = "sec-ad1@ietf.example"
roles = ["ad:sec"]
[[people]]
address = "sec-ad2@ietf.example"
roles = ["ad:sec"]
[[people]]
address = "rtg-ad@ietf.example"
roles = ["ad:rtg"]
[[people]]
address = "chair@ietf.example"
roles = ["ietf-chair"]
[[people]]
address = "iab-chair@iab.example"
roles = ["iab-chair", "iab-member"]
[[people]]
address = "lamps-chair@example.org"
roles = ["chair:lamps"]
"#;
        let more: DirectoryFile = toml::from_str(people).unwrap();
        file.people = more.people;
        let d = Entries::build(file).unwrap();
        let approvers = |g: &str| {
            d.approvers(d.group(g).unwrap())
                .iter()
                .map(|p| p.address.clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            approvers("lamps"),
            vec!["sec-ad1@ietf.example", "sec-ad2@ietf.example"]
        );
        assert_eq!(
            approvers("Security Area"),
            vec!["sec-ad1@ietf.example", "sec-ad2@ietf.example"]
        );
        assert_eq!(approvers("Routing Area"), vec!["rtg-ad@ietf.example"]);
        assert_eq!(approvers("IESG"), vec!["chair@ietf.example"]);
        assert_eq!(approvers("IETF"), vec!["chair@ietf.example"]);
        assert_eq!(approvers("IAB"), vec!["iab-chair@iab.example"]);
        let lamps = d.group("lamps").unwrap();
        let may_submit = |a: &str| {
            d.submitting_roles(lamps)
                .iter()
                .any(|r| d.person(a).is_some_and(|p| p.holds(r)))
        };
        assert!(may_submit("lamps-chair@example.org"));
        assert!(may_submit("SEC-AD1@ietf.example"));
        assert!(!may_submit("rtg-ad@ietf.example"));
        assert!(
            d.submitting_roles(d.group("IESG").unwrap())
                .iter()
                .any(|r| d.person("rtg-ad@ietf.example").unwrap().holds(r))
        );
    }

    #[test]
    fn datatracker_acronyms_and_organisations_of_unknown_groups() {
        let d = dir();
        for (written, name) in [
            ("3GPP-TSGSA-SA2", "3GPP TSG SA WG2"),
            ("3GPP-TSG-SA-WG3", "3GPP TSG SA WG3"),
            ("ITU-T-SG-15", "ITU-T Study Group 15"),
            ("BROADBAND-FORUM", "Broadband Forum"),
            ("ESTI-TC-CYBER", "ETSI TC CYBER"),
        ] {
            assert_eq!(
                d.group(written).map(|g| g.name.as_str()),
                Some(name),
                "{written}"
            );
        }
        // "ITU-T SG" less the alias "ITU-T SG" is a number, not a group name.
        assert!(d.group("12").is_none());
        assert!(d.mentions("Berlin, 12-13 October 2026").is_empty());
        // Tails only of one-piece acronyms: "IETF DETNET WG and IETF TSVWG" is two groups.
        assert!(d.group("IETF DETNET WG and IETF TSVWG").is_none());
        let org = |w: &str| d.organisation_by_prefix(w).map(|o| o.name.clone());
        assert_eq!(org("MEF").as_deref(), Some("MEF"));
        assert_eq!(org("ETSI-ISG-ZSM").as_deref(), Some("ETSI"));
        assert_eq!(org("ITU-R-WP-5D").as_deref(), Some("ITU-R"));
        assert_eq!(org("ECMA-TC39").as_deref(), Some("Ecma International"));
    }

    #[test]
    fn people_by_name_and_those_who_forward_for_the_ietf() {
        let extra = r#"
[[people]]
address = "Jane@Example.org"
name = "Jane Doe"
roles = ["coordinator"]
[[people]]
address = "lamps-chair@example.org"
name = "Lee Chair"
roles = ["chair:lamps"]
"#;
        let f = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(f.path(), extra).unwrap();
        let d = Directory::load(&[f.path()]).unwrap();
        assert_eq!(
            d.person_named("jane  doe").map(|p| p.address.as_str()),
            Some("Jane@Example.org")
        );
        assert!(d.person_named("John Doe").is_none());
        assert!(d.is_forwarder("jane@example.org"), "a coordinator");
        assert!(d.is_forwarder("3gpp-liaison@ietf.org"), "a liaison manager");
        assert!(d.is_forwarder("ietf-action@ietf.org"), "the Secretariat");
        assert!(
            !d.is_forwarder("lamps-chairs@ietf.org"),
            "a WG's chairs write statements"
        );
        assert!(!d.is_forwarder("lamps-chair@example.org"));
        assert!(!d.is_forwarder("officer@3gpp.example"));
    }
}
