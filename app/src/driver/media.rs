//! Browser media: WebRTC peer connections for calls, with every sample passing through the
//! Rust media engine (`worklet/`) running in an AudioWorklet.
//!
//! Audio graph (one engine node per page):
//! ```text
//! microphone ─▶ engine input 0 ─▶ engine output 0 ─▶ MediaStreamDestination ─▶ each call's sender
//! call's remote track ─▶ engine input 1 ─▶ engine output 1 ─▶ speakers
//! ```
//! The engine posts level and pitch meters on its port; they land in [`Meters`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use deskphone_core::config::tones::TonePlan;
use deskphone_core::phone::ivr::Word;
use deskphone_core::phone::view::Sound;
use deskphone_core::phone::{Input, MediaCommand, MediaEvent, RecordCommand};
use deskphone_core::sip::call::CallRef;
use gloo::timers::future::TimeoutFuture;
use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AudioContext, AudioContextState, AudioWorkletNode, AudioWorkletNodeOptions, HtmlAudioElement,
    MediaStream, MediaStreamAudioDestinationNode, MediaStreamAudioSourceNode,
    MediaStreamConstraints, MessageEvent, RtcConfiguration, RtcIceGatheringState,
    RtcPeerConnection, RtcRtpSender, RtcRtpTransceiver, RtcRtpTransceiverDirection, RtcSdpType,
    RtcSessionDescriptionInit, RtcTrackEvent,
};

use super::recording::{self, Recordings};
use super::Runtime;

/// Audio meters reported by the engine (levels are RMS, 0.0 to 1.0; frequencies in Hz).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Meters {
    /// Level of what we receive.
    pub rx_rms: f32,
    /// Dominant frequency of what we receive.
    pub rx_freq: f32,
    /// Level of what we send.
    pub tx_rms: f32,
    /// Dominant frequency of what we send.
    pub tx_freq: f32,
    /// Level of what goes to the speaker (the far end and the phone's own sounds).
    pub out_rms: f32,
    /// Dominant frequency of what goes to the speaker.
    pub out_freq: f32,
}

/// The page's media: one audio context, one engine, one peer connection per call.
#[derive(Clone)]
pub struct Media {
    inner: Rc<RefCell<Inner>>,
}

struct Inner {
    ctx: Option<AudioContext>,
    graph: Option<Graph>,
    failed: Option<String>,
    calls: HashMap<CallRef, CallMedia>,
    meters: RwSignal<Meters>,
    /// The browser keeps the audio context suspended until a user gesture.
    blocked: RwSignal<bool>,
    /// The sound the phone asked for (applied once the engine is up).
    sound: Sound,
    ice_servers: Vec<String>,
    /// Each line's codecs, in preference order (empty: the browser's own).
    codecs: Vec<Vec<String>>,
    /// The configured call-progress tones (those not given: the engine's own).
    tones: TonePlan,
    /// Decoded voice-prompt recordings, by name.
    recordings: HashMap<&'static str, web_sys::AudioBuffer>,
    /// The calls' recordings the engine makes.
    recorder: Recordings,
    _port_handler: Option<Closure<dyn FnMut(MessageEvent)>>,
}

/// The audio nodes shared by all calls.
#[derive(Clone)]
struct Graph {
    engine: AudioWorkletNode,
    to_network: MediaStreamAudioDestinationNode,
    /// What each conference slot's call is sent (the engine's mix-minus outputs).
    slots: Vec<MediaStreamAudioDestinationNode>,
    _mic: MediaStreamAudioSourceNode,
}

struct CallMedia {
    pc: RtcPeerConnection,
    remote: Option<(MediaStreamAudioSourceNode, HtmlAudioElement)>,
    _on_track: Closure<dyn FnMut(RtcTrackEvent)>,
    /// The engine's conference slot for this call (none when all are taken).
    slot: Option<usize>,
    /// We hold the call: its sender carries nothing.
    held: bool,
    /// The call is in the local conference: its sender carries its slot's mix.
    member: bool,
}

