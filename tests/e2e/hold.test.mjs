// Hold and resume between two browser phones (RFC 3264 §8.4 re-INVITEs through Kamailio
// and rtpengine): the screens say who holds whom, the held side hears silence, and the
// tone comes back on resume.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, callAndAnswer, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

/** Wait until the received level stays under `rms` for 3 readings. */
async function waitSilence(phone, rms = 0.005) {
  let quiet = 0;
  await phone.waitFor('silence', async () => {
    const m = await phone.meters();
    quiet = m.rxRms < rms ? quiet + 1 : 0;
    await new Promise((r) => setTimeout(r, 250));
    return quiet >= 3 || m;
  }, 10000);
}

test('alice holds bob, bob hears silence and sees it, then alice resumes', async () => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000) });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  await callAndAnswer(alice, bob, '1002');
  await bob.waitTone(700);

  await alice.pressSoft('Hold');
  await alice.waitState('held');
  await bob.waitState('held-by-remote');
  assert.equal((await alice.screen())[0], 'On hold');
  assert.equal((await bob.screen())[0], 'Held by far end');
  assert.deepEqual(await alice.lamp(), { color: 'green', pattern: 'slow-blink' });
  await waitSilence(bob);
  await alice.screenshot('held-alice.png');
  await bob.screenshot('held-bob.png');

  await alice.pressSoft('Resume');
  await alice.waitState('talking');
  await bob.waitState('talking');
  await bob.waitTone(700);
  await alice.waitTone(1300);
  await alice.pressSoft('End');
  await bob.waitState('idle');
});
