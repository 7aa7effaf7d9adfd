//! The native transports to the SIP server: UDP (one socket, datagrams are messages) and
//! TCP or TLS (one connection, messages framed by the core's [`StreamFramer`]); one link
//! per line, and [`wait_readable`] to wait on all of them at once.

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::os::fd::{AsRawFd, RawFd};
use std::sync::Arc;
use std::time::Duration;

use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName};

use deskphone_core::sip::stream::StreamFramer;

/// A connection to the SIP server.
pub enum Link {
    /// UDP to `server`.
    Udp {
        /// The socket, bound to an ephemeral port on the local address.
        socket: UdpSocket,
        /// The server.
        server: SocketAddr,
    },
    /// A TCP connection.
    Tcp {
        /// The stream.
        stream: TcpStream,
        /// Reassembles messages from the byte stream.
        framer: StreamFramer,
    },
    /// A TLS connection (boxed: the TLS state is large).
    Tls {
        /// The TLS stream over TCP.
        stream: Box<rustls::StreamOwned<rustls::ClientConnection, TcpStream>>,
        /// Reassembles messages from the byte stream.
        framer: StreamFramer,
    },
}

impl Link {
    /// Open a UDP socket towards `server`.
    pub fn udp(server: SocketAddr) -> io::Result<Link> {
        let bind: SocketAddr = if server.is_ipv4() {
            "0.0.0.0:0"
        } else {
            "[::]:0"
        }
        .parse()
        .expect("literal");
        let socket = UdpSocket::bind(bind)?;
        socket.connect(server)?;
        Ok(Link::Udp { socket, server })
    }

    /// Connect over TCP to `server`.
    pub fn tcp(server: SocketAddr) -> io::Result<Link> {
        let stream = TcpStream::connect_timeout(&server, Duration::from_secs(5))?;
        stream.set_nodelay(true)?;
        Ok(Link::Tcp {
            stream,
            framer: StreamFramer::new(),
        })
    }

    /// Connect over TLS to `server`, trusting the certificates in the PEM file `ca` and
    /// checking the server's certificate against `name` (a host name or IP address).
    pub fn tls(server: SocketAddr, name: &str, ca: &str) -> io::Result<Link> {
        let invalid = |e: String| io::Error::new(io::ErrorKind::InvalidInput, e);
        let mut roots = rustls::RootCertStore::empty();
        for cert in CertificateDer::pem_file_iter(ca).map_err(|e| invalid(format!("{ca}: {e}")))? {
            roots
                .add(cert.map_err(|e| invalid(format!("{ca}: {e}")))?)
                .map_err(|e| invalid(format!("{ca}: {e}")))?;
        }
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .map_err(|e| invalid(e.to_string()))?
            .with_root_certificates(roots)
            .with_no_client_auth();
        let name =
            ServerName::try_from(name.to_string()).map_err(|e| invalid(format!("{name}: {e}")))?;
        let conn = rustls::ClientConnection::new(Arc::new(config), name)
            .map_err(|e| invalid(e.to_string()))?;
        let tcp = TcpStream::connect_timeout(&server, Duration::from_secs(5))?;
        tcp.set_nodelay(true)?;
        // A server that accepts but never finishes the handshake must not hang the phone.
        tcp.set_read_timeout(Some(Duration::from_secs(5)))?;
        tcp.set_write_timeout(Some(Duration::from_secs(5)))?;
        let mut stream = rustls::StreamOwned::new(conn, tcp);
        // Complete the handshake now, so that certificate errors show at connect time.
        while stream.conn.is_handshaking() {
            stream.conn.complete_io(&mut stream.sock)?;
        }
        Ok(Link::Tls {
            stream: Box::new(stream),
            framer: StreamFramer::new(),
        })
    }

