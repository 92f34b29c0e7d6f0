//! DKIM for the tests: signing keys made with the openssl CLI, their DNS records, and a real
//! signer (mail-auth's `DkimSigner`) for test mail, with the helpers that make the attacks.
//!
//! [`TestKeys`] is the standard set a stack publishes (see `StackOptions::dkim`): the test
//! domains' own keys, and an attacker's key published for `attacker.example` and for the
//! public suffix `example` (so that signatures with those `d=` pass DKIM and only the
//! alignment with From can refuse them).

use std::fs;
use std::io::Write as _;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;

use anyhow::{Context, Result, bail};
use mail_auth::common::crypto::{DkimKey, Ed25519Key, RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::{Canonicalization, DkimSigner};
use rustls_pki_types::PrivateKeyDer;
use rustls_pki_types::pem::PemObject;

use super::dns::Zone;

/// The header fields every test signature covers (all their instances, and those absent are
/// signed as absent, so adding one later breaks the signature).
pub const SIGNED_HEADERS: [&str; 7] = [
    "From",
    "To",
    "Subject",
    "Date",
    "Message-ID",
    "In-Reply-To",
    "References",
];

/// The attacker's own domain, whose DNS they control.
pub const ATTACKER_DOMAIN: &str = "attacker.example";
/// A public suffix (`.example` is not in the PSL, so its implicit `*` rule makes it one) at
/// which the attacker's key is published too: the "parent domain" attack.
pub const PUBLIC_SUFFIX: &str = "example";
/// A subdomain of ietf.example with the legitimate key: relaxed alignment, which passes.
pub const IETF_SUBDOMAIN: &str = "mail.ietf.example";

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum KeyKind {
    Rsa2048,
    Ed25519,
}

/// A private key in a PEM file (mode 0600) and the public key record that goes with it.
#[derive(Clone, Debug)]
pub struct SigningKey {
    pub pem: PathBuf,
    pub kind: KeyKind,
    record: String,
}

impl SigningKey {
    /// Makes `dir/<name>.pem` with `openssl genpkey`.
    pub fn generate(dir: &Path, name: &str, kind: KeyKind) -> Result<SigningKey> {
        Self::generate_all(dir, &[(name, kind)]).map(|mut keys| keys.remove(0))
    }

    /// Several keys at once: the openssl processes run in parallel (RSA takes up to ~0.3 s).
    pub fn generate_all(dir: &Path, keys: &[(&str, KeyKind)]) -> Result<Vec<SigningKey>> {
        let pems: Vec<PathBuf> = keys
            .iter()
            .map(|(name, _)| dir.join(format!("{name}.pem")))
            .collect();
        let children = keys
            .iter()
            .zip(&pems)
            .map(|((_, kind), pem)| {
                let algorithm: &[&str] = match kind {
                    KeyKind::Rsa2048 => &["RSA", "-pkeyopt", "rsa_keygen_bits:2048"],
                    KeyKind::Ed25519 => &["ED25519"],
                };
                Command::new("openssl")
                    .arg("genpkey")
                    .arg("-algorithm")
                    .args(algorithm)
                    .arg("-out")
                    .arg(pem)
                    .stdin(Stdio::null())
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .context("running openssl (is the openssl package installed?)")
            })
            .collect::<Result<Vec<_>>>()?;
        for child in children {
            let out = child.wait_with_output()?;
            if !out.status.success() {
                bail!("openssl genpkey: {}", String::from_utf8_lossy(&out.stderr));
            }
        }
        keys.iter()
            .zip(pems)
            .map(|((_, kind), pem)| {
                let record = public_record(&pem, *kind)?;
                Ok(SigningKey {
                    pem,
                    kind: *kind,
                    record,
                })
            })
            .collect()
    }

    /// The value of its `<selector>._domainkey.<domain>` TXT record (RFC 6376 3.6.1; RFC 8463
    /// for Ed25519). RSA-2048: ~410 bytes, served as two strings.
    pub fn record(&self) -> &str {
        &self.record
    }

    fn dkim_key(&self) -> Result<DkimKey> {
        let pem = std::fs::read(&self.pem)?;
        let der = PrivateKeyDer::from_pem_slice(&pem)
            .map_err(|e| anyhow::anyhow!("{}: {e}", self.pem.display()))?;
        Ok(match self.kind {
            KeyKind::Rsa2048 => DkimKey::Rsa(RsaKey::<Sha256>::from_key_der(der)?),
            // openssl writes PKCS#8 v1; ring's checked loader wants v2.
            KeyKind::Ed25519 => match der {
                PrivateKeyDer::Pkcs8(pkcs8) => DkimKey::Ed25519(
                    Ed25519Key::from_pkcs8_maybe_unchecked_der(pkcs8.secret_pkcs8_der())?,
                ),
                _ => bail!("{}: not PKCS#8", self.pem.display()),
            },
        })
    }
}

/// The `p=` of a DKIM key record. `openssl pkey -pubout` writes the SubjectPublicKeyInfo as
/// PEM, i.e. base64 of its DER: for RSA that is `p=` as it is (OpenDKIM requires this form).
/// An Ed25519 SPKI is a 12-byte prefix and the 32-byte key; 12 bytes are 16 base64 characters
/// exactly, so the rest of the base64 is the key's own, which is what RFC 8463 publishes.
fn public_record(pem: &Path, kind: KeyKind) -> Result<String> {
    let out = Command::new("openssl")
        .args(["pkey", "-pubout", "-in"])
        .arg(pem)
        .stdin(Stdio::null())
        .output()
        .context("running openssl")?;
    if !out.status.success() {
        bail!("openssl pkey: {}", String::from_utf8_lossy(&out.stderr));
    }
    let base64: String = String::from_utf8(out.stdout)?
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    Ok(match kind {
        KeyKind::Rsa2048 => format!("v=DKIM1; k=rsa; p={base64}"),
        KeyKind::Ed25519 => format!("v=DKIM1; k=ed25519; p={}", &base64[16..]),
    })
}

/// `raw` with a DKIM-Signature by `key` for `d=domain; s=selector` prepended (relaxed/relaxed,
/// [`SIGNED_HEADERS`]). Panics if mail-auth cannot sign (e.g. no From header).
pub fn sign(raw: &[u8], domain: &str, selector: &str, key: &SigningKey) -> Vec<u8> {
    let signature = key
        .dkim_key()
        .and_then(|k| {
            Ok(DkimSigner::from_key(k)
                .domain(domain)
                .selector(selector)
                .headers(SIGNED_HEADERS)
                .header_canonicalization(Canonicalization::Relaxed)
                .body_canonicalization(Canonicalization::Relaxed)
                .sign(raw)?)
        })
        .unwrap_or_else(|e| panic!("signing for d={domain} s={selector}: {e:#}"));
    [signature.to_header().into_bytes(), raw.to_vec()].concat()
}

/// `signed` with the first `from` in its body replaced by `to`: the signature no longer
/// verifies (mail-auth says `neutral`, body hash mismatch; OpenDKIM `fail`).
pub fn tamper_body(signed: &[u8], from: &str, to: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(signed);
    let body = text
        .find("\r\n\r\n")
        .or_else(|| text.find("\n\n"))
        .expect("a message with a body");
    let (head, tail) = text.split_at(body);
    assert!(tail.contains(from), "{from:?} not in the body");
    format!("{head}{}", tail.replacen(from, to, 1)).into_bytes()
}

/// The keys a stack publishes: `s1` RSA-2048 and `s2` Ed25519 for every test domain (and
/// [`IETF_SUBDOMAIN`]), the same pair for all of them; `s1` of the attacker for
/// [`ATTACKER_DOMAIN`] and [`PUBLIC_SUFFIX`]; `_dmarc` p=reject for every test domain.
///
/// Making the RSA keys takes 0.3 to 0.45 s, so the test binary makes the three once and each
/// stack gets copies in its own dir.
pub struct TestKeys {
    pub rsa: SigningKey,
    pub ed25519: SigningKey,
    pub attacker: SigningKey,
    domains: Vec<String>,
}

impl TestKeys {
    /// The test binary's keys, written to `dir` (mode 0600), for the test domains `domains`.
    pub fn new(dir: &Path, domains: &[&str]) -> Result<TestKeys> {
        let mut keys = Vec::new();
        for made in made_once()? {
            let path = dir.join(format!("{}.pem", made.name));
            fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .mode(0o600)
                .open(&path)?
                .write_all(&made.pem)?;
            keys.push(SigningKey {
                pem: path,
                kind: made.kind,
                record: made.record,
            });
        }
        let [rsa, ed25519, attacker] = <[SigningKey; 3]>::try_from(keys).expect("three keys");
        let mut domains: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
        domains.push(IETF_SUBDOMAIN.into());
        Ok(TestKeys {
            rsa,
            ed25519,
            attacker,
            domains,
        })
    }

    /// Every record of the keys above.
    pub fn zone(&self) -> Zone {
        let mut zone = Zone::new();
        for d in &self.domains {
            zone = zone
                .txt(&format!("s1._domainkey.{d}"), self.rsa.record())
                .txt(&format!("s2._domainkey.{d}"), self.ed25519.record());
            if d != IETF_SUBDOMAIN {
                zone = zone.dmarc(d, "reject");
            }
        }
        for d in [ATTACKER_DOMAIN, PUBLIC_SUFFIX] {
            zone = zone.txt(&format!("s1._domainkey.{d}"), self.attacker.record());
        }
        zone
    }

    /// Signed by `domain`'s own RSA key (`s=s1`): the genuine signature.
    pub fn sign(&self, raw: &[u8], domain: &str) -> Vec<u8> {
        sign(raw, domain, "s1", &self.rsa)
    }

    /// Signed by `domain`'s own Ed25519 key (`s=s2`).
    pub fn sign_ed25519(&self, raw: &[u8], domain: &str) -> Vec<u8> {
        sign(raw, domain, "s2", &self.ed25519)
    }

    /// Attack: a valid signature of the attacker's own domain (`d=attacker.example`) on mail
    /// whose From is someone else's.
    pub fn sign_by_attacker(&self, raw: &[u8]) -> Vec<u8> {
        sign(raw, ATTACKER_DOMAIN, "s1", &self.attacker)
    }

    /// Attack: a valid signature with `d=example`, a parent of every test domain that is a
    /// public suffix (the attacker's key is published there).
    pub fn sign_by_public_suffix(&self, raw: &[u8]) -> Vec<u8> {
        sign(raw, PUBLIC_SUFFIX, "s1", &self.attacker)
    }
}

/// A key of [`TestKeys`] as the test binary made it: the PEM file's bytes.
#[derive(Clone)]
struct MadeKey {
    name: &'static str,
    kind: KeyKind,
    pem: Vec<u8>,
    record: String,
}

/// The keys of [`TestKeys`], made on the first call.
fn made_once() -> Result<Vec<MadeKey>> {
    static MADE: Mutex<Option<Vec<MadeKey>>> = Mutex::new(None);
    const KEYS: [(&str, KeyKind); 3] = [
        ("s1", KeyKind::Rsa2048),
        ("s2", KeyKind::Ed25519),
        ("attacker", KeyKind::Rsa2048),
    ];
    let mut made = MADE.lock().unwrap_or_else(|p| p.into_inner());
    if made.is_none() {
        let dir = tempfile::Builder::new().prefix("dkim").tempdir_in("/tmp")?;
        let keys = SigningKey::generate_all(dir.path(), &KEYS)?;
        let copies = KEYS.iter().zip(keys).map(|((name, kind), key)| {
            Ok(MadeKey {
                name,
                kind: *kind,
                pem: fs::read(&key.pem)?,
                record: key.record,
            })
        });
        *made = Some(copies.collect::<Result<_>>()?);
    }
    Ok(made.clone().expect("made above"))
}
