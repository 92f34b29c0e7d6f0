//! SMTP over lettre's protocol client on sockets opened here: with
//! TCP_NODELAY, so the end of a mail (the final dot) leaves at once instead
//! of after the server's delayed ACK, and with connections kept between
//! mails and reused without a NOOP first. A reused connection the server
//! has closed fails at MAIL FROM, before anything was sent: the mail then
//! goes over a new connection in the same attempt.

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
    idle: Mutex<Vec<(AsyncSmtpConnection, Instant)>>,
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
    /// goes back for the next mail once this one was accepted. `handing_over`
    /// runs the instant before the final dot.
    pub async fn send(
        &self,
        envelope: &Envelope,
        mail: &[u8],
        handing_over: &(dyn Fn() + Sync),
    ) -> Result<(), Refusal> {
        loop {
            let (mut conn, reused) = match self.kept() {
                Some(c) => (c, true),
                None => (self.connect().await.map_err(transient)?, false),
            };
            match self.mail_from(&mut conn, envelope, mail).await {
                Ok(()) => {}
                // A kept connection the server closed meanwhile: nothing was sent.
                Err(_) if reused => {
                    conn.abort().await;
                    continue;
                }
                Err(e) => {
                    conn.abort().await;
                    return Err(e.into());
                }
            }
            return match self.rest(&mut conn, envelope, mail, handing_over).await {
                Ok(()) => {
                    self.keep(conn);
                    Ok(())
                }
                Err(e) => {
                    conn.abort().await;
                    Err(e.into())
                }
            };
        }
    }

    fn kept(&self) -> Option<AsyncSmtpConnection> {
        let mut idle = self.idle.lock().expect("not poisoned");
        while let Some((conn, since)) = idle.pop() {
            if since.elapsed() < IDLE_MAX && !conn.has_broken() {
                return Some(conn);
            }
            // Dropped: the server notices the closed socket.
        }
        None
    }

    fn keep(&self, conn: AsyncSmtpConnection) {
        self.idle
            .lock()
            .expect("not poisoned")
            .push((conn, Instant::now()));
    }

    async fn connect(&self) -> Result<AsyncSmtpConnection> {
        let tcp = tokio::time::timeout(
            self.timeout,
            TcpStream::connect((self.host.as_str(), self.port)),
        )
        .await
        .with_context(|| format!("connecting to {}:{}: no answer", self.host, self.port))?
        .with_context(|| format!("connecting to {}:{}", self.host, self.port))?;
        tcp.set_nodelay(true)?;
        let stream: Box<dyn AsyncTokioStream> = match self.security {
            Security::Tls => Box::new(Tls(
                tls::connect(&self.host, tcp, self.ca_file.as_deref()).await?
            )),
            Security::Starttls | Security::Plain => Box::new(tcp),
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
        Ok(conn)
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
        conn: &mut AsyncSmtpConnection,
        envelope: &Envelope,
        mail: &[u8],
        handing_over: &(dyn Fn() + Sync),
    ) -> Result<(), lettre::transport::smtp::Error> {
        for to in envelope.to() {
            conn.command(Rcpt::new(to.clone(), vec![])).await?;
        }
        conn.command(lettre::transport::smtp::commands::Data)
            .await?;
        let data = Data {
            mail: Some(mail),
            then: Some(handing_over),
        };
        conn.message_iter(data).await.map(|_| ())
    }
}

/// The mail's data for lettre to write: once it is all written, and before
/// lettre writes the final dot, `then` runs.
struct Data<'a> {
    mail: Option<&'a [u8]>,
    then: Option<&'a (dyn Fn() + Sync)>,
}

impl<'a> Iterator for Data<'a> {
    type Item = &'a [u8];
    fn next(&mut self) -> Option<&'a [u8]> {
        if let Some(mail) = self.mail.take() {
            return Some(mail);
        }
        if let Some(then) = self.then.take() {
            then();
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

/// Implicit TLS (submissions, port 465) on our own socket.
#[derive(Debug)]
struct Tls(tokio_rustls::client::TlsStream<TcpStream>);

impl AsyncTokioStream for Tls {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.0.get_ref().0.peer_addr()
    }
}

impl tokio::io::AsyncRead for Tls {
    fn poll_read(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &mut tokio::io::ReadBuf<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_read(cx, buf)
    }
}

impl tokio::io::AsyncWrite for Tls {
    fn poll_write(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
        buf: &[u8],
    ) -> std::task::Poll<std::io::Result<usize>> {
        std::pin::Pin::new(&mut self.0).poll_write(cx, buf)
    }
    fn poll_flush(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_flush(cx)
    }
    fn poll_shutdown(
        mut self: std::pin::Pin<&mut Self>,
        cx: &mut std::task::Context<'_>,
    ) -> std::task::Poll<std::io::Result<()>> {
        std::pin::Pin::new(&mut self.0).poll_shutdown(cx)
    }
}
