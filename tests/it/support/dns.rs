//! A private DNS server for the tests: dnsmasq (Debian package dnsmasq-base) as our child, in the
//! foreground, answering only the TXT records of a [`Zone`] and NXDOMAIN for every other name.
//! No upstream, no /etc/hosts, no /etc/resolv.conf, no DHCP; killed on drop.
//!
//! liaisond's own DKIM check is pointed at [`Dnsmasq::server`]; the tests verify with
//! [`Dnsmasq::authenticator`], mail-auth's resolver with that server as its only one.

use std::fmt::Write as _;
use std::fs;
use std::net::{Ipv4Addr, SocketAddr, TcpListener, UdpSocket};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use mail_auth::MessageAuthenticator;
use mail_auth::hickory_resolver::config::{
    ConnectionConfig, NameServerConfig, ResolverConfig, ResolverOpts,
};

use super::mailstack::{free_ports, wait_until};

/// TXT records, set before the server starts (dnsmasq reads them once).
#[derive(Clone, Default)]
pub struct Zone {
    records: Vec<(String, String)>,
}

impl Zone {
    pub fn new() -> Zone {
        Zone::default()
    }

    /// One TXT record; a value over 255 bytes is served as several character-strings.
    pub fn txt(mut self, name: &str, value: &str) -> Zone {
        self.records.push((name.to_owned(), value.to_owned()));
        self
    }

    /// `_dmarc.<domain>`: `v=DMARC1; p=<policy>`.
    pub fn dmarc(self, domain: &str, policy: &str) -> Zone {
        self.txt(
            &format!("_dmarc.{domain}"),
            &format!("v=DMARC1; p={policy}"),
        )
    }

    pub fn records(&self) -> &[(String, String)] {
        &self.records
    }

    /// Serves the zone on 127.0.0.1 at a free port, from a temp dir of its own.
    pub fn start(&self) -> Result<Dnsmasq> {
        let own = tempfile::Builder::new().prefix("dns").tempdir_in("/tmp")?;
        let mut attempt = 1;
        loop {
            let addr = SocketAddr::new(Ipv4Addr::LOCALHOST.into(), free_udp_tcp_port()?);
            match self.start_at(own.path(), addr) {
                Err(e) if attempt < 3 && format!("{e:#}").contains("Address already in use") => {
                    attempt += 1
                }
                result => {
                    return result.map(|mut dns| {
                        dns._own_dir = Some(own);
                        dns
                    });
                }
            }
        }
    }

    /// Serves the zone on `addr`, with its config and log in `dir` (which must exist);
    /// returns once it accepts TCP there.
    pub fn start_at(&self, dir: &Path, addr: SocketAddr) -> Result<Dnsmasq> {
        let conf = dir.join("dnsmasq.conf");
        fs::write(&conf, self.config(addr))?;
        let log = dir.join("dnsmasq.log");
        let out = fs::File::create(&log)?;
        // --conf-file also keeps it from reading /etc/dnsmasq.conf and /etc/dnsmasq.d.
        let child = Command::new("dnsmasq")
            .arg(format!("--conf-file={}", conf.display()))
            .stdin(Stdio::null())
            .stdout(out.try_clone()?)
            .stderr(out)
            .spawn()
            .context("running dnsmasq (is the dnsmasq-base package installed?)")?;
        let mut dns = Dnsmasq {
            addr,
            log,
            child,
            _own_dir: None,
        };
        let mut exited = None;
        let ready = wait_until(Duration::from_secs(5), || {
            exited = dns.child.try_wait().ok().flatten();
            exited.is_some() || std::net::TcpStream::connect(addr).is_ok()
        });
        match (ready, exited) {
            (Ok(()), None) => Ok(dns),
            (_, Some(status)) => bail!("dnsmasq exited at start with {status}:\n{}", dns.log()),
            (Err(_), None) => bail!("dnsmasq did not open {addr}:\n{}", dns.log()),
        }
    }

