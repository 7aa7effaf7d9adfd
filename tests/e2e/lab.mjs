// Test fixtures from the lab: tone WAVs made with sox, baresip control, and the SIP ladder
// captured by tshark (started by tests/e2e/run.sh into $LAB/sip.pcapng).
import { execFileSync } from 'node:child_process';
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
  /** Write the ladder since `mark` to artifacts/NAME and return it. */
  async save(name, mark = 0) {
    await new Promise((r) => setTimeout(r, 1500)); // let tshark flush
    const text = this.lines().slice(mark).join('\n') + '\n';
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    fs.writeFileSync(path.join(ARTIFACTS, name), text);
    return text;
  },
};
