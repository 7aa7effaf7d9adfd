//! Native media: carries out the phone model's [`MediaCommand`]s with real RTP.
//!
//! Offers and answers are built by the core's offer/answer model (RFC 3264, in
//! `deskphone_core::sdp::negotiate`) with this host's address and a UDP port per call;
//! each answered call gets a [`worker`] thread that sends the microphone in the agreed codec
//! (G.711, G.722 or Opus) and plays what it receives through a jitter buffer to the speaker
//! and a meter. Hostile SDP is a [`MediaEvent::Failed`] (the core answers
//! 488), never a panic.
//!
//! - [`rtp`]: RTP and telephone-event packets (RFC 3550, RFC 4733).
//! - [`stream`]: one call's stream, sans-IO.
//! - [`audio`]: the microphone and speaker traits, with a tone source for tests.
//! - [`worker`]: the per-call thread.

pub mod audio;
pub mod rtp;
pub mod stream;
pub mod worker;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::mpsc::{channel, Receiver, Sender};
use std::thread::JoinHandle;

use deskphone_core::phone::{MediaCommand, MediaEvent};
use deskphone_core::sdp::negotiate::{self, Codec, LocalSession, MediaConfig, Negotiated};
use deskphone_core::sdp::{Direction, SessionDescription};
use deskphone_core::sip::call::CallRef;
use deskphone_worklet::codec::CodecKind;

use audio::{Discard, Microphone, Silence, ToneMicrophone};
use stream::{RtpStream, StreamParams};
use worker::{Control, Report};

/// How the native media is set up.
#[derive(Clone, Debug)]
pub struct MediaSetup {
    /// The address we receive RTP on (and put in SDP).
    pub address: IpAddr,
    /// The first and last UDP port to use for RTP (even ports, RFC 3550 §11).
    pub ports: (u16, u16),
    /// The microphone is a sine of this frequency (Hz) instead of silence.
    pub tone: Option<f32>,
    /// The codecs to offer and accept, by SDP name, in preference order (empty: PCMU,
    /// PCMA, G722, opus). Names that are not codecs of ours are left out.
    pub codecs: Vec<String>,
}

/// One call's media.
struct CallMedia {
    socket: UdpSocket,
    local: LocalSession,
    /// Our last offer, waiting for its answer.
    offer: Option<SessionDescription>,
    /// We hold the call (our last offer was `sendonly`).
    holding: bool,
    worker: Option<(Sender<Control>, JoinHandle<()>)>,
}

/// All calls' media.
pub struct Media {
    setup: MediaSetup,
    config: MediaConfig,
    calls: HashMap<CallRef, CallMedia>,
    reports_tx: Sender<Report>,
    reports: Receiver<Report>,
    random: u64,
    /// The phone's Mute, for the calls there are and the ones to come.
    muted: bool,
}

impl Media {
    /// Media offering G.711 (mu-law first), G.722 and Opus with telephone-event 101 and
    /// 20 ms packets.
    pub fn new(setup: MediaSetup, random: u64) -> Media {
        let (reports_tx, reports) = channel();
        let all = [Codec::pcmu(), Codec::pcma(), Codec::g722(), Codec::opus()];
        let chosen: Vec<Codec> = (setup.codecs.iter())
            .filter_map(|name| {
                all.iter()
                    .find(|c| c.name.eq_ignore_ascii_case(name))
                    .cloned()
            })
            .collect();
        Media {
            config: MediaConfig {
                codecs: if chosen.is_empty() {
                    all.to_vec()
                } else {
                    chosen
                },
                ..MediaConfig::default()
            },
            setup,
            calls: HashMap::new(),
            reports_tx,
            reports,
            random,
            muted: false,
        }
    }

    /// The phone's Mute: every call sends silence while it is on.
    pub fn set_muted(&mut self, muted: bool) {
        self.muted = muted;
        for (tx, _) in self.calls.values().filter_map(|c| c.worker.as_ref()) {
            let _ = tx.send(Control::Mute(muted));
        }
    }

