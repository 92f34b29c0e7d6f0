//! OpenDKIM and OpenDMARC (Debian packages opendkim, opendmarc) as milters of the test
//! Postfix, so that delivered mail carries the `Authentication-Results` a real MTA writes,
//! with authserv-id [`AUTHSERV_ID`], directly above Postfix's own `Received: ... by
//! mx.iab.example`. Both verify only (no signing), take DNS from the stack's dnsmasq at
//! `<ip>:53`, and are killed on drop.
//!
//! OpenDMARC has no nameserver option (it uses libresolv, i.e. /etc/resolv.conf, port 53
//! only): it runs in a mount namespace of its own in which a resolv.conf naming the dnsmasq is
//! bind-mounted over /etc/resolv.conf. Nothing outside the stack's dir changes. Needs root.

use std::fs;
use std::net::{Ipv4Addr, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use anyhow::{Context, Result, anyhow};

use super::mailstack::{free_ports, wait_until};

/// The authserv-id of both milters, and Postfix's `myhostname`.
pub const AUTHSERV_ID: &str = "mx.iab.example";

/// Clients that OpenDKIM would sign for and OpenDMARC would skip. The defaults (127.0.0.1)
/// would be every test client: this address is used by none.
const INTERNAL_HOST: &str = "127.0.0.2";

pub struct Milters {
    pub opendkim_port: u16,
    pub opendmarc_port: u16,
    dir: PathBuf,
    children: Vec<Child>,
}

impl Milters {
    /// Writes their configs under `dir` and starts both, DNS at `dns_ip:53`; returns once both
    /// accept connections (Postfix must not start before: its mail would be tempfailed).
    pub fn start(dir: &Path, dns_ip: Ipv4Addr) -> Result<Milters> {
        let [opendkim_port, opendmarc_port] = free_ports()?;
        let mut milters = Milters {
            opendkim_port,
            opendmarc_port,
            dir: dir.to_owned(),
            children: Vec::new(),
        };
        fs::write(dir.join("internal-hosts"), format!("{INTERNAL_HOST}\n"))?;
        fs::write(
            dir.join("resolv.conf"),
            format!("nameserver {dns_ip}\noptions attempts:1 timeout:2\n"),
        )?;
        fs::write(dir.join("opendkim.conf"), milters.opendkim_conf(dns_ip))?;
        fs::write(dir.join("opendmarc.conf"), milters.opendmarc_conf())?;

        let opendkim = milters.spawn("opendkim", Command::new("opendkim").arg("-f").arg("-x"))?;
        milters.children.push(opendkim);
        let mut opendmarc = Command::new("unshare");
        // No --fork: unshare, sh and opendmarc keep one pid, so the child is OpenDMARC itself.
        opendmarc
            .args(["--mount", "--propagation", "private", "sh", "-c"])
            .arg(r#"mount --bind "$0" /etc/resolv.conf && exec opendmarc -f -c "$1""#)
            .arg(dir.join("resolv.conf"));
        let opendmarc = milters.spawn("opendmarc", &mut opendmarc)?;
        milters.children.push(opendmarc);
        milters.wait_until_ready()?;
        Ok(milters)
    }

    /// Runs `command` with `<name>.conf` as its last argument, output to `<name>.out`.
    fn spawn(&self, name: &str, command: &mut Command) -> Result<Child> {
        let out = fs::File::create(self.dir.join(format!("{name}.out")))?;
        command
            .arg(self.dir.join(format!("{name}.conf")))
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .with_context(|| format!("running {name} (is the {name} package installed?)"))
    }

    fn wait_until_ready(&mut self) -> Result<()> {
        let ports = [self.opendkim_port, self.opendmarc_port];
        let mut exited = None;
        let ready = wait_until(Duration::from_secs(10), || {
            exited = self
                .children
                .iter_mut()
                .find_map(|c| c.try_wait().ok().flatten());
            exited.is_some()
                || ports
                    .iter()
                    .all(|p| TcpStream::connect(("127.0.0.1", *p)).is_ok())
        });
        match (ready, exited) {
            (Ok(()), None) => Ok(()),
            (_, Some(status)) => Err(anyhow!("a milter exited at start with {status}")),
            (Err(_), None) => Err(anyhow!("the milters did not open ports {ports:?}")),
        }
        .map_err(|e| anyhow!("{e}\n{}", self.output()))
    }

    /// The main.cf lines that put both in front of Postfix's queue; `header_checks` names the
    /// file written by [`Milters::write_header_checks`].
    pub fn postfix_main_cf(&self, header_checks: &Path) -> String {
        format!(
            "# OpenDKIM first: OpenDMARC reads its Authentication-Results.
smtpd_milters = inet:127.0.0.1:{dkim}, inet:127.0.0.1:{dmarc}
non_smtpd_milters = $smtpd_milters
# A milter that is down or fails must not let mail in without a verdict: 451.
milter_default_action = tempfail
milter_protocol = 6
header_checks = regexp:{checks}
",
            dkim = self.opendkim_port,
            dmarc = self.opendmarc_port,
            checks = header_checks.display(),
        )
    }

    /// RFC 8601 section 5: incoming `Authentication-Results` fields that claim our authserv-id
    /// are removed (also folded, upper-case, or behind a comment). header_checks see the
    /// message's own fields, never those the milters add.
    pub fn write_header_checks(path: &Path) -> Result<()> {
        let id = AUTHSERV_ID.replace('.', "\\.");
        let rule =
            format!("/^Authentication-Results:([^;]*[[:space:])])?{id}([[:space:];(]|$)/ IGNORE\n");
        Ok(fs::write(path, rule)?)
    }

    /// What the milters wrote to stdout/stderr (only start-up errors: there is no syslog).
    pub fn output(&self) -> String {
        ["opendkim.out", "opendmarc.out"]
            .iter()
            .map(|f| {
                let text = fs::read_to_string(self.dir.join(f)).unwrap_or_default();
                format!("--- {f} ---\n{text}")
            })
            .collect()
    }

    fn opendkim_conf(&self, dns_ip: Ipv4Addr) -> String {
        let d = self.dir.display();
        format!(
            "Background no
Socket inet:{port}@127.0.0.1
PidFile {d}/opendkim.pid
Mode v
# Debian's OpenDKIM resolves with libunbound: this is its only server.
Nameservers {dns_ip}
AuthservID {AUTHSERV_ID}
# dkim=none on unsigned mail too, so that every message carries a verdict.
AlwaysAddARHeader yes
InternalHosts {d}/internal-hosts
# Keys of tests live under /tmp (world-writable): the safe-key check would refuse them.
RequireSafeKeys false
Syslog no
",
            port = self.opendkim_port,
        )
    }

    fn opendmarc_conf(&self) -> String {
        let d = self.dir.display();
        format!(
            "Background false
Socket inet:{port}@127.0.0.1
PidFile {d}/opendmarc.pid
AuthservID {AUTHSERV_ID}
# DKIM results only from OpenDKIM's fields.
TrustedAuthservIDs {AUTHSERV_ID}
IgnoreHosts {d}/internal-hosts
# Deliver failures, with dmarc=fail, so that liaisond decides.
RejectFailures false
# No SPF: libspf2 passes every 127.0.0.1 client, which would make forged mail pass DMARC
# through an SPF-aligned envelope sender. DMARC here rests on DKIM alone.
SPFSelfValidate false
SPFIgnoreResults true
FailureReports false
Syslog false
",
            port = self.opendmarc_port,
        )
    }
}

impl Drop for Milters {
    fn drop(&mut self) {
        for child in &mut self.children {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}
