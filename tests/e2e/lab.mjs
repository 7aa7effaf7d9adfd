// Test fixtures from the lab: tone WAVs made with sox, baresip control, and the SIP ladder
// captured by tshark (started by tests/e2e/run.sh into $LAB/sip.pcapng).
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ARTIFACTS } from './browser.mjs';

export const LAB = process.env.LAB || '/tmp/deskphone-lab';
const LAB_CONF = path.resolve(import.meta.dirname, '../../lab');

/** A 60 s sine WAV of `hz` at `rate`, amplitude 0.5 (16-bit mono). */
export function wav(hz, rate) {
  const dir = path.join(LAB, 'wav');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `tone${hz}-${rate}.wav`);
  if (!fs.existsSync(file)) execFileSync('sox', ['-n', '-r', String(rate), '-c', '1', '-b', '16', file, 'synth', '60', 'sine', String(hz), 'vol', '0.5']);
  return file;
}

/** Start a baresip peer (auto-answer) playing a tone; returns its recordings directory. */
export function startPeer(name, { port, ctrl, hz, rtp }) {
  execFileSync(path.join(LAB_CONF, 'lab.sh'), ['peer', name, String(port), String(ctrl), wav(hz, 8000), rtp], { stdio: 'inherit' });
  return path.join(LAB, 'baresip', name, 'rec');
}

/** Stop a baresip peer (it un-registers first), so that later tests do not call it. */
export function stopPeer(name) {
  execFileSync(path.join(LAB_CONF, 'lab.sh'), ['stop-peer', name], { stdio: 'inherit' });
}

/** Send one ctrl_tcp command (netstring JSON) to a baresip peer. */
export function peerCommand(ctrl, command, params = '') {
  return new Promise((resolve, reject) => {
    const body = JSON.stringify({ command, params, token: 't1' });
    const s = net.connect(ctrl, '127.0.0.1', () => s.end(`${Buffer.byteLength(body)}:${body},`));
    let reply = '';
    s.on('data', (d) => { reply += d; });
    s.on('close', () => resolve(reply));
    s.on('error', reject);
    setTimeout(() => s.destroy(), 2000);
  });
}

/** The contact addresses Kamailio holds for `user` (from `kamcmd ul.dump`). */
export function contacts(user) {
  const dump = execFileSync('kamcmd', ['-s', `unix:${LAB}/run/kamailio_ctl`, 'ul.dump']).toString();
  const block = dump.split('AoR: ').find((b) => b.startsWith(`${user}@`) || b.startsWith(`${user}\n`)) || '';
  return [...block.matchAll(/Address: (\S+)/g)].map((m) => m[1]);
}

/** The source ports Kamailio saw `user` register from (the `Received` of each binding). */
export function receivedPorts(user) {
  const dump = execFileSync('kamcmd', ['-s', `unix:${LAB}/run/kamailio_ctl`, 'ul.dump']).toString();
  const block = dump.split('AoR: ').find((b) => b.startsWith(`${user}@`) || b.startsWith(`${user}\n`)) || '';
  return [...block.matchAll(/Received: sip:127\.0\.0\.1:(\d+)/g)].map((m) => Number(m[1]));
}

/** Abort the TCP connection from local port `port` to the server port (like a network cut). */
export function cutConnection(port, serverPort) {
  execFileSync('ss', ['-K', 'src', '127.0.0.1', 'sport', '=', String(port), 'dst', '127.0.0.1', 'dport', '=', String(serverPort)]);
}

/** Dominant frequency (Hz, by zero crossings) and RMS of a 16-bit WAV, skipping silence. */
export function wavTone(file) {
  const out = execFileSync('python3', [path.join(LAB_CONF, 'wav-freq.py'), file]).toString();
  const m = out.match(/~(\d+) Hz tone, RMS ([\d.]+)/);
  return { hz: Number(m[1]), rms: Number(m[2]), text: out.trim() };
}

