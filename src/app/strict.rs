//! Reading the configuration strictly: the embedded defaults, the file and
//! the `LIAISOND_SECTION__KEY` environment variables are merged into one TOML
//! tree, which is then read into the settings. Every key and section the
//! settings do not have is an error naming where it came from and the
//! nearest valid name ("web.page_sise: unknown key; did you mean
//! web.page_size?"); a wrong enum value lists the right ones.
//!
//! Why not the `config` crate: it folds environment variables into lower-case
//! keys and forgets where they came from, reads lists from the environment
//! only for keys named in advance, and words a wrong enum value without the
//! right ones. Here the known keys are the ones the settings' own
//! `Deserialize` asks for (serde hands every struct's field list to the
//! deserializer), so a key added to a settings struct is known at once.
//!
//! Values from the environment are text: they are read as the type the
//! setting has (number, boolean), and a list setting takes comma-separated
//! values (`LIAISOND_IDENTITY__OWN_ADDRESSES=a@example.org,b@example.org`).
//! A mailbox is addressed by its name: `LIAISOND_MAILBOXES__CENTRAL__PASSWORD`.

use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, DeserializeOwned, IntoDeserializer, Unexpected, Visitor};
use toml::{Table, Value};

pub const ENV_PREFIX: &str = "LIAISOND_";

/// Variables with the prefix that are not settings (the crash points of `fault.rs`).
const NOT_SETTINGS: &[&str] = &["LIAISOND_FAULT", "LIAISOND_FAULT_TIMES"];

/// The merged configuration tree, remembering which keys the environment set.
pub struct Layers {
    tree: Table,
    /// A tree path and the environment variable that set it.
    from_env: Vec<(Vec<String>, String)>,
}

