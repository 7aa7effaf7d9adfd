// AudioWorklet processor "deskphone-engine": runs the Rust media engine (worklet/, built as a
// plain wasm module with extern "C" exports) on every 128-frame render quantum.
//
// Inputs:  0 = microphone, 1 = the remote party (all calls mixed by WebAudio),
//          2.. = each call's remote audio in its conference slot.
// Outputs: 0 = to the network (WebRTC senders), 1 = to the speakers,
//          2.. = what each conference slot's call is sent (mix-minus).
// The port receives {mute: bool} / {rxGain: number} / {signal: code} /
// {tone: Float32Array, once: bool} (a configured tone: 5 numbers a step, four frequencies and
// milliseconds) / {clip: Float32Array}
// (a voice prompt at the context's rate) / {stopClip: true} /
// {record: "start" | "pause" | "resume" | "stop", format: "ogg" | "wav", id} /
// {member: slot, on: bool} / {farMute: slot, on: bool} (the conference) /
// {keyTone: "5", inBand: bool} (a keypad digit's DTMF tone; in-band: to the call too), and posts meters
// about 4 times a second. A recording's bytes are posted as {recordData: ArrayBuffer, id} as
// they pile up, and when it stops {recordDone: true, id, header: ArrayBuffer | null, lost}
// (header: a WAV header to put over the file's first 44 bytes); {recordError, id} if it
// could not start.

const QUANTUM = 128;

class DeskphoneEngine extends AudioWorkletProcessor {
  constructor(options) {
    super();
    const instance = new WebAssembly.Instance(options.processorOptions.module, {});
    this.wasm = instance.exports;
    this.wasm.engine_init(sampleRate);
    this.views = null;
    this.blocks = 0;
    this.reportEvery = Math.max(1, Math.round(sampleRate / QUANTUM / 4));
    this.port.onmessage = (e) => {
      const m = e.data || {};
      if (typeof m.mute === "boolean") this.wasm.engine_set_mute(m.mute ? 1 : 0);
      if (typeof m.rxGain === "number") this.wasm.engine_set_rx_gain(m.rxGain);
      if (typeof m.signal === "number") this.wasm.engine_set_signal(m.signal);
      if (m.tone instanceof Float32Array && m.tone.length % 5 === 0 && m.tone.length <= 40) {
        new Float32Array(this.wasm.memory.buffer, this.wasm.tone_ptr(), m.tone.length).set(m.tone);
        this.wasm.engine_set_tone(m.tone.length / 5, m.once ? 1 : 0);
      }
      if (typeof m.signalGain === "number") this.wasm.engine_set_signal_gain(m.signalGain);
      if (typeof m.member === "number") this.wasm.engine_set_member(m.member, m.on ? 1 : 0);
      if (typeof m.farMute === "number") this.wasm.engine_set_far_muted(m.farMute, m.on ? 1 : 0);
      if (m.clip instanceof Float32Array) {
        // A voice prompt: copied into the engine's clip buffer, then played once.
        const ptr = this.wasm.clip_alloc(m.clip.length);
        new Float32Array(this.wasm.memory.buffer, ptr, m.clip.length).set(m.clip);
        this.views = null; // the allocation may have grown the memory
        this.wasm.engine_play_clip();
      }
      if (m.stopClip) this.wasm.engine_stop_clip();
      if (typeof m.record === "string") this.record(m.record, m.format === "wav" ? 1 : 0, m.id);
      if (typeof m.keyTone === "string" && m.keyTone.length === 1) {
        this.wasm.engine_key_tone(m.keyTone.charCodeAt(0), m.inBand ? 1 : 0);
      }
    };
  }