/** The SIP ladder from the capture, as "time src -> dst  request-or-status" lines. */
export const ladder = {
  file: path.join(LAB, 'sip.pcapng'),
  /** The number of SIP messages captured so far, to cut one test's ladder out. */
  mark() { return this.lines().length; },
  lines() {
    if (!fs.existsSync(this.file)) return [];
    const out = execFileSync('tshark', ['-r', this.file, '-n', '-Y', 'sip', '-d', 'tcp.port==8080,http',
      '-T', 'fields', '-E', 'separator=|', '-e', 'frame.time_relative', '-e', 'tcp.srcport', '-e', 'udp.srcport',
      '-e', 'tcp.dstport', '-e', 'udp.dstport', '-e', 'sip.Request-Line', '-e', 'sip.Status-Line'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    return out.trim().split('\n').filter(Boolean).map((l) => {
      const [t, ts, us, td, ud, req, status] = l.split('|');
      const port = (a, b) => (a || b).split(',')[0];
      return `${Number(t).toFixed(3).padStart(8)}  ${port(ts, us).padStart(5)} -> ${port(td, ud).padEnd(5)}  ${req || status}`;
    });
  },
  /**
   * The SDP connection addresses (`c=` lines, comma-separated per message) of the `method`
   * requests since `mark` whose SDP has the attribute `direction`.
   */
  sdpOf(method, direction, mark = 0) {
    if (!fs.existsSync(this.file)) return [];
    const out = execFileSync('tshark', ['-r', this.file, '-n', '-Y', `sip.Method == "${method}" && sdp && tcp.dstport == 8080`, '-d', 'tcp.port==8080,http',
      '-T', 'fields', '-E', 'separator=|', '-e', 'frame.number', '-e', 'sdp.connection_info.address', '-e', 'sdp.media_attr'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const frames = new Set(this.frames().slice(mark));
    return out.trim().split('\n').filter(Boolean).map((l) => l.split('|'))
      .filter(([frame, , attrs]) => frames.has(frame) && (attrs || '').split(',').includes(direction))
      .map(([, addresses]) => addresses);
  },
  /** The SDP `m=` lines (`audio 9 UDP/TLS/RTP/SAVPF 8 126`) of the `method` requests browser phones sent since `mark`. */
  mediaOf(method, mark = 0) {
    if (!fs.existsSync(this.file)) return [];
    const out = execFileSync('tshark', ['-r', this.file, '-n', '-Y', `sip.Method == "${method}" && sdp && tcp.dstport == 8080`, '-d', 'tcp.port==8080,http',
      '-T', 'fields', '-E', 'separator=|', '-e', 'frame.number', '-e', 'sdp.media'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
    const frames = new Set(this.frames().slice(mark));
    return out.trim().split('\n').filter(Boolean).map((l) => l.split('|'))
      .filter(([frame]) => frames.has(frame)).map(([, media]) => media);
  },
  /** Frame numbers of the SIP messages, in the order of lines(). */
  frames() {
    if (!fs.existsSync(this.file)) return [];
    return execFileSync('tshark', ['-r', this.file, '-n', '-Y', 'sip', '-d', 'tcp.port==8080,http', '-T', 'fields', '-e', 'frame.number'],
      { stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim().split('\n').filter(Boolean);
  },
  /** Wait until a line since `mark` matches `pattern` (10 s), else fail naming `what`. */
  async waitFor(mark, pattern, what) {
    for (let i = 0; i < 40; i++) {
      if (this.lines().slice(mark).some((l) => pattern.test(l))) return;
      await new Promise((r) => setTimeout(r, 250));
    }
    throw new Error(`${what} not on the wire:\n${this.lines().slice(mark).join('\n')}`);
  },
  /** Write the ladder since `mark` to artifacts/NAME and return it. */
  async save(name, mark = 0) {
    await new Promise((r) => setTimeout(r, 1500)); // let tshark flush
    const text = this.lines().slice(mark).join('\n') + '\n';
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, name), text);
    return text;
  },
};

/** A 60 s u-law WAV of `hz` (8 kHz mono) for sipp's rtp_stream. */
export function ulawWav(hz) {
  const file = path.join(LAB, 'wav', `tone${hz}-ulaw.wav`);
  if (!fs.existsSync(file)) execFileSync('sox', [wav(hz, 8000), '-e', 'u-law', file]);
  return file;
}

/**
 * Run a lab sipp scenario in the background from a directory holding its WAVs (sipp
 * resolves `uac-ulaw.wav` / `uas-ulaw.wav` relative to its working directory).
 * Resolves with the exit code and output.
 */
export function sippRun(scenario, args, { wavs = {} } = {}) {
  const dir = fs.mkdtempSync(path.join(LAB, 'sipp-'));
  for (const [name, file] of Object.entries(wavs)) fs.symlinkSync(file, path.join(dir, name));
  const p = spawn('sipp', ['-sf', path.join(LAB_CONF, 'sipp', scenario), '-i', '127.0.0.1', '-nostdin', '-trace_err', ...args], { cwd: dir });
  let out = '';
  p.stdout.on('data', (d) => { out += d; });
  p.stderr.on('data', (d) => { out += d; });
  return { done: new Promise((resolve) => p.on('close', (code) => resolve({ code, out }))), kill: () => p.kill() };
}

/** Register the sipp UAS (listening on 5090) as user `uas` (extension 1090). */
export function registerSippUas() {
  const r = spawnSync('sipp', ['-sf', path.join(LAB_CONF, 'sipp', 'register.xml'), '-s', 'uas', '-au', 'uas', '-ap', 'uaspw',
    '-m', '1', '-i', '127.0.0.1', '-p', '5089', '-nostdin', '-timeout', '10s', '-timeout_error',
    '-key', 'contact_port', '5090', '-key', 'expires', '120', '127.0.0.1:5060'], { timeout: 20000 });
  if (r.status !== 0) throw new Error(`sipp could not register uas: ${r.stdout}${r.stderr}`);
}

/**
 * Capture RTP sent to UDP ports `lo`-`hi` but not to `except` ([lo, hi], e.g. the native
 * phone's own RTP ports) with tshark; `stop()` resolves with the frequency of the mu-law
 * audio in it (zero crossings of its voiced packets) and the packet counts.
 */
export async function captureRtp(lo, hi, except = [16384, 16999]) {
  const file = path.join(LAB, `rtp-${lo}-${Date.now()}.pcapng`);
  const log = path.join(LAB, 'log', `tshark-rtp-${lo}.log`);
  const p = spawn('tshark', ['-i', 'lo', '-n', '-q', '-w', file, '-f', `udp dst portrange ${lo}-${hi} and not udp dst portrange ${except[0]}-${except[1]}`], { stdio: ['ignore', 'ignore', fs.openSync(log, 'w')] });
  for (let i = 0; i < 50 && !fs.readFileSync(log, 'utf8').includes('Capturing on'); i++) await new Promise((r) => setTimeout(r, 100));
  return {
    async stop() {
      await new Promise((r) => setTimeout(r, 500));
      p.kill('SIGINT');
      await new Promise((r) => p.on('close', r));
      const out = execFileSync('tshark', ['-r', file, '-n', '-o', 'rtp.heuristic_rtp:TRUE', '-Y', 'rtp.p_type == 0',
        '-T', 'fields', '-e', 'rtp.payload'], { stdio: ['ignore', 'pipe', 'ignore'] }).toString();
      // Per packet: zero crossings of the voiced packets over their total duration.
      let crossings = 0; let voiced = 0; let packets = 0;
      for (const line of out.split('\n')) {
        const hex = line.replace(/:/g, '').trim();
        if (!hex) continue;
        packets++;
        const s = [];
        for (let i = 0; i + 1 < hex.length; i += 2) s.push(ulawDecode(parseInt(hex.slice(i, i + 2), 16)));
        const rms = Math.sqrt(s.reduce((a, x) => a + x * x, 0) / s.length);
        if (rms < 1000) continue;
        voiced += s.length;
        for (let i = 1; i < s.length; i++) if ((s[i - 1] < 0) !== (s[i] < 0)) crossings++;
      }
      return { hz: voiced ? Math.round(crossings / 2 / (voiced / 8000)) : 0, packets, voicedPackets: voiced / 160 };
    },
  };
}

/** G.711 mu-law to linear (the textbook decoder, independent of the phone's own). */
function ulawDecode(b) {
  const u = ~b & 0xff;
  const t = (((u & 0x0f) << 3) + 0x84) << ((u & 0x70) >> 4);
  return u & 0x80 ? 0x84 - t : t - 0x84;
}
