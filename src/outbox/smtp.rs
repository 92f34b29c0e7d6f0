//! SMTP over lettre's protocol client on sockets opened here: with
//! TCP_NODELAY, so the end of a mail (the final dot) leaves at once instead
//! of after the server's delayed ACK, and with connections kept between
//! mails and reused without a NOOP first. A reused connection the server
//! has closed fails at MAIL FROM, before anything was sent: the mail then
//! goes over a new connection in the same attempt. A mail is noted as
//! handed over once its final dot has left (see `stream`).

use std::sync::Mutex;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use lettre::address::Envelope;
use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{
    AsyncSmtpConnection, AsyncTokioStream, Certificate, TlsParameters,
};
use lettre::transport::smtp::commands::{Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use tokio::net::TcpStream;

use super::Delivery;
use super::stream::{AfterFlush, Then, Watched};
use crate::mail::{Security, tls};

/// A kept connection older than this is closed rather than reused.
const IDLE_MAX: Duration = Duration::from_secs(30);

pub struct Smtp {
    host: String,
    port: u16,
    security: Security,
    ca_file: Option<std::path::PathBuf>,
    starttls: Option<TlsParameters>,
    credentials: Option<Credentials>,
    timeout: Duration,
    hello: ClientId,
    idle: Mutex<Vec<(Connection, Instant)>>,
}

/// A connection and the watch on its socket.
struct Connection {
    smtp: AsyncSmtpConnection,
    after_dot: AfterFlush,
}

/// Why a mail did not go: the server refused it for good, or it may go later.
pub enum Refusal {
    Permanent(String),
    Transient(String),
}

impl From<lettre::transport::smtp::Error> for Refusal {
    fn from(e: lettre::transport::smtp::Error) -> Refusal {
        if e.is_permanent() {
            Refusal::Permanent(e.to_string())
        } else {
            Refusal::Transient(e.to_string())
        }
    }
}

fn transient(e: anyhow::Error) -> Refusal {
    Refusal::Transient(format!("{e:#}"))
}

impl Smtp {
    /// An SMTP client of `[outgoing]`.
    pub fn new(o: &Delivery) -> Result<Smtp> {
        let host = o
            .host
            .clone()
            .context("outgoing.host is required for SMTP")?;
        let starttls = match o.security {
            Security::Starttls => {
                let mut b = TlsParameters::builder(host.clone());
                if let Some(ca) = &o.tls_ca_file {
                    let pem =
                        std::fs::read(ca).with_context(|| format!("reading {}", ca.display()))?;
                    b = b.add_root_certificate(Certificate::from_pem(&pem)?);
                }
                Some(b.build_rustls()?)
            }
            _ => None,
        };
        let credentials = match (&o.username, &o.password) {
            (Some(u), Some(p)) => Some(Credentials::new(u.clone(), p.clone())),
            _ => None,
        };
        Ok(Smtp {
            port: o.port(),
            host,
            security: o.security,
            ca_file: o.tls_ca_file.clone(),
            starttls,
            credentials,
            timeout: Duration::from_secs(o.timeout_secs),
            hello: ClientId::default(),
            idle: Mutex::new(Vec::new()),
        })
    }

    /// One mail over a kept connection (or a new one); the kept connection
    /// goes back for the next mail once this one was accepted. `handed_over`
    /// runs the instant the final dot has left.
    pub async fn send(
        &self,
        envelope: &Envelope,
        mail: &[u8],
        handed_over: Then,
    ) -> Result<(), Refusal> {
        loop {
            let (mut conn, reused) = match self.kept() {
                Some(c) => (c, true),
                None => (self.connect().await.map_err(transient)?, false),
            };
            match self.mail_from(&mut conn.smtp, envelope, mail).await {
                Ok(()) => {}
                // A kept connection the server closed meanwhile: nothing was sent.
                Err(_) if reused => {
                    conn.smtp.abort().await;
                    continue;
                }
                Err(e) => {
                    conn.smtp.abort().await;
                    return Err(e.into());
                }
            }
            let sent = self.rest(&mut conn, envelope, mail, handed_over).await;
            conn.after_dot.disarm();
            return match sent {
                Ok(()) => {
                    self.keep(conn);
                    Ok(())
                }
                Err(e) => {
                    conn.smtp.abort().await;
                    Err(e.into())
                }
            };
        }
    }

    fn kept(&self) -> Option<Connection> {
        let mut idle = self.idle.lock().expect("not poisoned");
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < IDLE_MAX && !conn.smtp.has_broken() {
                return Some(conn);
            }
            // Dropped: the server notices the closed socket.
        }
        None
    }

    fn keep(&self, conn: Connection) {
        self.idle
            .lock()
            .expect("not poisoned")
            .push((conn, Instant::now()));
    }

    async fn connect(&self) -> Result<Connection> {
        let tcp = tokio::time::timeout(
            self.timeout,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .with_context(|| format!("connecting to {}:{}: no answer", self.host, self.port))?
        .with_context(|| format!("connecting to {}:{}", self.host, self.port))?;
        tcp.set_nodelay(true)?;
        let peer = tcp.peer_addr()?;
        // Beneath lettre's own TLS after STARTTLS: its flush reaches this one.
        let after_dot = AfterFlush::default();
        let stream: Box<dyn AsyncTokioStream> = match self.security {
            Security::Tls => {
                let tls = tls::connect(&self.host, tcp, self.ca_file.as_deref()).await?;
                Box::new(Watched::new(tls, peer, after_dot.clone()))
            }
            Security::Starttls | Security::Plain => {
                Box::new(Watched::new(tcp, peer, after_dot.clone()))
            }
        };
        let mut conn = within(
            self.timeout,
            AsyncSmtpConnection::connect_with_transport(stream, &self.hello),
        )
        .await?;
        if let Some(params) = &self.starttls {
            if !conn.can_starttls() {
                bail!("the server does not offer STARTTLS");
            }
            within(self.timeout, conn.starttls(params.clone(), &self.hello)).await?;
        }
        if let Some(c) = &self.credentials {
            within(
                self.timeout,
                conn.auth(&[Mechanism::Plain, Mechanism::Login], c),
            )
            .await?;
        }
        Ok(Connection {
            smtp: conn,
            after_dot,
        })
    }

    async fn mail_from(
        &self,
        conn: &mut AsyncSmtpConnection,
        envelope: &Envelope,
        mail: &[u8],
    ) -> Result<(), lettre::transport::smtp::Error> {
        let mut params = Vec::new();
        if !mail.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            params.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        conn.command(Mail::new(envelope.from().cloned(), params))
            .await
            .map(|_| ())
    }

    async fn rest(
        &self,
        conn: &mut Connection,
        envelope: &Envelope,
        mail: &[u8],
        handed_over: Then,
    ) -> Result<(), lettre::transport::smtp::Error> {
        for to in envelope.to() {
            conn.smtp.command(Rcpt::new(to.clone(), vec![])).await?;
        }
        conn.smtp
            .command(lettre::transport::smtp::commands::Data)
            .await?;
        let data = Data {
            mail: Some(mail),
            arm: Some((&conn.after_dot, handed_over)),
        };
        conn.smtp.message_iter(data).await.map(|_| ())
    }
}

/// The mail's data for lettre to write. Once it is all written and
/// flushed, and before lettre writes the final dot, the watch on the socket
/// is armed with `then`: it runs when the dot's flush completes.
struct Data<'a> {
    mail: Option<&'a [u8]>,
    arm: Option<(&'a AfterFlush, Then)>,
}

impl<'a> Iterator for Data<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        if let Some(mail) = self.mail.take() {
            return Some(mail);
        }
        if let Some((after_dot, then)) = self.arm.take() {
            after_dot.arm(then);
        }
        None
    }
}

async fn within<T, E>(limit: Duration, f: impl Future<Output = Result<T, E>>) -> Result<T>
where
    E: std::error::Error + Send + Sync + 'static,
{
    match tokio::time::timeout(limit, f).await {
        Ok(r) => Ok(r?),
        Err(_) => bail!("no answer within {limit:?}"),
    }
}
