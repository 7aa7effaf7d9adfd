// Hold and resume between two browser phones (RFC 3264 §8.4 re-INVITEs through Kamailio
// and rtpengine): the screens say who holds whom, the held side hears silence, and the
// tone comes back on resume.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, callAndAnswer, closeAll } from './browser.mjs';
import { ladder, wav } from './lab.mjs';

after(closeAll);

/** alice (700 Hz, with extra URL `params`) calls bob (1300 Hz), and bob hears her. */
async function aliceCallsBob(params = '') {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  await callAndAnswer(alice, bob, '1002');
  await bob.waitTone(700);
  return { alice, bob };
}

/** alice presses Hold: both screens say so and bob hears silence. */
async function hold(alice, bob) {
  await alice.pressSoft('Hold');
  await alice.waitState('held');
  await bob.waitState('held-by-remote');
  await bob.waitSilence();
}

/** alice presses Resume: both are talking and hear each other's tone again. */
async function resume(alice, bob) {
  await alice.pressSoft('Resume');
  await alice.waitState('talking');
  await bob.waitState('talking');
  await bob.waitTone(700);
  await alice.waitTone(1300);
}

test('alice holds bob, bob hears silence and sees it, then alice resumes', async () => {
  const { alice, bob } = await aliceCallsBob();
  await hold(alice, bob);
  assert.equal((await alice.screen())[0], 'On hold');
  assert.equal((await bob.screen())[0], 'Held by far end');
  assert.deepEqual(await alice.lamp(), { color: 'green', pattern: 'slow-blink' });
  await alice.screenshot('held-alice.png');
  await bob.screenshot('held-bob.png');
  await resume(alice, bob);
  await alice.pressSoft('End');
  await bob.waitState('idle');
  // Close both, so that the next test's calls to alice and bob do not fork to these pages.
  await alice.close();
  await bob.close();
});

test('with hold=rfc2543, the hold offer carries c=0.0.0.0 and the far end is held all the same', async () => {
  const mark = ladder.mark();
  const { alice, bob } = await aliceCallsBob('&hold=rfc2543');
  await hold(alice, bob);
  await resume(alice, bob);
  await alice.pressSoft('End');
  await bob.waitState('idle');
  // alice's INVITEs as they left her WebSocket: the hold offer is zeroed, the others are not.
  const offers = ladder.sdpOf('INVITE', 'sendonly', mark);
  assert.ok(offers.length >= 1, 'the hold re-INVITE was captured');
  assert.ok(offers.every((c) => c.split(',').every((a) => a === '0.0.0.0')), `hold offers: ${offers}`);
  const others = ladder.sdpOf('INVITE', 'sendrecv', mark);
  assert.ok(others.length >= 2 && others.every((c) => !c.includes('0.0.0.0')), `other offers: ${others}`);
});