  // A recording is named by the page's `id`: its bytes and its end carry it, so that a new
  // recording never gets the end of the one before.
  record(action, format, id) {
    const code = { stop: 0, start: 1, pause: 2, resume: 3 }[action];
    if (code === undefined) return;
    if (code === 1) {
      this.finishRecording(); // one under way ends first, whole
      const failed = this.wasm.engine_record(1, format);
      this.views = null; // starting allocates: the memory may have grown
      if (failed) {
        this.port.postMessage({ recordError: "the recorder could not start", id });
      } else {
        this.recordId = id;
      }
    } else if (code === 0) {
      this.finishRecording();
    } else {
      this.wasm.engine_record(code, format);
    }
  }

  finishRecording() {
    if (this.recordId === undefined) return;
    this.wasm.engine_record(0, 0);
    this.takeRecording();
    const ptr = this.wasm.record_header_ptr();
    const header = ptr ? new Uint8Array(this.wasm.memory.buffer, ptr, 44).slice().buffer : null;
    this.port.postMessage({ recordDone: true, id: this.recordId, header, lost: this.wasm.record_lost() });
    this.recordId = undefined;
  }

  // Post the recording's bytes made so far (the worklet keeps at most 256 KB of them).
  takeRecording() {
    const len = this.wasm.record_pending_len();
    if (len === 0 || this.recordId === undefined) return;
    const bytes = new Uint8Array(this.wasm.memory.buffer, this.wasm.record_pending_ptr(), len).slice();
    this.wasm.record_drain();
    this.port.postMessage({ recordData: bytes.buffer, id: this.recordId }, [bytes.buffer]);
  }

  // Views on wasm memory are recreated when the memory grows (its buffer changes).
  buffers() {
    const mem = this.wasm.memory.buffer;
    if (!this.views || this.views.mem !== mem) {
      const view = (ptr) => new Float32Array(mem, ptr, QUANTUM);
      this.views = {
        mem,
        mic: view(this.wasm.mic_ptr()),
        netIn: view(this.wasm.net_in_ptr()),
        netOut: view(this.wasm.net_out_ptr()),
        speaker: view(this.wasm.speaker_ptr()),
        slotIn: [],
        slotOut: [],
      };
      for (let k = 0; k < this.wasm.slot_count(); k++) {
        this.views.slotIn.push(view(this.wasm.slot_in_ptr(k)));
        this.views.slotOut.push(view(this.wasm.slot_out_ptr(k)));
      }
    }
    return this.views;
  }

  process(inputs, outputs) {
    const b = this.buffers();
    const mic = inputs[0] && inputs[0][0];
    const remote = inputs[1] && inputs[1][0];
    const n = Math.min(QUANTUM, (outputs[0] && outputs[0][0] && outputs[0][0].length) || QUANTUM);
    if (mic) b.mic.set(mic.subarray(0, n)); else b.mic.fill(0);
    if (remote) b.netIn.set(remote.subarray(0, n)); else b.netIn.fill(0);
    for (let k = 0; k < b.slotIn.length; k++) {
      const slot = inputs[2 + k] && inputs[2 + k][0];
      if (slot) b.slotIn[k].set(slot.subarray(0, n)); else b.slotIn[k].fill(0);
    }
    this.wasm.engine_process(n);
    for (const channel of outputs[0] || []) channel.set(b.netOut.subarray(0, n));
    for (const channel of outputs[1] || []) channel.set(b.speaker.subarray(0, n));
    for (let k = 0; k < b.slotOut.length; k++) {
      for (const channel of outputs[2 + k] || []) channel.set(b.slotOut[k].subarray(0, n));
    }
    if (this.wasm.record_pending_len() >= 32768) this.takeRecording();
    if (++this.blocks % this.reportEvery === 0) {
      this.port.postMessage({
        rxRms: this.wasm.rx_rms(),
        rxFreq: this.wasm.rx_freq(),
        txRms: this.wasm.tx_rms(),
        txFreq: this.wasm.tx_freq(),
        outRms: this.wasm.out_rms(),
        outFreq: this.wasm.out_freq(),
      });
    }
    return true;
  }
}

registerProcessor("deskphone-engine", DeskphoneEngine);
