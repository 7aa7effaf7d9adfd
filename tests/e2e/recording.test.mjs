// Call recording in the browser: Start REC / Stop REC on the CP860 face record both directions
// through the Rust engine (libopus built for wasm, in the AudioWorklet) into an Ogg Opus file
// (or WAV) that the face offers for download. The downloaded file is decoded by Chromium and
// must hold both parties' tones, for about as long as the recording ran.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openRegistered, callAndAnswer, closeAll, ARTIFACTS } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Decode `bytes` in the page (Chromium's own decoders) and measure it. */
async function analyse(page, bytes) {
  return page.evaluate(async (data) => {
    const raw = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
    const ctx = new OfflineAudioContext(1, 48000, 48000);
    const buf = await ctx.decodeAudioData(raw.buffer);
    const x = buf.getChannelData(0);
    const rate = buf.sampleRate;
    // Power at hz relative to the whole signal's (Goertzel over the middle second).
    const mid = x.subarray(Math.floor(x.length / 2 - rate / 2), Math.floor(x.length / 2 + rate / 2));
    const total = mid.reduce((a, v) => a + v * v, 0);
    const share = (hz) => {
      const c = 2 * Math.cos((2 * Math.PI * hz) / rate);
      let s1 = 0, s2 = 0;
      for (const v of mid) { const s = v + c * s1 - s2; s2 = s1; s1 = s; }
      return (2 * (s1 * s1 + s2 * s2 - c * s1 * s2)) / mid.length / total;
    };
    return { seconds: buf.duration, s700: share(700), s1300: share(1300), s1900: share(1900) };
  }, Buffer.from(bytes).toString('base64'));
}

async function recordACall(t, params, seconds) {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: `&profile=yealink-cp860&optkeys=1${params}` });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await callAndAnswer(alice, bob, '1002');
  await alice.waitTone(1300);
  await bob.waitTone(700);
  const icon = (name) => alice.page.locator(`.icon[data-icon="${name}"]`).count();
  await alice.pressSoftOrMore('Start REC');
  await alice.waitFor('the REC icon', async () => (await icon('Recording')) === 1);
  await sleep(seconds * 1000);
  await alice.pressSoftOrMore('Stop REC');
  await alice.waitFor('the REC icon gone', async () => (await icon('Recording')) === 0);
  const link = alice.page.locator('section.recordings a');
  await link.waitFor({ timeout: 10000 });
  // The whole page: the face and, beside it, the recordings to download.
  await alice.page.screenshot({ path: path.join(ARTIFACTS, `recording${params ? '-wav' : ''}.png`), fullPage: true });
  const [download] = await Promise.all([alice.page.waitForEvent('download'), link.click()]);
  const bytes = fs.readFileSync(await download.path());
  assert.equal(download.suggestedFilename(), await link.textContent(), 'saved under the name the face shows');
  await alice.pressSoft('Cancel');
  await bob.waitState('idle');
  return { alice, bytes, name: download.suggestedFilename() };
}

test('Start REC and Stop REC on the CP860 record both parties to an Ogg Opus file to download', async (t) => {
  const { alice, bytes, name } = await recordACall(t, '', 3);
  assert.match(name, /\.ogg$/);
  assert.equal(bytes.subarray(0, 4).toString(), 'OggS');
  assert.ok(bytes.includes(Buffer.from('OpusHead')) && bytes.includes(Buffer.from('OpusTags')));
  // Opus at 32 kbit/s: about 4 KB a second, nowhere near WAV's 96 KB.
  assert.ok(bytes.length > 6000 && bytes.length < 40000, `${bytes.length} bytes for 3 s`);
  const a = await analyse(alice.page, bytes);
  assert.ok(a.seconds > 2.5 && a.seconds < 4.5, `${a.seconds} s`);
  assert.ok(a.s700 > 0.2, `alice's 700 Hz is in it: ${JSON.stringify(a)}`);
  assert.ok(a.s1300 > 0.2, `bob's 1300 Hz is in it: ${JSON.stringify(a)}`);
  assert.ok(a.s1900 < 0.02, `and nothing else: ${JSON.stringify(a)}`);
});

test('with recformat=wav the recording is a WAV file whose header gives its true length', async (t) => {
  const { alice, bytes, name } = await recordACall(t, '&recformat=wav', 2);
  assert.match(name, /\.wav$/);
  assert.equal(bytes.subarray(0, 4).toString(), 'RIFF');
  assert.equal(bytes.readUInt32LE(40), bytes.length - 44, 'data size = what follows the header');
  assert.equal(bytes.readUInt32LE(4), bytes.length - 8);
  const a = await analyse(alice.page, bytes);
  assert.ok(a.seconds > 1.5 && a.seconds < 3.5, `${a.seconds} s`);
  assert.ok(a.s700 > 0.2 && a.s1300 > 0.2, JSON.stringify(a));
});
