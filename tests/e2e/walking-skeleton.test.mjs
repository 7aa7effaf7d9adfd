// The walking skeleton: two phone pages call each other through Kamailio (WebSocket) and
// rtpengine, every sample passing through the Rust media engine in each page's AudioWorklet.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPhone, closeAll } from './browser.mjs';
import { wav, ladder, startPeer, wavTone, LAB, stopPeer } from './lab.mjs';
import fs from 'node:fs';
import path from 'node:path';

const ALICE_TONE = 700;
const BOB_TONE = 1300;
after(closeAll);

test('alice dials bob on the keypad, bob answers with the soft key, and hears her tone', async () => {
  const mark = ladder.mark();
  const alice = await openPhone('alice', { wav: wav(ALICE_TONE, 48000) });
  const bob = await openPhone('bob', { wav: wav(BOB_TONE, 48000) });
  await alice.waitRegistered();
  await bob.waitRegistered();

  await alice.dial('1002');
  assert.deepEqual(await alice.screen(), ['Dial:', '1002']);
  await alice.press('Send');

  await bob.waitState('ringing');
  const ringing = await bob.screen();
  assert.equal(ringing[0], 'Incoming call');
  assert.match(ringing.join(' '), /alice/);
  assert.deepEqual(await bob.lamp(), { color: 'red', pattern: 'fast-blink' });

  await bob.pressSoft('Answer');
  await bob.waitState('talking');
  await alice.waitState('talking');
  assert.deepEqual(await bob.lamp(), { color: 'green', pattern: 'steady' });
  assert.deepEqual(await alice.lamp(), { color: 'green', pattern: 'steady' });

  const bobHeard = await bob.waitTone(ALICE_TONE);
  const aliceHeard = await alice.waitTone(BOB_TONE);
  console.log(`bob hears ${bobHeard} Hz (alice sends ${ALICE_TONE}), alice hears ${aliceHeard} Hz (bob sends ${BOB_TONE})`);
  await alice.screenshot('talking-alice.png');
  await bob.screenshot('talking-bob.png');

  await alice.pressSoft('End');
  await alice.waitState('idle');
  await bob.waitState('idle');
  assert.equal((await bob.screen())[1], 'Call ended');

  await alice.close();
  await bob.close();
  const sip = await ladder.save('walking-skeleton-ladder.txt', mark);
  for (const step of ['INVITE', '180', '200', 'ACK', 'BYE']) assert.match(sip, new RegExp(`\\b${step}\\b`), `ladder has ${step}`);
});

test('alice calls a baresip phone through rtpengine and the tones cross both ways', async (t) => {
  const CAROL_TONE = 1000;
  const rec = startPeer('carol', { port: 5074, ctrl: 4445, hz: CAROL_TONE, rtp: '20100-20199' });
  t.after(() => stopPeer('carol'));
  const mark = ladder.mark();
  const alice = await openPhone('alice', { wav: wav(ALICE_TONE, 48000) });
  await alice.waitRegistered();

  await alice.dial('1003');
  await alice.press('Send');
  await alice.waitState('talking'); // carol answers by herself
  assert.match((await alice.screen()).join(' '), /1003/);
  const aliceHeard = await alice.waitTone(CAROL_TONE);
  // Keypad digits during the call go out as RFC 4733 telephone-events and show on the screen.
  await alice.dial('58');
  assert.equal((await alice.screen())[3], '58');
  await new Promise((r) => setTimeout(r, 2000)); // let carol record a couple of seconds
  await alice.press('End call'); // the red key ends a call too
  await alice.waitState('idle');

  const decoded = fs.readdirSync(rec).filter((f) => f.endsWith('-dec.wav'));
  assert.equal(decoded.length, 1, `one received-audio recording in ${rec}: ${decoded}`);
  const carolHeard = wavTone(path.join(rec, decoded[0]));
  console.log(`alice hears ${aliceHeard} Hz (carol sends ${CAROL_TONE}); carol recorded ${carolHeard.text}`);
  assert.ok(Math.abs(carolHeard.hz - ALICE_TONE) <= ALICE_TONE * 0.05, `carol hears ${carolHeard.hz} Hz, not ${ALICE_TONE}`);
  assert.ok(carolHeard.rms > 0.05, `carol's recording is loud enough (${carolHeard.rms})`);
  const carolLog = fs.readFileSync(path.join(LAB, 'log', 'baresip-carol.log'), 'utf8');
  for (const digit of '58') {
    assert.ok(carolLog.includes(`received event: '${digit}' (end=1)`), `carol received the telephone-event ${digit}`);
  }

  await alice.close();
  const sip = await ladder.save('baresip-ladder.txt', mark);
  for (const step of ['INVITE', '200', 'ACK', 'BYE']) assert.match(sip, new RegExp(`\\b${step}\\b`), `ladder has ${step}`);
});
