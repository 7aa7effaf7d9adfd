// Call transfer between three browser phones through Kamailio and rtpengine (RFC 5589):
// blind (REFER), and attended (REFER with Replaces, RFC 3891). Afterwards the transferee and
// the target hear each other's tones, and the transferor is idle.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, callAndAnswer, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

/** alice (700 Hz) talks with bob (1300 Hz); carol (1900 Hz) is the target. */
async function threePhones() {
  const alice = await openRegistered('alice', { wav: wav(700, 48000) });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const carol = await openRegistered('carol', { wav: wav(1900, 48000) });
  await callAndAnswer(bob, alice, '1001');
  await alice.waitTone(1300);
  return { alice, bob, carol };
}

async function bobAndCarolTalk(bob, carol) {
  await carol.waitTone(1300);
  await bob.waitTone(1900);
}

test('blind transfer: alice sends bob to carol and hangs up', async (t) => {
  const { alice, bob, carol } = await threePhones();
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  await alice.pressSoft('Transfer');
  await alice.waitState('transfer-dialing');
  await bob.waitState('held-by-remote');
  await alice.dial('1003');
  await alice.screenshot('transfer-dialing.png');
  await alice.pressSoft('Transfer');
  await carol.waitState('ringing');
  await alice.waitState('idle');
  assert.ok((await alice.screen()).includes('Transferred'), `${await alice.screen()}`);
  await carol.pressSoft('Answer');
  await carol.waitState('talking');
  await bob.waitState('talking');
  await bobAndCarolTalk(bob, carol);
  await bob.pressSoft('End');
  await carol.waitState('idle');
});

test('attended transfer: alice consults carol, then bob takes alice\'s place with carol', async () => {
  const { alice, bob, carol } = await threePhones();
  await alice.pressSoft('Transfer');
  await alice.waitState('transfer-dialing');
  await alice.dial('1003');
  await alice.pressSoft('Send');
  await carol.waitState('ringing');
  await carol.pressSoft('Answer');
  await alice.waitState('consultation');
  await alice.waitTone(1900);
  await carol.waitTone(700);
  assert.ok((await alice.screen()).includes('Held: bob'), `${await alice.screen()}`);
  await alice.screenshot('transfer-consultation.png');

  await alice.pressSoft('Transfer');
  await alice.waitState('idle');
  // Carol's call is taken over without ringing: she goes on talking, now with bob.
  await bob.waitState('talking');
  await bobAndCarolTalk(bob, carol);
  assert.equal(await carol.state(), 'talking');
  await carol.pressSoft('End');
  await bob.waitState('idle');
});
