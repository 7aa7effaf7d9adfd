// A local three-way conference on a browser phone, through Kamailio and rtpengine, mixed by
// the Rust engine in the AudioWorklet (mix-minus). Each party sends a distinct tone; muting
// one party at a time leaves a single tone at each of the others, so every path is heard:
// bob hears alice and carol, carol hears alice and bob, alice hears both.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, callAndAnswer, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

test('alice joins bob and carol in a conference, and each hears the other two', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000) });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const carol = await openRegistered('carol', { wav: wav(1900, 48000) });
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  await callAndAnswer(bob, alice, '1001');
  await carol.dial('1001');
  await carol.press('Send');
  await alice.waitFor('carol waiting', async () => (await alice.screen()).includes('Waiting: carol'));
  await alice.press('Line 1');
  await carol.waitState('talking');
  await bob.waitState('held-by-remote');

  await alice.press('Conference');
  await alice.waitState('conference');
  await bob.waitState('talking');
  const screen = await alice.screen();
  assert.equal(screen[0], 'Conference');
  assert.ok(['carol + bob', 'bob + carol'].includes(screen[1]), `every member on the second row: ${screen}`);
  await alice.screenshot('conference-alice.png');

  // Carol quiet: bob hears alice, alice hears bob.
  await carol.press('Mute');
  await bob.waitTone(700);
  await alice.waitTone(1300);
  await carol.press('Mute');
  // Bob quiet: carol hears alice, alice hears carol.
  await bob.press('Mute');
  await carol.waitTone(700);
  await alice.waitTone(1900);
  await bob.press('Mute');
  // Alice quiet: bob and carol hear each other through alice's mix.
  await alice.press('Mute');
  await bob.waitTone(1900);
  await carol.waitTone(1300);
  await alice.press('Mute');

  await alice.pressSoft('End');
  await bob.waitState('idle');
  await carol.waitState('idle');
});

test('the Manager far-mutes one party: nobody hears bob until he is unmuted', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: '&profile=yealink-cp860&optkeys=1' });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const carol = await openRegistered('carol', { wav: wav(1900, 48000) });
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  await callAndAnswer(bob, alice, '1001');
  await carol.dial('1001');
  await carol.press('Send');
  await alice.waitFor('carol waiting', async () => (await alice.screen()).some((l) => l.includes('carol')));
  await alice.pressSoft('Answer');
  await carol.waitState('talking');
  await alice.pressSoftOrMore('Conference');
  await alice.waitState('conference');
  await bob.waitState('talking');
  await alice.press('Mute'); // alice quiet: what carol hears is bob alone
  await carol.waitTone(1300);

  await alice.pressSoftOrMore('Manager');
  const screen = await alice.screen();
  assert.ok(screen.includes('Manager') && screen.includes('1. bob'), `the party list: ${screen}`);
  await alice.pressSoft('Far Mute'); // the cursor is on bob
  await alice.waitFor('bob marked muted', async () => (await alice.screen()).includes('1. bob (muted)'));
  await alice.screenshot('conference-manager.png');
  await carol.waitSilence();
  await alice.waitTone(1900); // alice hears carol, no longer bob
  await bob.waitTone(1900); // bob still hears carol
  await alice.pressSoft('Unmute');
  await carol.waitTone(1300);
  await alice.pressSoft('Back');
  await alice.waitFor('the conference screen', async () => (await alice.screen())[0] === 'Conference');
});