    fn config(&self, addr: SocketAddr) -> String {
        let mut conf = format!(
            "keep-in-foreground
log-facility=-
log-queries
no-hosts
no-resolv
no-poll
# Every name is ours: an unknown one is NXDOMAIN, not REFUSED (a temperror for resolvers).
local=/#/
listen-address={ip}
port={port}
bind-interfaces
# No pid file; stay root (nothing to protect in a throw-away test).
pid-file
user=root
",
            ip = addr.ip(),
            port = addr.port()
        );
        for (name, value) in &self.records {
            let strings: Vec<String> = txt_strings(value)
                .iter()
                .map(|s| format!("\"{s}\""))
                .collect();
            let _ = writeln!(conf, "txt-record={name},{}", strings.join(","));
        }
        conf
    }
}

/// The character-strings of a TXT record: at most 255 bytes each. DKIM verifiers join them
/// without a separator (RFC 6376 3.6.2.2). The values here are ASCII.
fn txt_strings(value: &str) -> Vec<&str> {
    assert!(
        value.is_ascii() && !value.contains('"'),
        "TXT value {value:?}"
    );
    value
        .as_bytes()
        .chunks(255)
        .map(|c| std::str::from_utf8(c).expect("ASCII"))
        .collect()
}

/// A running dnsmasq.
pub struct Dnsmasq {
    pub addr: SocketAddr,
    log: PathBuf,
    child: Child,
    _own_dir: Option<tempfile::TempDir>,
}

impl Dnsmasq {
    /// `IP:PORT`, as liaisond's configuration takes a DNS server.
    pub fn server(&self) -> String {
        self.addr.to_string()
    }

    /// Every query it answered, and its start-up messages.
    pub fn log(&self) -> String {
        fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// mail-auth with this server as its only resolver (UDP, TCP for long answers): no
    /// /etc/resolv.conf, no cache.
    pub fn authenticator(&self) -> Result<MessageAuthenticator> {
        let mut udp = ConnectionConfig::udp();
        udp.port = self.addr.port();
        let mut tcp = ConnectionConfig::tcp();
        tcp.port = self.addr.port();
        let server = NameServerConfig::new(self.addr.ip(), true, vec![udp, tcp]);
        let mut opts = ResolverOpts::default();
        opts.timeout = Duration::from_secs(2);
        opts.attempts = 1;
        opts.cache_size = 0;
        let config = ResolverConfig::from_parts(None, vec![], vec![server]);
        Ok(MessageAuthenticator::new(config, opts)?)
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port of 127.0.0.1 free for both TCP and UDP, from the harness's allocation.
pub fn free_udp_tcp_port() -> Result<u16> {
    for _ in 0..20 {
        let [port] = free_ports()?;
        if UdpSocket::bind(("127.0.0.1", port)).is_ok() {
            return Ok(port);
        }
    }
    bail!("no port of 127.0.0.1 free for both TCP and UDP")
}

/// A loopback address 127.53.X.Y whose port 53 is free (TCP and UDP), none handed out before
/// in this process: for programs that only know port 53 (libresolv, i.e. OpenDMARC). All of
/// 127.0.0.0/8 is local on Linux; binding port 53 needs root.
pub fn port53_address() -> Result<Ipv4Addr> {
    static HANDED_OUT: Mutex<Vec<Ipv4Addr>> = Mutex::new(Vec::new());
    let mut handed_out = HANDED_OUT.lock().unwrap_or_else(|p| p.into_inner());
    for _ in 0..50 {
        let ip = Ipv4Addr::new(
            127,
            53,
            rand::random_range(1..=254),
            rand::random_range(1..=254),
        );
        let free = || -> std::io::Result<()> {
            let _tcp = TcpListener::bind((ip, 53))?;
            UdpSocket::bind((ip, 53)).map(drop)
        };
        if !handed_out.contains(&ip) && free().is_ok() {
            handed_out.push(ip);
            return Ok(ip);
        }
    }
    bail!("no free 127.53.X.Y:53 (port 53 needs root)")
}