impl Layers {
    /// `defaults`, then `file` (its text and name), then `env`. With no file
    /// and no mailbox, `embedded_mailbox` is the one mailbox.
    pub fn read(
        defaults: &str,
        file: Option<(&str, &Path)>,
        embedded_mailbox: &str,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Layers, Vec<String>> {
        let mut tree: Table =
            toml::from_str(defaults).map_err(|e| vec![format!("the embedded defaults: {e}")])?;
        if let Some((text, path)) = file {
            let over: Table = toml::from_str(text)
                .map_err(|e| vec![format!("{}: {}", path.display(), e.to_string().trim())])?;
            merge(&mut tree, over);
        } else if !tree.contains_key("mailboxes") {
            let mb: Table = toml::from_str(embedded_mailbox).expect("embedded mailbox is TOML");
            tree.insert("mailboxes".into(), Value::Array(vec![Value::Table(mb)]));
        }
        let mut layers = Layers {
            tree,
            from_env: Vec::new(),
        };
        let mut problems = Vec::new();
        let mut vars: Vec<(String, String)> = env
            .into_iter()
            .filter(|(k, _)| k.starts_with(ENV_PREFIX) && !NOT_SETTINGS.contains(&k.as_str()))
            .collect();
        vars.sort();
        for (name, value) in vars {
            if let Err(p) = layers.set_from_env(&name, value) {
                problems.push(p);
            }
        }
        if problems.is_empty() {
            Ok(layers)
        } else {
            Err(problems)
        }
    }

    fn set_from_env(&mut self, name: &str, value: String) -> Result<(), String> {
        let mut path: Vec<String> = name[ENV_PREFIX.len()..]
            .split("__")
            .map(str::to_lowercase)
            .collect();
        if path.len() < 2 || path.iter().any(String::is_empty) {
            return Err(format!(
                "{name}: not a setting; settings are {ENV_PREFIX}SECTION__KEY, e.g. {ENV_PREFIX}DATABASE__PATH"
            ));
        }
        if path[0] == "mailboxes" {
            path[1] = self.mailbox_index(name, &path[1])?.to_string();
            if path.len() < 3 {
                return Err(format!("{name}: names a mailbox, not one of its keys"));
            }
        }
        let mut at = self
            .tree
            .entry(path[0].clone())
            .or_insert_with(|| Table::new().into());
        for (depth, key) in path.iter().enumerate().skip(1) {
            at = match at {
                Value::Table(t) => t.entry(key.clone()).or_insert_with(|| Table::new().into()),
                // The mailbox's index, found above.
                Value::Array(items) if depth == 1 && path[0] == "mailboxes" => items
                    .get_mut(key.parse::<usize>().expect("a mailbox index"))
                    .expect("an existing mailbox"),
                _ => {
                    return Err(format!(
                        "{name}: {} is not a section",
                        path[..depth].join(".")
                    ));
                }
            };
        }
        *at = Value::String(value);
        self.from_env.push((path, name.to_string()));
        Ok(())
    }

    /// The index of the mailbox an environment variable names (by its name or index).
    fn mailbox_index(&self, var: &str, written: &str) -> Result<usize, String> {
        let names: Vec<String> = match self.tree.get("mailboxes") {
            Some(Value::Array(items)) => items
                .iter()
                .map(|m| {
                    m.get("name")
                        .and_then(Value::as_str)
                        .unwrap_or("")
                        .to_string()
                })
                .collect(),
            _ => Vec::new(),
        };
        let fold = |s: &str| s.to_lowercase().replace('-', "_");
        if let Some(i) = names.iter().position(|n| fold(n) == fold(written)) {
            return Ok(i);
        }
        if let Ok(i) = written
            .parse::<usize>()
            .map_err(drop)
            .and_then(|i| if i < names.len() { Ok(i) } else { Err(()) })
        {
            return Ok(i);
        }
        let known: Vec<&str> = names.iter().map(String::as_str).collect();
        Err(match nearest(written, &known) {
            Some(n) => format!(
                "{var}: no mailbox named {written:?}; did you mean {:?}? (mailboxes are only added in the file)",
                n
            ),
            None => format!(
                "{var}: no mailbox named {written:?}; the mailboxes are: {} (mailboxes are only added in the file)",
                known.join(", ")
            ),
        })
    }

    /// The settings, or everything wrong with the tree: unknown keys and
    /// sections with the nearest valid name, values of the wrong type.
    pub fn settings<T: DeserializeOwned>(&self) -> Result<T, Vec<String>> {
        let seen = RefCell::new(BTreeMap::new());
        let mut unknown: Vec<Vec<String>> = Vec::new();
        let root = Node {
            value: Value::Table(self.tree.clone()),
            path: Vec::new(),
            seen: &seen,
        };
        let result: Result<T, Problem> =
            serde_ignored::deserialize(root, |p| unknown.push(segments(&p)));
        let seen = seen.into_inner();
        let mut problems: Vec<String> = unknown.iter().map(|p| self.unknown(p, &seen)).collect();
        match result {
            Ok(t) if problems.is_empty() => Ok(t),
            Ok(_) => Err(problems),
            Err(e) => {
                problems.push(self.wrong(e));
                Err(problems)
            }
        }
    }

    fn env_var_for(&self, path: &[String]) -> Option<&(Vec<String>, String)> {
        self.from_env.iter().find(|(p, _)| p.starts_with(path))
    }

    /// What to say about an unknown key or section.
    fn unknown(&self, path: &[String], seen: &Fields) -> String {
        let (parent, key) = path.split_at(path.len() - 1);
        let key = &key[0];
        let what = if parent.is_empty() { "section" } else { "key" };
        let valid: Vec<&str> = seen.get(parent).map(|f| f.to_vec()).unwrap_or_default();
        let close = nearest(key, &valid);
        if let Some((env_path, var)) = self.env_var_for(path) {
            let hint = match close {
                Some(c) => format!("did you mean {}?", env_name(var, env_path, parent.len(), c)),
                None => format!("valid names here: {}", valid.join(", ")),
            };
            return format!("{var}: unknown {what} {}; {hint}", self.shown(path));
        }
        let hint = match close {
            Some(c) => {
                let mut better = path.to_vec();
                *better.last_mut().expect("not empty") = c.to_string();
                format!("did you mean {}?", self.shown(&better))
            }
            None if valid.is_empty() => String::new(),
            None => format!("valid names here: {}", valid.join(", ")),
        };
        format!("{}: unknown {what}; {hint}", self.shown(path))
            .trim_end_matches("; ")
            .to_string()
    }

    /// A wrong value, said with its key (and variable, when the environment set it).
    fn wrong(&self, e: Problem) -> String {
        let path: Vec<String> = e.path.clone().unwrap_or_default();
        if path.is_empty() {
            return e.message;
        }
        match self.env_var_for(&path) {
            Some((_, var)) => format!("{var} ({}): {}", self.shown(&path), e.message),
            None => format!("{}: {}", self.shown(&path), e.message),
        }
    }

    /// A tree path as the file would say it: `web.page_size`, `mailboxes[0] ("central").password`.
    fn shown(&self, path: &[String]) -> String {
        let mut out = String::new();
        for (i, seg) in path.iter().enumerate() {
            if i == 1 && path[0] == "mailboxes" {
                let name = seg
                    .parse::<usize>()
                    .ok()
                    .and_then(|n| self.tree.get("mailboxes")?.get(n)?.get("name")?.as_str());
                out.push_str(&format!("[{seg}]"));
                if let Some(n) = name {
                    out.push_str(&format!(" ({n:?})"));
                }
                continue;
            }
            if i > 0 {
                out.push('.');
            }
            out.push_str(seg);
        }
        out
    }
}

/// The environment variable `var` with the segment at `depth` replaced by `key`.
fn env_name(var: &str, env_path: &[String], depth: usize, key: &str) -> String {
    let mut parts: Vec<String> = var[ENV_PREFIX.len()..]
        .split("__")
        .map(str::to_string)
        .collect();
    if depth < parts.len() && depth < env_path.len() {
        parts[depth] = key.to_uppercase();
    }
    format!("{ENV_PREFIX}{}", parts.join("__"))
}

/// Tables merge key by key; anything else in `over` replaces.
fn merge(base: &mut Table, over: Table) {
    for (k, v) in over {
        match (base.get_mut(&k), v) {
            (Some(Value::Table(b)), Value::Table(o)) => merge(b, o),
            (_, v) => {
                base.insert(k, v);
            }
        }
    }
}

/// The valid name nearest to `key`, if it is near enough to be a slip.
pub fn nearest<'a>(key: &str, valid: &[&'a str]) -> Option<&'a str> {
    let key = key.to_lowercase();
    valid
        .iter()
        .map(|v| (strsim::damerau_levenshtein(&key, v), *v))
        .filter(|(d, v)| *d <= 2.max(v.len() / 3))
        .min_by_key(|(d, _)| *d)
        .map(|(_, v)| v)
}

