//! The thread that carries one call's RTP: it paces the stream by the packet time (a packet
//! sent and one played each time), sends to the negotiated address, and feeds it what the
//! socket receives with its arrival time. The main loop talks to it through channels only.

use std::net::{SocketAddr, UdpSocket};
use std::sync::mpsc::{Receiver, Sender, TryRecvError};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use deskphone_core::sip::call::CallRef;

use super::audio::{Microphone, Speaker};
use super::stream::{RtpStream, StreamParams};

/// What the main loop tells a call's media thread.
#[derive(Debug)]
pub enum Control {
    /// A new offer/answer outcome: where to send and how.
    Update {
        /// The far end's RTP address.
        remote: SocketAddr,
        /// The stream parameters.
        params: StreamParams,
    },
    /// Send a digit as a telephone event.
    Dtmf(char),
    /// Send a digit as tones in the audio.
    InbandDtmf(char),
    /// The phone's Mute: send silence (`true`) or the microphone again.
    Mute(bool),
    /// End the stream.
    Stop,
}

/// What a media thread reports, about once a second while audio arrives.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    /// The call.
    pub call: CallRef,
    /// Dominant received frequency (Hz), 0 for silence.
    pub frequency: f32,
    /// Received RMS level.
    pub level: f32,
    /// Audio packets received so far.
    pub packets: u64,
    /// Packets sent so far.
    pub sent: u64,
    /// Telephone events received so far, as digits.
    pub digits: String,
    /// Digits heard in the received audio so far.
    pub tones: String,
    /// Frames the jitter buffer made up because their packets were lost.
    pub concealed: u64,
    /// The codec in use.
    pub codec: deskphone_worklet::codec::CodecKind,
}

const REPORT_EVERY: Duration = Duration::from_secs(1);

/// Everything one call's media thread owns.
pub struct Leg {
    /// The call.
    pub call: CallRef,
    /// Our RTP socket.
    pub socket: UdpSocket,
    /// The stream state.
    pub stream: RtpStream,
    /// Where to send.
    pub remote: SocketAddr,
    /// What we send.
    pub mic: Box<dyn Microphone>,
    /// Where received audio goes.
    pub speaker: Box<dyn Speaker>,
}

/// Start the thread for one call's leg.
pub fn spawn(
    leg: Leg,
    control: Receiver<Control>,
    reports: Sender<Report>,
) -> std::io::Result<JoinHandle<()>> {
    let Leg {
        call,
        socket,
        mut stream,
        mut remote,
        mut mic,
        mut speaker,
    } = leg;
    std::thread::Builder::new()
        .name(format!("rtp-{call}"))
        .spawn(move || {
            let started = Instant::now();
            let mut next_send = started;
            let mut next_report = Instant::now() + REPORT_EVERY;
            let mut packet = Vec::with_capacity(256);
            let mut datagram = [0u8; 2048];
            let mut sent = 0u64;
            let mut last = None;
            loop {
                loop {
                    match control.try_recv() {
                        Ok(Control::Update { remote: r, params }) => {
                            remote = r;
                            // A codec that cannot be made keeps the one there is.
                            let _ = stream.update(params);
                        }
                        Ok(Control::Dtmf(d)) => {
                            stream.queue_dtmf(d);
                        }
                        Ok(Control::InbandDtmf(d)) => {
                            stream.queue_inband(d);
                        }
                        Ok(Control::Mute(m)) => stream.set_muted(m),
                        Ok(Control::Stop) | Err(TryRecvError::Disconnected) => return,
                        Err(TryRecvError::Empty) => break,
                    }
                }
                let now = Instant::now();
                if now >= next_send {
                    stream.play(speaker.as_mut());
                    if stream.next_packet(mic.as_mut(), &mut packet)
                        && socket.send_to(&packet, remote).is_ok()
                    {
                        sent += 1;
                    }
                    next_send += Duration::from_millis(stream.params().ptime.clamp(10, 60) as u64);
                    // After a stall (a suspended process), start afresh rather than burst.
                    if next_send + Duration::from_millis(200) < now {
                        next_send = now;
                    }
                    continue;
                }
                if now >= next_report {
                    next_report = now + REPORT_EVERY;
                    let r = stream.received();
                    let report = Report {
                        call,
                        frequency: stream.rx_meter().frequency(),
                        level: stream.rx_meter().rms(),
                        packets: r.packets,
                        sent,
                        digits: r.digits.clone(),
                        tones: r.tones.clone(),
                        concealed: stream.jitter().lost,
                        codec: stream.params().codec,
                    };
                    if last.as_ref() != Some(&report) && reports.send(report.clone()).is_err() {
                        return;
                    }
                    last = Some(report);
                }
                let wait = next_send
                    .saturating_duration_since(now)
                    .max(Duration::from_millis(1));
                let _ = socket.set_read_timeout(Some(wait));
                if let Ok((n, _from)) = socket.recv_from(&mut datagram) {
                    // A bad datagram is counted by the stream and otherwise ignored.
                    let _ = stream.receive(&datagram[..n], started.elapsed());
                }
            }
        })
}