impl Graph {
    /// Put conference slot `k` in the engine's mix or take it out.
    fn set_member(&self, k: usize, member: bool) {
        let msg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&msg, &"member".into(), &JsValue::from(k as u32));
        let _ = js_sys::Reflect::set(&msg, &"on".into(), &JsValue::from_bool(member));
        if let Ok(port) = self.engine.port() {
            let _ = port.post_message(&msg);
        }
    }
}

/// Conference slots of the engine (`deskphone_worklet::mixer::SLOTS`).
const SLOTS: usize = 4;

/// How long to wait for the audio engine before a call fails.
const ENGINE_WAIT_MS: u32 = 10_000;
/// How long to wait for ICE gathering to complete before sending the candidates we have:
/// a STUN server that does not answer must not delay the INVITE (it leaves within 200 ms).
const ICE_WAIT_MS: u32 = 100;

impl Media {
    /// Set up the audio context, the engine and the microphone in the background.
    pub fn new(
        meters: RwSignal<Meters>,
        blocked: RwSignal<bool>,
        ice_servers: Vec<String>,
        codecs: Vec<Vec<String>>,
        tones: TonePlan,
        recorder: Recordings,
    ) -> Media {
        let media = Media {
            inner: Rc::new(RefCell::new(Inner {
                ctx: None,
                graph: None,
                failed: None,
                calls: HashMap::new(),
                meters,
                blocked,
                sound: Sound::Silent,
                ice_servers,
                codecs,
                tones,
                recordings: HashMap::new(),
                recorder,
                _port_handler: None,
            })),
        };
        let m = media.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = m.build_graph().await {
                let text = format!("audio engine failed: {}", describe(&e));
                web_sys::console::error_1(&text.clone().into());
                m.inner.borrow_mut().failed = Some(text);
            }
        });
        media
    }

    async fn build_graph(&self) -> Result<(), JsValue> {
        let ctx = AudioContext::new()?;
        self.inner.borrow_mut().ctx = Some(ctx.clone());
        // A browser that blocks audio until a gesture starts the context suspended: the face
        // asks for a tap, once.
        let blocked = self.inner.borrow().blocked;
        blocked.set(ctx.state() != AudioContextState::Running);
        let watched = ctx.clone();
        let on_state = Closure::<dyn FnMut()>::new(move || {
            blocked.set(watched.state() != AudioContextState::Running);
        });
        ctx.set_onstatechange(Some(on_state.as_ref().unchecked_ref()));
        on_state.forget();
        JsFuture::from(ctx.audio_worklet()?.add_module("engine-processor.js")?).await?;
        let window = web_sys::window().ok_or("no window")?;
        let response: web_sys::Response =
            JsFuture::from(window.fetch_with_str("deskphone_worklet.wasm"))
                .await?
                .dyn_into()?;
        if !response.ok() {
            return Err(format!("deskphone_worklet.wasm: HTTP {}", response.status()).into());
        }
        let bytes = JsFuture::from(response.array_buffer()?).await?;
        let module = JsFuture::from(js_sys::WebAssembly::compile(&bytes)).await?;

        let processor_options = js_sys::Object::new();
        js_sys::Reflect::set(&processor_options, &"module".into(), &module)?;
        let options = AudioWorkletNodeOptions::new();
        // Inputs: microphone, all remotes, then one per conference slot; outputs: network,
        // speaker, then each slot's mix-minus.
        options.set_number_of_inputs(2 + SLOTS as u32);
        options.set_number_of_outputs(2 + SLOTS as u32);
        let channels = js_sys::Array::new();
        for _ in 0..2 + SLOTS {
            channels.push(&1.into());
        }
        options.set_output_channel_count(&channels);
        options.set_processor_options(Some(&processor_options));
        let engine = AudioWorkletNode::new_with_options(&ctx, "deskphone-engine", &options)?;

        let meters = self.inner.borrow().meters;
        let recorder = self.inner.borrow().recorder.clone();
        let on_port = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let d = ev.data();
            if recorder.on_message(&d) {
                return;
            }
            let get = |k: &str| {
                js_sys::Reflect::get(&d, &k.into())
                    .ok()
                    .and_then(|v| v.as_f64())
                    .unwrap_or(0.0) as f32
            };
            meters.set(Meters {
                rx_rms: get("rxRms"),
                rx_freq: get("rxFreq"),
                tx_rms: get("txRms"),
                tx_freq: get("txFreq"),
                out_rms: get("outRms"),
                out_freq: get("outFreq"),
            });
        });
        engine
            .port()?
            .set_onmessage(Some(on_port.as_ref().unchecked_ref()));

        let constraints = MediaStreamConstraints::new();
        constraints.set_audio(&JsValue::TRUE);
        let devices = window.navigator().media_devices()?;
        let mic: MediaStream =
            JsFuture::from(devices.get_user_media_with_constraints(&constraints)?)
                .await?
                .dyn_into()?;
        let mic = ctx.create_media_stream_source(&mic)?;
        mic.connect_with_audio_node_and_output_and_input(&engine, 0, 0)?;
        let to_network = ctx.create_media_stream_destination()?;
        engine.connect_with_audio_node_and_output(&to_network, 0)?;
        engine.connect_with_audio_node_and_output(&ctx.destination(), 1)?;

        let mut slots = Vec::with_capacity(SLOTS);
        for k in 0..SLOTS {
            let dest = ctx.create_media_stream_destination()?;
            engine.connect_with_audio_node_and_output(&dest, 2 + k as u32)?;
            slots.push(dest);
        }
        let mut inner = self.inner.borrow_mut();
        inner.graph = Some(Graph {
            engine,
            to_network,
            slots,
            _mic: mic,
        });
        inner._port_handler = Some(on_port);
        let sound = inner.sound;
        drop(inner);
        self.set_sound(sound)
    }

    /// Play `sound` to the user: the engine's ringer and progress tones.
    pub fn set_sound(&self, sound: Sound) -> Result<(), JsValue> {
        self.inner.borrow_mut().sound = sound;
        if let Some(g) = &self.inner.borrow().graph {
            // The engine's signal numbers (`deskphone_worklet::signal::Signal`).
            let code: u32 = match sound {
                Sound::Silent => 0,
                // Ring 1 is the engine's 1, Rings 2 to 5 its 6 to 9.
                Sound::Ring(1) => 1,
                Sound::Ring(n) => 4 + u32::from(n.clamp(2, 5)),
                Sound::Ringback => 2,
                Sound::CallWaiting => 3,
                Sound::Dial => 4,
                Sound::Busy => 5,
                // Always in the tone plan (a country's, else North America's).
                Sound::Congestion | Sound::Stutter | Sound::HoldReminder => 0,
            };
            let msg = js_sys::Object::new();
            let tones = &self.inner.borrow().tones;
            let configured = match sound {
                Sound::Dial => tones.dial.as_ref(),
                Sound::Ringback => tones.ringback.as_ref(),
                Sound::CallWaiting => tones.call_waiting.as_ref(),
                Sound::Busy => tones.busy.as_ref(),
                Sound::Congestion => tones.congestion.as_ref(),
                Sound::Stutter => tones.stutter.as_ref(),
                Sound::HoldReminder => tones.hold_reminder.as_ref(),
                Sound::Silent | Sound::Ring(_) => None,
            };
            match configured {
                // A configured tone: 5 numbers a step (four frequencies, milliseconds).
                Some(list) => {
                    let flat = js_sys::Float32Array::new_with_length(5 * list.steps.len() as u32);
                    for (i, step) in list.steps.iter().enumerate() {
                        for k in 0..4 {
                            let f = step.freqs.get(k).copied().unwrap_or(0);
                            flat.set_index((5 * i + k) as u32, f32::from(f));
                        }
                        flat.set_index((5 * i + 4) as u32, step.ms as f32);
                    }
                    js_sys::Reflect::set(&msg, &"tone".into(), &flat)?;
                    js_sys::Reflect::set(&msg, &"once".into(), &JsValue::from(list.once))?;
                }
                None => {
                    js_sys::Reflect::set(&msg, &"signal".into(), &JsValue::from(code))?;
                }
            }
            g.engine.port()?.post_message(&msg)?;
        }
        Ok(())
    }

    /// The peer connection of an existing call.
    fn peer_of(&self, call: CallRef) -> Result<RtcPeerConnection, JsValue> {
        self.inner
            .borrow()
            .calls
            .get(&call)
            .map(|c| c.pc.clone())
            .ok_or_else(|| "no such call".into())
    }

    fn peer_connection(&self) -> Result<RtcPeerConnection, JsValue> {
        let servers = self.inner.borrow().ice_servers.clone();
        if servers.is_empty() {
            return RtcPeerConnection::new();
        }
        let list = js_sys::Array::new();
        for url in servers {
            let server = js_sys::Object::new();
            js_sys::Reflect::set(&server, &"urls".into(), &url.into())?;
            list.push(&server);
        }
        let config = RtcConfiguration::new();
        config.set_ice_servers(&list);
        RtcPeerConnection::new_with_configuration(&config)
    }

    /// Resume the audio context (after a user gesture).
    pub fn resume(&self) {
        if let Some(ctx) = &self.inner.borrow().ctx {
            let _ = ctx.resume();
        }
    }

    /// Carry out a command of the phone; results come back as [`Input::Media`].
    pub fn execute(&self, cmd: MediaCommand, rt: Runtime) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let call = cmd.call();
            let result = match cmd {
                MediaCommand::CreateOffer { call } => me.create_offer(call).await.map(Some),
                MediaCommand::CreateAnswer { call, offer } => {
                    me.create_answer(call, &offer).await.map(Some)
                }
                MediaCommand::ApplyAnswer { call, answer } => {
                    me.apply_answer(call, &answer).await.map(|_| None)
                }
                MediaCommand::SendDtmf { call, digit } => me.send_dtmf(call, digit).map(|_| None),
                MediaCommand::Renegotiate { call, hold } => {
                    me.renegotiate(call, hold).await.map(Some)
                }
                MediaCommand::Close { call } => {
                    me.close(call);
                    Ok(None)
                }
            };
            match result {
                Ok(Some(sdp)) => rt.input(Input::Media(MediaEvent::LocalDescription { call, sdp })),
                Ok(None) => {}
                Err(e) => rt.input(Input::Media(MediaEvent::Failed {
                    call,
                    reason: describe(&e),
                })),
            }
        });
    }

    async fn graph(&self) -> Result<Graph, JsValue> {
        let mut waited = 0;
        loop {
            {
                let inner = self.inner.borrow();
                if let Some(g) = &inner.graph {
                    return Ok(g.clone());
                }
                if let Some(f) = &inner.failed {
                    return Err(f.clone().into());
                }
            }
            if waited >= ENGINE_WAIT_MS {
                return Err("audio engine not ready".into());
            }
            TimeoutFuture::new(20).await;
            waited += 20;
        }
    }

    async fn new_call(&self, call: CallRef) -> Result<RtcPeerConnection, JsValue> {
        let graph = self.graph().await?;
        let pc = self.peer_connection()?;
        let stream = graph.to_network.stream();
        for track in stream.get_audio_tracks().iter() {
            pc.add_track_0(&track.dyn_into()?, &stream);
        }
        let codecs = (self.inner.borrow().codecs.get(call.line).cloned()).unwrap_or_default();
        if !codecs.is_empty() {
            for t in pc.get_transceivers().iter() {
                prefer_codecs(&t, &codecs)?;
            }
        }
        let me = self.clone();
        let on_track = Closure::<dyn FnMut(RtcTrackEvent)>::new(move |ev: RtcTrackEvent| {
            if let Ok(stream) = ev.streams().get(0).dyn_into::<MediaStream>() {
                me.connect_remote(call, &stream);
            } else {
                let stream = MediaStream::new().ok();
                if let Some(s) = stream {
                    s.add_track(&ev.track());
                    me.connect_remote(call, &s);
                }
            }
        });
        pc.set_ontrack(Some(on_track.as_ref().unchecked_ref()));
        let mut inner = self.inner.borrow_mut();
        let slot = (0..SLOTS).find(|k| !inner.calls.values().any(|c| c.slot == Some(*k)));
        inner.calls.insert(
            call,
            CallMedia {
                pc: pc.clone(),
                remote: None,
                _on_track: on_track,
                slot,
                held: false,
                member: false,
            },
        );
        Ok(pc)
    }

    fn connect_remote(&self, call: CallRef, stream: &MediaStream) {
        let mut inner = self.inner.borrow_mut();
        // On resume the transceiver receives again and `track` fires once more, with the same
        // stream: the path built the first time still carries it, and a second path would
        // play it twice. A different stream replaces the old path.
        if let Some((source, element)) = inner.calls.get(&call).and_then(|c| c.remote.as_ref()) {
            let same = element
                .src_object()
                .is_some_and(|s| js_sys::Object::is(&s, stream));
            web_sys::console::log_1(
                &format!("remote track for call {call} again (same stream: {same})").into(),
            );
            if same {
                return;
            }
            let _ = source.disconnect();
            let _ = element.pause();
            element.set_src_object(None);
        }
        let (Some(ctx), Some(graph)) = (inner.ctx.clone(), inner.graph.clone()) else {
            return;
        };
        // Chromium only feeds remote WebRTC audio into WebAudio when a media element plays it.
        let Ok(element) = HtmlAudioElement::new() else {
            return;
        };
        element.set_muted(true);
        element.set_src_object(Some(stream));
        let _ = element.play();
        let Ok(source) = ctx.create_media_stream_source(stream) else {
            return;
        };
        let _ = source.connect_with_audio_node_and_output_and_input(&graph.engine, 0, 1);
        // And into its conference slot, for the mix-minus the other members are sent.
        if let Some(k) = inner.calls.get(&call).and_then(|c| c.slot) {
            let _ =
                source.connect_with_audio_node_and_output_and_input(&graph.engine, 0, 2 + k as u32);
        }
        if let Some(c) = inner.calls.get_mut(&call) {
            c.remote = Some((source, element));
        }
    }

    async fn create_offer(&self, call: CallRef) -> Result<String, JsValue> {
        let pc = self.new_call(call).await?;
        let offer = JsFuture::from(pc.create_offer()).await?;
        let init: RtcSessionDescriptionInit = offer.unchecked_into();
        JsFuture::from(pc.set_local_description(&init)).await?;
        local_sdp(&pc).await
    }

    /// RFC 3264 §8.4 hold: the call's transceivers become `sendonly` and its sender stops
    /// carrying the microphone (other calls keep it), or `sendrecv` with the microphone
    /// again; the new offer is returned.
    async fn renegotiate(&self, call: CallRef, hold: bool) -> Result<String, JsValue> {
        let pc = self.peer_of(call)?;
        let direction = if hold {
            RtcRtpTransceiverDirection::Sendonly
        } else {
            RtcRtpTransceiverDirection::Sendrecv
        };
        for t in pc.get_transceivers().iter() {
            t.dyn_into::<RtcRtpTransceiver>()?.set_direction(direction);
        }
        if let Some(c) = self.inner.borrow_mut().calls.get_mut(&call) {
            c.held = hold;
        }
        self.route_sender(call).await?;
        let offer = JsFuture::from(pc.create_offer()).await?;
        let init: RtcSessionDescriptionInit = offer.unchecked_into();
        JsFuture::from(pc.set_local_description(&init)).await?;
        pc.local_description()
            .map(|d| d.sdp())
            .ok_or_else(|| "no local description".into())
    }

    /// Give `call`'s sender what it should carry: nothing while held, its slot's mix while
    /// in the conference, else the microphone.
    async fn route_sender(&self, call: CallRef) -> Result<(), JsValue> {
        let graph = self.graph().await?;
        let (pc, held, member, slot) = {
            let inner = self.inner.borrow();
            let c = inner.calls.get(&call).ok_or("no such call")?;
            (c.pc.clone(), c.held, c.member, c.slot)
        };
        let source = match (held, member, slot) {
            (true, _, _) => None,
            (false, true, Some(k)) => Some(graph.slots[k].stream()),
            _ => Some(graph.to_network.stream()),
        };
        let track = source.and_then(|s| {
            s.get_audio_tracks()
                .get(0)
                .dyn_into::<web_sys::MediaStreamTrack>()
                .ok()
        });
        for sender in pc.get_senders().iter() {
            let sender: RtcRtpSender = sender.dyn_into()?;
            JsFuture::from(sender.replace_track(track.as_ref())).await?;
        }
        Ok(())
    }

    /// The conference members nobody hears (the Manager's Far Mute): the engine leaves
    /// their slots out of every mix and out of the speaker.
    pub fn set_far_muted(&self, muted: Vec<CallRef>) {
        let inner = self.inner.borrow();
        let Some(graph) = &inner.graph else {
            return;
        };
        let Ok(port) = graph.engine.port() else {
            return;
        };
        for (call, c) in &inner.calls {
            if let Some(k) = c.slot {
                let msg = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&msg, &"farMute".into(), &JsValue::from(k as u32));
                let on = muted.contains(call);
                let _ = js_sys::Reflect::set(&msg, &"on".into(), &JsValue::from_bool(on));
                let _ = port.post_message(&msg);
            }
        }
    }

    /// The local conference is `members` (none: no conference): the engine mixes each
    /// member's slot, and each member's sender carries its mix-minus.
    pub fn set_conference(&self, members: Vec<CallRef>) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let Ok(graph) = me.graph().await else {
                return;
            };
            let changed: Vec<(CallRef, Option<usize>, bool)> = {
                let mut inner = me.inner.borrow_mut();
                inner
                    .calls
                    .iter_mut()
                    .filter_map(|(call, c)| {
                        let member = members.contains(call);
                        (c.member != member).then(|| {
                            c.member = member;
                            (*call, c.slot, member)
                        })
                    })
                    .collect()
            };
            for (call, slot, member) in changed {
                if let Some(k) = slot {
                    graph.set_member(k, member);
                }
                if let Err(e) = me.route_sender(call).await {
                    web_sys::console::error_1(
                        &format!("conference {call}: {}", describe(&e)).into(),
                    );
                }
            }
        });
    }

    /// Say `words` to the user: their recordings (`prompts/<name>.wav`, decoded once at the
    /// context's rate) one after another, played by the engine over its signals.
    pub fn say(&self, words: Vec<Word>) {
        let me = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if let Err(e) = me.play_words(&words).await {
                web_sys::console::error_1(&format!("voice prompt: {}", describe(&e)).into());
            }
        });
    }

    async fn play_words(&self, words: &[Word]) -> Result<(), JsValue> {
        let graph = self.graph().await?;
        let ctx = self.inner.borrow().ctx.clone().ok_or("no audio context")?;
        // A short pause between words, as a voice menu reads digits.
        let gap = vec![0.0f32; (ctx.sample_rate() * 0.08) as usize];
        let mut clip: Vec<f32> = Vec::new();
        for w in words {
            let recording = self.recording(&ctx, w.name()).await?;
            clip.extend(recording.get_channel_data(0)?);
            clip.extend_from_slice(&gap);
        }
        let msg = js_sys::Object::new();
        js_sys::Reflect::set(&msg, &"clip".into(), &js_sys::Float32Array::from(&clip[..]))?;
        graph.engine.port()?.post_message(&msg)
    }

    async fn recording(
        &self,
        ctx: &AudioContext,
        name: &'static str,
    ) -> Result<web_sys::AudioBuffer, JsValue> {
        if let Some(b) = self.inner.borrow().recordings.get(name) {
            return Ok(b.clone());
        }
        let url = format!("prompts/{name}.wav");
        let response: web_sys::Response =
            JsFuture::from(gloo::utils::window().fetch_with_str(&url))
                .await?
                .dyn_into()?;
        if !response.ok() {
            return Err(format!("{url}: HTTP {}", response.status()).into());
        }
        let bytes: js_sys::ArrayBuffer =
            JsFuture::from(response.array_buffer()?).await?.dyn_into()?;
        let buffer: web_sys::AudioBuffer = JsFuture::from(ctx.decode_audio_data(&bytes)?)
            .await?
            .dyn_into()?;
        self.inner
            .borrow_mut()
            .recordings
            .insert(name, buffer.clone());
        Ok(buffer)
    }

    /// Record the calls (both directions, mixed by the engine), pause, resume or stop; a
    /// stopped recording becomes a file on the face ([`Recordings::files`]).
    pub fn record(&self, command: RecordCommand, rt: Runtime) -> Result<(), JsValue> {
        let inner = self.inner.borrow();
        let graph = inner
            .graph
            .as_ref()
            .ok_or("no audio engine to record with")?;
        let id = match &command {
            RecordCommand::Start { format, party } => {
                inner.recorder.begin(*format, party, move |reason| {
                    rt.input(Input::Media(MediaEvent::RecordingFailed { reason }));
                })
            }
            _ => 0,
        };
        graph
            .engine
            .port()?
            .post_message(&recording::command_message(&command, id))
    }

    /// Sound a keypad digit's DTMF tone to the user; `in_band`: into the call's audio too.
    pub fn key_tone(&self, digit: char, in_band: bool) {
        if let Some(g) = &self.inner.borrow().graph {
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"keyTone".into(), &digit.to_string().into());
            let _ = js_sys::Reflect::set(&msg, &"inBand".into(), &JsValue::from_bool(in_band));
            if let Ok(port) = g.engine.port() {
                let _ = port.post_message(&msg);
            }
        }
    }

    /// The ringer's and the calls' gains, for the engine.
    pub fn set_volumes(&self, ringer: f32, call: f32) {
        if let Some(g) = &self.inner.borrow().graph {
            let msg = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&msg, &"signalGain".into(), &JsValue::from(ringer));
            let _ = js_sys::Reflect::set(&msg, &"rxGain".into(), &JsValue::from(call));
            if let Ok(port) = g.engine.port() {
                let _ = port.post_message(&msg);
            }
        }
    }

    /// Silence (or not) what the engine sends to the network: the phone's Mute, on every call.
    pub fn set_muted(&self, mute: bool) -> Result<(), JsValue> {
        if let Some(g) = &self.inner.borrow().graph {
            let msg = js_sys::Object::new();
            js_sys::Reflect::set(&msg, &"mute".into(), &JsValue::from_bool(mute))?;
            g.engine.port()?.post_message(&msg)?;
        }
        Ok(())
    }

    async fn create_answer(&self, call: CallRef, offer: &str) -> Result<String, JsValue> {
        let pc = match self.peer_of(call) {
            // A re-offer on an answered call (hold, resume, refresh): same connection.
            Ok(pc) => pc,
            Err(_) => self.new_call(call).await?,
        };
        let remote = RtcSessionDescriptionInit::new(RtcSdpType::Offer);
        remote.set_sdp(offer);
        JsFuture::from(pc.set_remote_description(&remote)).await?;
        let answer = JsFuture::from(pc.create_answer()).await?;
        let init: RtcSessionDescriptionInit = answer.unchecked_into();
        JsFuture::from(pc.set_local_description(&init)).await?;
        local_sdp(&pc).await
    }

    async fn apply_answer(&self, call: CallRef, answer: &str) -> Result<(), JsValue> {
        let pc = self.peer_of(call)?;
        let remote = RtcSessionDescriptionInit::new(RtcSdpType::Answer);
        remote.set_sdp(answer);
        JsFuture::from(pc.set_remote_description(&remote)).await?;
        Ok(())
    }

    /// RFC 4733 telephone-event through the call's sender (100 ms tone, 70 ms gap).
    fn send_dtmf(&self, call: CallRef, digit: char) -> Result<(), JsValue> {
        let pc = self.peer_of(call)?;
        let sender: RtcRtpSender = pc.get_senders().get(0).dyn_into()?;
        let dtmf = sender.dtmf().ok_or("the call's sender cannot send DTMF")?;
        dtmf.insert_dtmf_with_duration_and_inter_tone_gap(&digit.to_string(), 100, 70);
        Ok(())
    }

    fn close(&self, call: CallRef) {
        let removed = self.inner.borrow_mut().calls.remove(&call);
        if let Some(c) = removed {
            if let (true, Some(k), Some(g)) = (c.member, c.slot, self.inner.borrow().graph.clone())
            {
                // Its slot leaves the conference mix with it.
                g.set_member(k, false);
            }
            c.pc.close();
            if let Some((source, element)) = c.remote {
                let _ = source.disconnect();
                element.set_src_object(None);
            }
        }
    }
}