/// serde_ignored's path as plain segments (Option and newtype layers left out).
fn segments(p: &serde_ignored::Path) -> Vec<String> {
    use serde_ignored::Path;
    match p {
        Path::Root => Vec::new(),
        Path::Seq { parent, index } => {
            let mut v = segments(parent);
            v.push(index.to_string());
            v
        }
        Path::Map { parent, key } => {
            let mut v = segments(parent);
            v.push(key.clone());
            v
        }
        Path::Some { parent }
        | Path::NewtypeStruct { parent }
        | Path::NewtypeVariant { parent } => segments(parent),
    }
}

/// The fields each struct in the tree asked for, by its path.
type Fields = BTreeMap<Vec<String>, &'static [&'static str]>;

/// Why a value cannot be read, and where.
#[derive(Debug)]
pub struct Problem {
    path: Option<Vec<String>>,
    message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Problem {}

impl de::Error for Problem {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Problem {
            path: None,
            message: msg.to_string(),
        }
    }
}

/// One value of the tree, read leniently: text from the environment is read
/// as the number, boolean or comma-separated list the setting is.
struct Node<'s> {
    value: Value,
    path: Vec<String>,
    seen: &'s RefCell<Fields>,
}

impl<'s> Node<'s> {
    fn child(&self, key: String, value: Value) -> Node<'s> {
        let mut path = self.path.clone();
        path.push(key);
        Node {
            value,
            path,
            seen: self.seen,
        }
    }

    /// Marks an error with this node's path, unless a deeper node did.
    fn here<T>(path: &[String], r: Result<T, Problem>) -> Result<T, Problem> {
        r.map_err(|mut e| {
            e.path.get_or_insert_with(|| path.to_vec());
            e
        })
    }

    fn any<'de, V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
        let path = self.path.clone();
        let r = match self.value {
            Value::String(ref s) => v.visit_str(s),
            Value::Integer(i) => v.visit_i64(i),
            Value::Float(f) => v.visit_f64(f),
            Value::Boolean(b) => v.visit_bool(b),
            Value::Datetime(d) => v.visit_string(d.to_string()),
            Value::Array(ref items) => {
                let nodes: Vec<Node> = items
                    .iter()
                    .enumerate()
                    .map(|(i, x)| self.child(i.to_string(), x.clone()))
                    .collect();
                v.visit_seq(SeqDeserializer::new(nodes.into_iter()))
            }
            Value::Table(ref t) => {
                let entries: Vec<(String, Node)> = t
                    .iter()
                    .map(|(k, x)| (k.clone(), self.child(k.clone(), x.clone())))
                    .collect();
                v.visit_map(MapDeserializer::new(entries.into_iter()))
            }
        };
        Self::here(&path, r)
    }

    fn text(&self) -> Option<&str> {
        self.value.as_str().map(str::trim)
    }

    fn number<'de, V: Visitor<'de>>(self, v: V, float: bool) -> Result<V::Value, Problem> {
        let Some(s) = self.text() else {
            return self.any(v);
        };
        let r = if let (false, Ok(i)) = (float, s.parse::<i64>()) {
            v.visit_i64(i)
        } else if let Ok(f) = s.parse::<f64>() {
            v.visit_f64(f)
        } else {
            Err(de::Error::invalid_value(Unexpected::Str(s), &"a number"))
        };
        Self::here(&self.path, r)
    }
}

