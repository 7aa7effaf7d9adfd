//! The native transports to the SIP server: UDP (one socket, datagrams are messages) and
//! TCP (one connection, messages framed by the core's [`StreamFramer`]).

use std::io::{self, Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

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

    /// The local address, for Via and Contact.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        match self {
            Link::Udp { socket, .. } => socket.local_addr(),
            Link::Tcp { stream, .. } => stream.local_addr(),
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
                if let Some(m) = framer
                    .next_message()
                    .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.0))?
                {
                    return Ok(Some(m));
                }
                stream.set_read_timeout(timeout)?;
                match stream.read(&mut buf) {
                    Ok(0) => Err(io::Error::new(
                        io::ErrorKind::ConnectionAborted,
                        "the server closed the connection",
                    )),
                    Ok(n) => {
                        framer.push(&buf[..n]);
                        framer
                            .next_message()
                            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e.0))
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
        }
    }
}