    /// The local address, for Via and Contact.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        match self {
            Link::Udp { socket, .. } => socket.local_addr(),
            Link::Tcp { stream, .. } => stream.local_addr(),
            Link::Tls { stream, .. } => stream.sock.local_addr(),
        }
    }

    /// The socket, for [`wait_readable`].
    fn fd(&self) -> RawFd {
        match self {
            Link::Udp { socket, .. } => socket.as_raw_fd(),
            Link::Tcp { stream, .. } => stream.as_raw_fd(),
            Link::Tls { stream, .. } => stream.sock.as_raw_fd(),
        }
    }

    /// A whole message already read from the socket and waiting in the framer.
    pub fn buffered(&mut self) -> io::Result<Option<Vec<u8>>> {
        match self {
            Link::Udp { .. } => Ok(None),
            Link::Tcp { framer, .. } | Link::Tls { framer, .. } => framer
                .next_message()
                .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.0)),
        }
    }

    /// Send one message.
    pub fn send(&mut self, bytes: &[u8]) -> io::Result<()> {
        match self {
            Link::Udp { socket, .. } => match socket.send(bytes) {
                Err(e) if e.kind() == io::ErrorKind::ConnectionRefused => Ok(()), // as above
                other => other.map(|_| ()),
            },
            Link::Tcp { stream, .. } => stream.write_all(bytes),
            Link::Tls { stream, .. } => stream.write_all(bytes).and_then(|_| stream.flush()),
        }
    }

    /// Wait up to `timeout` for one message; `Ok(None)` when none came.
    pub fn receive(&mut self, timeout: Duration) -> io::Result<Option<Vec<u8>>> {
        let timeout = Some(timeout.max(Duration::from_millis(1)));
        let mut buf = vec![0u8; 65_536];
        match self {
            Link::Udp { socket, server } => {
                socket.set_read_timeout(timeout)?;
                match socket.recv_from(&mut buf) {
                    Ok((n, from)) if from == *server => Ok(Some(buf[..n].to_vec())),
                    Ok(_) => Ok(None), // not from our server: ignored
                    // ICMP port unreachable while the server is down: the transaction layer
                    // retransmits, so this is no reason to give up.
                    Err(e)
                        if matches!(
                            e.kind(),
                            io::ErrorKind::WouldBlock
                                | io::ErrorKind::TimedOut
                                | io::ErrorKind::ConnectionRefused
                        ) =>
                    {
                        Ok(None)
                    }
                    Err(e) => Err(e),
                }
            }
            Link::Tcp { stream, framer } => {
                stream.set_read_timeout(timeout)?;
                read_framed(stream, framer, &mut buf)
            }
            Link::Tls { stream, framer } => {
                stream.sock.set_read_timeout(timeout)?;
                read_framed(stream.as_mut(), framer, &mut buf)
            }
        }
    }
}

/// One message from a stream transport: what the framer holds, else one read.
fn read_framed(
    stream: &mut impl Read,
    framer: &mut StreamFramer,
    buf: &mut [u8],
) -> io::Result<Option<Vec<u8>>> {
    let frame = |f: &mut StreamFramer| {
        f.next_message()
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.0))
    };
    if let Some(m) = frame(framer)? {
        return Ok(Some(m));
    }
    match stream.read(buf) {
        Ok(0) => Err(io::Error::new(
            io::ErrorKind::ConnectionAborted,
            "the server closed the connection",
        )),
        Ok(n) => {
            framer.push(&buf[..n]);
            frame(framer)
        }
        Err(e)
            if matches!(
                e.kind(),
                io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut
            ) =>
        {
            Ok(None)
        }
        Err(e) => Err(e),
    }
}

/// Wait up to `timeout` until one of `links` has something to read (poll(2)); the indexes
/// of those that do. Check [`Link::buffered`] first: poll only sees the sockets.
pub fn wait_readable(links: &[&Link], timeout: Duration) -> io::Result<Vec<usize>> {
    let mut fds: Vec<libc::pollfd> = links
        .iter()
        .map(|l| libc::pollfd {
            fd: l.fd(),
            events: libc::POLLIN,
            revents: 0,
        })
        .collect();
    let ms = timeout.as_millis().min(i32::MAX as u128) as libc::c_int;
    // SAFETY: `fds` is a valid array of `fds.len()` pollfd structures for the whole call.
    let n = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, ms) };
    if n < 0 {
        let e = io::Error::last_os_error();
        return if e.kind() == io::ErrorKind::Interrupted {
            Ok(Vec::new())
        } else {
            Err(e)
        };
    }
    Ok(fds
        .iter()
        .enumerate()
        .filter(|(_, f)| f.revents != 0)
        .map(|(i, _)| i)
        .collect())
}