/// The local description once ICE gathering is complete (or after [`ICE_WAIT_MS`]).
async fn local_sdp(pc: &RtcPeerConnection) -> Result<String, JsValue> {
    let mut waited = 0;
    while pc.ice_gathering_state() != RtcIceGatheringState::Complete && waited < ICE_WAIT_MS {
        TimeoutFuture::new(10).await;
        waited += 10;
    }
    pc.local_description()
        .map(|d| d.sdp())
        .ok_or_else(|| "no local description".into())
}

fn describe(e: &JsValue) -> String {
    e.as_string()
        .or_else(|| {
            js_sys::Reflect::get(e, &"message".into())
                .ok()
                .and_then(|m| m.as_string())
        })
        .unwrap_or_else(|| format!("{e:?}"))
}

/// Offer and accept only `codecs` (SDP names, in preference order) on the transceiver `t`,
/// with telephone-event kept for DTMF (RFC 4733): `setCodecPreferences` over the browser's
/// own capabilities.
fn prefer_codecs(t: &JsValue, codecs: &[String]) -> Result<(), JsValue> {
    let receiver = js_sys::Reflect::get(&js_sys::global(), &"RTCRtpReceiver".into())?;
    let get = js_sys::Reflect::get(&receiver, &"getCapabilities".into())?;
    let caps = js_sys::Function::from(get).call1(&receiver, &"audio".into())?;
    let all = js_sys::Array::from(&js_sys::Reflect::get(&caps, &"codecs".into())?);
    let mime = |c: &JsValue| {
        js_sys::Reflect::get(c, &"mimeType".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default()
            .to_ascii_lowercase()
    };
    let chosen = js_sys::Array::new();
    for name in codecs
        .iter()
        .map(|n| format!("audio/{}", n.to_ascii_lowercase()))
    {
        for c in all.iter().filter(|c| mime(c) == name) {
            chosen.push(&c);
        }
    }
    for c in all.iter().filter(|c| mime(c) == "audio/telephone-event") {
        chosen.push(&c);
    }
    let set = js_sys::Reflect::get(t, &"setCodecPreferences".into())?;
    js_sys::Function::from(set).call1(t, &chosen)?;
    Ok(())
}
