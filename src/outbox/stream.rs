//! The socket lettre speaks SMTP over (TCP, or implicit TLS on it), with a
//! watch on what leaves, so that a mail is noted as handed over the instant
//! its final dot has reached the kernel, not before.
//!
//! Why after and not before: a crash between the note and the dot would
//! leave a mail taken as sent that the server never got whole (lost); a
//! crash between the dot and the note leaves one sent again (delivered
//! twice). SMTP allows no better, and of the two, twice is the lesser harm.

use std::fmt;
use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use lettre::transport::smtp::client::AsyncTokioStream;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

/// What runs once the data written so far has left.
pub type Then = Box<dyn FnOnce() + Send>;

/// Set on a connection right before lettre writes the final dot; the stream
/// takes and runs it once the next flush, the dot's, has completed.
#[derive(Clone, Default)]
pub struct AfterFlush(Arc<Mutex<Option<Then>>>);

impl AfterFlush {
    pub fn arm(&self, then: Then) {
        *self.0.lock().expect("not poisoned") = Some(then);
    }

    /// Forgets what was armed and did not run (the dot was not written).
    pub fn disarm(&self) {
        self.0.lock().expect("not poisoned").take();
    }

    fn fire(&self) {
        let then = self.0.lock().expect("not poisoned").take();
        if let Some(then) = then {
            then();
        }
    }
}

/// A socket (TCP, or TLS on TCP for implicit TLS) whose completed flushes
/// run what was armed.
pub struct Watched<S> {
    inner: S,
    /// The server's address, taken from the TCP socket beneath.
    peer: std::net::SocketAddr,
    after: AfterFlush,
}

impl<S> Watched<S> {
    pub fn new(inner: S, peer: std::net::SocketAddr, after: AfterFlush) -> Watched<S> {
        Watched { inner, peer, after }
    }
}

impl<S> fmt::Debug for Watched<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Watched").field("peer", &self.peer).finish()
    }
}

impl<S: AsyncRead + AsyncWrite + Send + Sync + Unpin> AsyncTokioStream for Watched<S> {
    fn peer_addr(&self) -> io::Result<std::net::SocketAddr> {
        Ok(self.peer)
    }
}

impl<S: AsyncRead + Unpin> AsyncRead for Watched<S> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Watched<S> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let flushed = Pin::new(&mut self.inner).poll_flush(cx);
        if let Poll::Ready(Ok(())) = flushed {
            self.after.fire();
        }
        flushed
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    use tokio::net::TcpStream;

    /// What was armed runs once, after the flush that follows, with the
    /// bytes written before it already readable by the peer.
    #[tokio::test]
    async fn what_was_armed_runs_once_after_the_next_flush() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let (client, server) = tokio::join!(TcpStream::connect(addr), listener.accept());
        let after = AfterFlush::default();
        let client = client.unwrap();
        let peer = client.peer_addr().unwrap();
        let mut s = Watched::new(client, peer, after.clone());
        let (mut peer, _) = server.unwrap();
        let ran = Arc::new(AtomicUsize::new(0));

        s.write_all(b"body").await.unwrap();
        s.flush().await.unwrap();
        let r = ran.clone();
        after.arm(Box::new(move || {
            r.fetch_add(1, Ordering::SeqCst);
        }));
        s.write_all(b"\r\n.\r\n").await.unwrap();
        assert_eq!(ran.load(Ordering::SeqCst), 0, "not before the flush");
        s.flush().await.unwrap();
        assert_eq!(ran.load(Ordering::SeqCst), 1, "once the dot is flushed");
        s.flush().await.unwrap();
        assert_eq!(ran.load(Ordering::SeqCst), 1, "only once");

        let mut got = [0u8; 9];
        peer.read_exact(&mut got).await.unwrap();
        assert_eq!(&got, b"body\r\n.\r\n");
    }
}
