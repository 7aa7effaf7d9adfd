// ICE must not make the caller wait: with a STUN server configured that never answers, the
// INVITE still leaves at once with the host candidates gathered so far.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPhone, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

test('the INVITE leaves without waiting for an unanswering STUN server', async () => {
  // Nothing listens on 3479: Chromium's STUN transaction would run for many seconds.
  const alice = await openPhone('alice', { wav: wav(700, 48000), stun: 'stun:127.0.0.1:3479' });
  const bob = await openPhone('bob', { wav: wav(1300, 48000) });
  await alice.waitRegistered();
  await bob.waitRegistered();
  await alice.dial('1002');
  const pressed = Date.now();
  await alice.press('Send');
  await alice.waitFor('the INVITE to leave', async () => alice.timed.some(([, t]) => t.includes('sent INVITE')), 5000);
  const sent = alice.timed.find(([, t]) => t.includes('sent INVITE'))[0];
  console.log(`INVITE left ${sent - pressed} ms after Send (STUN server unreachable)`);
  assert.ok(sent - pressed < 1000, `the INVITE waited ${sent - pressed} ms for ICE`);
  // And the call works with the host candidates it carried.
  await bob.waitState('ringing');
  await bob.pressSoft('Answer');
  await bob.waitTone(700);
  await alice.pressSoft('End');
  await bob.waitState('idle');
});
