//! A group directory file (the shape of rules/directory.toml), built in code:
//! organisations, groups, and the people who hold roles. liaisond reads it
//! on top of its built-in directory; a group of the same name replaces the
//! built-in one.

use std::path::Path;

use serde::Serialize;

/// The IETF's liaison manager for 3GPP in the tests' directories.
pub const MANAGER_3GPP: &str = "3gpp-manager@ietf.example";

#[derive(Default, Serialize)]
pub struct Directory {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    organisations: Vec<Organisation>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    groups: Vec<Group>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    people: Vec<Person>,
}

#[derive(Serialize)]
pub struct Organisation {
    id: String,
    name: String,
    aliases: Vec<String>,
    liaison_manager: String,
}

#[derive(Serialize)]
pub struct Group {
    org: String,
    name: String,
    kind: String,
    acronym: String,
    area: String,
    chairs: Vec<String>,
}

#[derive(Serialize)]
struct Person {
    address: String,
    roles: Vec<String>,
}

impl Directory {
    /// Nobody and nothing beyond the built-in directory.
    pub fn new() -> Directory {
        Directory::default()
    }

    pub fn organisation(mut self, organisation: Organisation) -> Directory {
        self.organisations.push(organisation);
        self
    }

    pub fn group(mut self, group: Group) -> Directory {
        self.groups.push(group);
        self
    }

    /// `address` holds `roles`, e.g. `chair:lamps`, `ad:sec`, `ietf-chair`,
    /// `iab-chair`, `iab-member`, `coordinator`.
    pub fn person(mut self, address: &str, roles: &[&str]) -> Directory {
        self.people.push(Person {
            address: address.into(),
            roles: roles.iter().map(|r| r.to_string()).collect(),
        });
        self
    }

    /// Writes the TOML to `path`, for [`super::config::Config::directory`].
    pub fn write(&self, path: &Path) {
        let text = toml::to_string(self).expect("a test directory renders as TOML");
        std::fs::write(path, text).unwrap();
    }
}

impl Organisation {
    /// 3GPP, also by its long name, with [`MANAGER_3GPP`] as liaison manager.
    pub fn three_gpp() -> Organisation {
        Organisation {
            id: "3gpp".into(),
            name: "3GPP".into(),
            aliases: vec!["3rd Generation Partnership Project".into()],
            liaison_manager: MANAGER_3GPP.into(),
        }
    }
}

impl Group {
    /// An IETF working group (`name` as statements write it, e.g. "IETF LAMPS WG")
    /// in the area of acronym `area`, chaired by `chairs`.
    pub fn ietf_wg(name: &str, acronym: &str, area: &str, chairs: &str) -> Group {
        Group {
            org: "ietf".into(),
            name: name.into(),
            kind: "wg".into(),
            acronym: acronym.into(),
            area: area.into(),
            chairs: vec![chairs.into()],
        }
    }
}