impl<'de> IntoDeserializer<'de, Problem> for Node<'_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

macro_rules! numbers {
    ($($method:ident: $float:expr),* $(,)?) => {$(
        fn $method<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
            self.number(v, $float)
        }
    )*};
}

impl<'de> de::Deserializer<'de> for Node<'_> {
    type Error = Problem;

    fn deserialize_any<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
        self.any(v)
    }

    numbers! {
        deserialize_i8: false, deserialize_i16: false, deserialize_i32: false,
        deserialize_i64: false, deserialize_u8: false, deserialize_u16: false,
        deserialize_u32: false, deserialize_u64: false, deserialize_f32: true,
        deserialize_f64: true,
    }

    fn deserialize_bool<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
        let r = match self.text().map(str::to_lowercase).as_deref() {
            None => return self.any(v),
            Some("true") => v.visit_bool(true),
            Some("false") => v.visit_bool(false),
            Some(other) => Err(de::Error::invalid_value(
                Unexpected::Str(other),
                &"true or false",
            )),
        };
        Self::here(&self.path, r)
    }

    fn deserialize_str<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
        self.deserialize_string(v)
    }

    fn deserialize_string<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
        let r = match &self.value {
            Value::Integer(_) | Value::Float(_) | Value::Boolean(_) => {
                v.visit_string(self.value.to_string())
            }
            _ => return self.any(v),
        };
        Self::here(&self.path, r)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
        let Some(text) = self.text() else {
            return self.any(v);
        };
        let items: Vec<Value> = text
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| Value::String(s.to_string()))
            .collect();
        let list = Node {
            value: Value::Array(items),
            path: self.path.clone(),
            seen: self.seen,
        };
        list.any(v)
    }

    fn deserialize_option<V: Visitor<'de>>(self, v: V) -> Result<V::Value, Problem> {
        v.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        v: V,
    ) -> Result<V::Value, Problem> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Problem> {
        let r = match &self.value {
            Value::String(s) => v.visit_enum(s.trim().to_string().into_deserializer()),
            _ => return self.any(v),
        };
        Self::here(&self.path, r)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        fields: &'static [&'static str],
        v: V,
    ) -> Result<V::Value, Problem> {
        self.seen.borrow_mut().insert(self.path.clone(), fields);
        if !self.value.is_table() {
            let r = Err(de::Error::invalid_type(
                Unexpected::Other("a value"),
                &"a section",
            ));
            return Self::here(&self.path, r);
        }
        self.any(v)
    }

    serde::forward_to_deserialize_any! {
        char bytes byte_buf unit unit_struct tuple tuple_struct map identifier ignored_any i128 u128
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, serde::Deserialize)]
    struct Web {
        listen: String,
        page_size: u32,
        #[serde(default)]
        base_url: Option<String>,
        states: Vec<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Mb {
        name: String,
        #[serde(default)]
        password: Option<String>,
    }

    #[derive(Debug, serde::Deserialize)]
    struct Top {
        web: Web,
        #[serde(default)]
        mailboxes: Vec<Mb>,
    }

    const DEFAULTS: &str =
        "[web]\nlisten = \"127.0.0.1:8080\"\npage_size = 50\nstates = [\"received\"]\n";
    const EMBEDDED: &str = "name = \"local\"";

    fn read(file: &str, env: &[(&str, &str)]) -> Result<Top, Vec<String>> {
        let env = env.iter().map(|(k, v)| (k.to_string(), v.to_string()));
        Layers::read(DEFAULTS, Some((file, Path::new("x.toml"))), EMBEDDED, env)?.settings()
    }

    #[test]
    fn a_misspelt_key_names_the_nearest() {
        let e = read("[web]\npage_sise = 3\n", &[]).unwrap_err();
        assert_eq!(
            e,
            vec!["web.page_sise: unknown key; did you mean web.page_size?"]
        );
        let e = read("[webb]\nlisten = \"x\"\n", &[]).unwrap_err();
        assert_eq!(e, vec!["webb: unknown section; did you mean web?"]);
        let e = read("[[mailboxes]]\nname = \"central\"\npasword = \"x\"\n", &[]).unwrap_err();
        assert_eq!(
            e,
            vec![
                "mailboxes[0] (\"central\").pasword: unknown key; did you mean mailboxes[0] (\"central\").password?"
            ]
        );
    }

    #[test]
    fn an_optional_key_is_known_though_unset() {
        let e = read("[web]\nbase_ur = \"x\"\n", &[]).unwrap_err();
        assert_eq!(
            e,
            vec!["web.base_ur: unknown key; did you mean web.base_url?"]
        );
    }

    #[test]
    fn the_environment_is_read_as_the_setting_types() {
        let top = read(
            "[[mailboxes]]\nname = \"central-1\"\n",
            &[
                ("LIAISOND_WEB__PAGE_SIZE", "3"),
                ("LIAISOND_WEB__STATES", "received, sent"),
                ("LIAISOND_MAILBOXES__CENTRAL_1__PASSWORD", "12345"),
                ("LIAISOND_FAULT", "after-archive"),
            ],
        )
        .unwrap();
        assert_eq!(top.web.page_size, 3);
        assert_eq!(top.web.listen, "127.0.0.1:8080");
        assert_eq!(top.web.base_url, None);
        assert_eq!(top.mailboxes[0].name, "central-1");
        assert_eq!(top.web.states, vec!["received", "sent"]);
        assert_eq!(top.mailboxes[0].password.as_deref(), Some("12345"));
    }

    #[test]
    fn a_misspelt_variable_names_the_nearest() {
        let e = read("", &[("LIAISOND_WEB__LISTN", "x")]).unwrap_err();
        assert_eq!(
            e,
            vec!["LIAISOND_WEB__LISTN: unknown key web.listn; did you mean LIAISOND_WEB__LISTEN?"]
        );
        let e = read("", &[("LIAISOND_WBE__LISTEN", "x")]).unwrap_err();
        assert_eq!(
            e,
            vec!["LIAISOND_WBE__LISTEN: unknown section wbe; did you mean LIAISOND_WEB__LISTEN?"]
        );
        let e = read("", &[("LIAISOND_WEB", "x")]).unwrap_err();
        assert!(e[0].starts_with("LIAISOND_WEB: not a setting"), "{e:?}");
        let e = read("", &[("LIAISOND_WEB__PAGE_SIZE", "many")]).unwrap_err();
        assert_eq!(
            e,
            vec![
                "LIAISOND_WEB__PAGE_SIZE (web.page_size): invalid value: string \"many\", expected a number"
            ]
        );
    }

    #[test]
    fn an_unknown_mailbox_in_the_environment_is_named() {
        let e = read(
            "[[mailboxes]]\nname = \"central\"\n",
            &[("LIAISOND_MAILBOXES__CENTRL__PASSWORD", "x")],
        )
        .unwrap_err();
        assert!(e[0].contains("did you mean \"central\""), "{e:?}");
    }
}