    fn next_random(&mut self) -> u64 {
        // xorshift64*: SSRCs, sequence numbers and session ids need only be unpredictable enough.
        self.random ^= self.random << 13;
        self.random ^= self.random >> 7;
        self.random ^= self.random << 17;
        self.random.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Carry out one command; the reply (a description, or why not) goes back to the phone.
    pub fn handle(&mut self, command: MediaCommand) -> Option<MediaEvent> {
        let call = command.call();
        let result = match command {
            MediaCommand::CreateOffer { call } => self.offer(call, false).map(Some),
            MediaCommand::Renegotiate { call, hold } => self.offer(call, hold).map(Some),
            MediaCommand::CreateAnswer { call, offer } => self.answer(call, &offer).map(Some),
            MediaCommand::ApplyAnswer { call, answer } => {
                self.apply_answer(call, &answer).map(|_| None)
            }
            MediaCommand::SendDtmf { call, digit } => {
                if let Some((tx, _)) = self.calls.get(&call).and_then(|c| c.worker.as_ref()) {
                    let _ = tx.send(Control::Dtmf(digit));
                }
                Ok(None)
            }
            MediaCommand::Close { call } => {
                self.close(call);
                Ok(None)
            }
        };
        match result {
            Ok(Some(sdp)) => Some(MediaEvent::LocalDescription { call, sdp }),
            Ok(None) => None,
            Err(reason) => Some(MediaEvent::Failed { call, reason }),
        }
    }

    /// Send `digit` as tones in the audio of the calls that send (held calls send nothing).
    pub fn send_inband(&mut self, digit: char) {
        for (tx, _) in self.calls.values().filter_map(|c| c.worker.as_ref()) {
            let _ = tx.send(Control::InbandDtmf(digit));
        }
    }

    /// What the calls' media threads reported since the last call.
    pub fn reports(&mut self) -> Vec<Report> {
        self.reports.try_iter().collect()
    }

    /// Stop every call's media.
    pub fn close_all(&mut self) {
        let calls: Vec<CallRef> = self.calls.keys().copied().collect();
        for c in calls {
            self.close(c);
        }
    }

    fn call_media(&mut self, call: CallRef) -> Result<&mut CallMedia, String> {
        if !self.calls.contains_key(&call) {
            let socket = self.bind()?;
            let port = socket.local_addr().map_err(|e| e.to_string())?.port();
            let session_id = self.next_random() >> 12;
            self.calls.insert(
                call,
                CallMedia {
                    socket,
                    local: LocalSession {
                        address: self.setup.address.to_string(),
                        port,
                        session_id,
                        version: 0,
                    },
                    offer: None,
                    holding: false,
                    worker: None,
                },
            );
        }
        Ok(self.calls.get_mut(&call).expect("inserted above"))
    }

    /// A UDP socket on the first free even port of the range.
    fn bind(&mut self) -> Result<UdpSocket, String> {
        let (first, last) = self.setup.ports;
        let span = (last.saturating_sub(first) / 2).max(1) as u64;
        let start = self.next_random() % span;
        for i in 0..span {
            let port = first + (((start + i) % span) * 2) as u16;
            if let Ok(s) = UdpSocket::bind((self.setup.address, port)) {
                return Ok(s);
            }
        }
        Err(format!("no free RTP port in {first}-{last}"))
    }

    fn offer(&mut self, call: CallRef, hold: bool) -> Result<String, String> {
        let config = self.config.clone();
        let media = self.call_media(call)?;
        let direction = if hold {
            Direction::SendOnly
        } else {
            Direction::SendRecv
        };
        let sd = negotiate::offer(&config, &mut media.local, direction);
        media.holding = hold;
        let text = sd.to_string();
        media.offer = Some(sd);
        Ok(text)
    }

    fn answer(&mut self, call: CallRef, offer: &str) -> Result<String, String> {
        let offer = SessionDescription::parse(offer).map_err(|e| format!("the offer: {}", e.0))?;
        let config = self.config.clone();
        let media = self.call_media(call)?;
        let (sd, agreed) =
            negotiate::answer(&offer, &config, &mut media.local, media.holding).map_err(|e| e.0)?;
        let holding = media.holding;
        self.start_or_update(call, &agreed, holding)?;
        Ok(sd.to_string())
    }

    fn apply_answer(&mut self, call: CallRef, answer: &str) -> Result<(), String> {
        let answer =
            SessionDescription::parse(answer).map_err(|e| format!("the answer: {}", e.0))?;
        let config = self.config.clone();
        let media = self.calls.get_mut(&call).ok_or("an answer to no offer")?;
        let offer = media.offer.as_ref().ok_or("an answer to no offer")?;
        let agreed = negotiate::apply_answer(offer, &answer, &config).map_err(|e| e.0)?;
        let holding = media.holding;
        self.start_or_update(call, &agreed, holding)
    }

    /// Start the call's media thread, or tell it what changed.
    fn start_or_update(
        &mut self,
        call: CallRef,
        agreed: &Negotiated,
        holding: bool,
    ) -> Result<(), String> {
        let codec = CodecKind::from_name(&agreed.codec.name)
            .ok_or_else(|| format!("codec {} is not available natively", agreed.codec.name))?;
        let ip: IpAddr = agreed
            .remote_address
            .parse()
            .map_err(|_| format!("remote media address {:?}", agreed.remote_address))?;
        let remote = SocketAddr::new(ip, agreed.remote_port);
        let params = StreamParams {
            codec,
            payload_type: agreed.payload_type,
            telephone_event: agreed.telephone_event,
            ptime: agreed.ptime,
            direction: agreed.direction,
            silenced: holding,
        };
        let random = self.next_random();
        let tone = self.setup.tone;
        let reports = self.reports_tx.clone();
        let media = self.calls.get_mut(&call).ok_or("no media for the call")?;
        if let Some((tx, _)) = &media.worker {
            let _ = tx.send(Control::Update { remote, params });
            return Ok(());
        }
        let socket = media.socket.try_clone().map_err(|e| e.to_string())?;
        let mic: Box<dyn Microphone> = match tone {
            Some(hz) => Box::new(ToneMicrophone::new(hz, 0.5)),
            None => Box::new(Silence),
        };
        let (tx, rx) = channel();
        let leg = worker::Leg {
            call,
            socket,
            stream: RtpStream::new(params, random)?,
            remote,
            mic,
            speaker: Box::new(Discard),
        };
        if self.muted {
            let _ = tx.send(Control::Mute(true));
        }
        let handle = worker::spawn(leg, rx, reports).map_err(|e| format!("media thread: {e}"))?;
        media.worker = Some((tx, handle));
        Ok(())
    }

    fn close(&mut self, call: CallRef) {
        if let Some(media) = self.calls.remove(&call) {
            if let Some((tx, handle)) = media.worker {
                let _ = tx.send(Control::Stop);
                let _ = handle.join();
            }
        }
    }
}
