// A local three-way conference on a browser phone, through Kamailio and rtpengine, mixed by
// the Rust engine in the AudioWorklet (mix-minus). Each party sends a distinct tone; muting
// one party at a time leaves a single tone at each of the others, so every path is heard:
// bob hears alice and carol, carol hears alice and bob, alice hears both. The CP860 joins five
// (four callers), and its Manager far-mutes a party.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, callAndAnswer, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

/** alice (a page with `params`), bob and carol, each sending its own tone: bob talks with
 * alice, and carol calls her too. */
async function bobTalksAndCarolCalls(t, params = '') {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const carol = await openRegistered('carol', { wav: wav(1900, 48000) });
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  await callAndAnswer(bob, alice, '1001');
  await carol.dial('1001');
  await carol.press('Send');
  return { alice, bob, carol };
}

test('alice joins bob and carol in a conference, and each hears the other two', async (t) => {
  const { alice, bob, carol } = await bobTalksAndCarolCalls(t);
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
  const { alice, bob, carol } = await bobTalksAndCarolCalls(t, '&profile=yealink-cp860&optkeys=1');
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

test('the CP860 joins four callers in a five-way conference; each hears the others but not itself', async (t) => {
  const tones = { bob: 1300, carol: 1900, dave: 2500, eve: 900 };
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: '&profile=yealink-cp860' });
  const parties = {};
  for (const [name, hz] of Object.entries(tones)) parties[name] = await openRegistered(name, { wav: wav(hz, 48000) });
  const all = [alice, ...Object.values(parties)];
  t.after(() => Promise.all(all.map((p) => p.close())));
  // Each calls alice in turn; Answer takes the new call and holds the one before.
  for (const [name, p] of Object.entries(parties)) {
    await p.dial('1001');
    await p.press('Send');
    await p.waitState('ringback'); // alice's phone rings (or beeps: a call waiting)
    await alice.pressSoftOrMore('Answer');
    await p.waitState('talking');
  }
  await alice.pressSoftOrMore('Conference');
  await alice.waitState('conference');
  for (const p of Object.values(parties)) await p.waitState('talking');
  await alice.screenshot('conference-five.png');

  // Everyone quiet but one party at a time: the other three and alice hear it, and only it.
  await alice.press('Mute');
  for (const name of Object.keys(tones)) if (name !== 'bob') await parties[name].press('Mute');
  for (const speaker of ['bob', 'eve']) {
    for (const [name, p] of Object.entries(parties)) {
      if (name !== speaker) await p.waitTone(tones[speaker]);
    }
    await alice.waitTone(tones[speaker]);
    // The speaker hears nobody (all the others are quiet): not its own voice back.
    await parties[speaker].waitSilence();
    if (speaker === 'bob') {
      await parties.bob.press('Mute');
      await parties.eve.press('Mute');
    }
  }
  await alice.pressSoft('Cancel'); // the CP860's End hangs up every member
  for (const p of Object.values(parties)) await p.waitState('idle');
});
