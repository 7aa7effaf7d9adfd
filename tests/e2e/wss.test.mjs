// The browser phone over secure WebSocket (WSS 8443): registers and calls a baresip phone
// through rtpengine, with the tone checked both ways.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPhone, closeAll } from './browser.mjs';
import { wav, startPeer, wavTone, contacts, stopPeer } from './lab.mjs';

after(closeAll);

test('dave registers over WSS and calls carol with the tone both ways', async (t) => {
  const DAVE_TONE = 600, CAROL_TONE = 1100;
  const rec = startPeer('carol', { port: 5076, ctrl: 4446, hz: CAROL_TONE, rtp: '20200-20299' });
  t.after(() => stopPeer('carol'));
  const dave = await openPhone('dave', { wav: wav(DAVE_TONE, 48000), ws: 'wss://127.0.0.1:8443' });
  await dave.waitRegistered();
  assert.ok(contacts('dave').some((c) => c.includes('transport=wss')), `dave's binding is over WSS: ${contacts('dave')}`);
  await dave.dial('1003');
  await dave.press('Send');
  await dave.waitState('talking');
  const heard = await dave.waitTone(CAROL_TONE);
  await new Promise((r) => setTimeout(r, 2000));
  await dave.pressSoft('End');
  await dave.waitState('idle');
  await dave.close();
  const decoded = fs.readdirSync(rec).filter((f) => f.endsWith('-dec.wav'));
  assert.equal(decoded.length, 1);
  const carol = wavTone(path.join(rec, decoded[0]));
  console.log(`dave (WSS) hears ${heard} Hz; carol recorded ${carol.text}`);
  assert.ok(Math.abs(carol.hz - DAVE_TONE) <= DAVE_TONE * 0.05, `carol hears ${carol.hz} Hz`);
});
