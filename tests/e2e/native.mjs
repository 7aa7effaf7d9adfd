// The native phone as a test drives it: a process whose stdout lines say what the phone
// shows (`line:`, `call:`, `screen:`) and hears (`audio:`).
import { spawn } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(import.meta.dirname, '../..');
// Where cargo put it (CARGO_TARGET_DIR, as scripts/test.sh built it, else ./target).
export const BIN = path.join(process.env.CARGO_TARGET_DIR || path.join(ROOT, 'target'), 'debug/deskphone');

/** Start the native phone; `done` resolves with its exit code and everything it printed. */
export function nativePhone(args) {
  const p = spawn(BIN, args, { env: { ...process.env } });
  let out = '';
  const waiters = [];
  const feed = (d) => {
    out += d;
    for (const w of [...waiters]) if (w.re.test(out)) { waiters.splice(waiters.indexOf(w), 1); w.resolve(out); }
  };
  p.stdout.on('data', feed);
  p.stderr.on('data', feed);
  const done = new Promise((resolve) => p.on('close', (code) => resolve({ code, out })));
  return {
    done,
    get out() { return out; },
    /** Resolves once the output matches `re`; rejects after `ms`. */
    waitFor(re, ms = 10000) {
      if (re.test(out)) return Promise.resolve(out);
      return new Promise((resolve, reject) => {
        const w = { re, resolve };
        waiters.push(w);
        setTimeout(() => { if (waiters.includes(w)) { waiters.splice(waiters.indexOf(w), 1); reject(new Error(`no ${re} in:\n${out}`)); } }, ms);
      });
    },
    kill() { p.kill(); },
  };
}

/** Run the native phone to the end. */
export function runPhone(args) {
  return nativePhone(args).done;
}

/** The phone's `audio:` reports, oldest first. */
export function audioReports(out) {
  return [...out.matchAll(/^audio: call ([\d.]+) receiving (\d+) Hz at level ([\d.]+) in (\w+) \((\d+) packets in, (\d+) out, (\d+) concealed, digits "([^"]*)", tones "([^"]*)"\)/gm)]
    .map((m) => ({ call: m[1], hz: Number(m[2]), level: Number(m[3]), codec: m[4], packetsIn: Number(m[5]), packetsOut: Number(m[6]), concealed: Number(m[7]), digits: m[8], tones: m[9] }));
}

/** The frequency the phone heard most often while it was hearing something. */
export function heardTone(out) {
  const voiced = audioReports(out).filter((r) => r.level > 0.05).map((r) => Math.round(r.hz / 10) * 10);
  const counts = new Map();
  for (const hz of voiced) counts.set(hz, (counts.get(hz) || 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** Account options for `user` on the lab's Kamailio over UDP. */
export const account = (user) => ['--user', user, '--pass', `${user}pw`, '--server', '127.0.0.1:5060', '--transport', 'udp'];
