// Dialling rules of the browser phone, given in the page URL in the manuals' syntaxes: a
// number the AudioCodes digit map calls complete goes without Send, a Yealink block-out
// number is refused with "Forbidden Number", and the hotline dials on its own off-hook.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, closeAll } from './browser.mjs';

after(closeAll);

test('the digit map dials a complete number, block-out refuses one, the hotline dials off-hook', async (t) => {
  const plan = `&digitmap=${encodeURIComponent('[2-9]11|1xxx')}&blockout=${encodeURIComponent('20x.')}&hotline=1002:2`;
  const alice = await openRegistered('alice', { params: plan });
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));

  await alice.dial('1002'); // four digits starting with 1: complete, no Send
  await bob.waitState('ringing');
  await alice.press('End call');
  await bob.waitState('idle');
  await alice.waitState('idle');

  await alice.dial('2000'); // matches no digit-map rule: it waits for Send
  await alice.press('Send');
  await alice.waitFor('the refusal', async () => (await alice.screen()).includes('Forbidden Number'));
  assert.equal(await bob.state(), 'idle');
  await alice.screenshot('dialing-forbidden.png');

  await alice.waitFor('the notice to go', async () => !(await alice.screen()).includes('Forbidden Number'));
  await alice.press('Speaker'); // off-hook: the hotline after two seconds
  await bob.waitState('ringing', 6000);
  await alice.press('End call');
  await bob.waitState('idle');
});

test('a phone forwarding every call sends the caller on to the target with a 302', async (t) => {
  const alice = await openRegistered('alice');
  const bob = await openRegistered('bob', { params: '&fwd=always:1003' });
  const carol = await openRegistered('carol');
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  assert.equal(await bob.page.locator('.icon[data-icon="Forward"]').count(), 1);
  await alice.dial('1002');
  await alice.press('Send');
  await carol.waitState('ringing'); // alice's INVITE followed bob's redirect
  assert.equal(await bob.state(), 'idle', 'bob never rang');
  await carol.pressSoft('Answer');
  await alice.waitState('talking');
  await alice.pressSoft('End');
  await carol.waitState('idle');
  await bob.press('Down'); // missed calls: none; the call is in the forwarded list
  await bob.press('Left');
  await bob.press('Menu');
  await bob.press('Down'); // past Messages
  await bob.press('OK'); // History
  const rows = await bob.screen();
  assert.ok(rows.includes('Forwarded calls (1)'), `${rows}`);
});

test('holding a digit dials its speed dial (420HD); holding # locks the CP860', async (t) => {
  const dave = await openRegistered('dave', { params: '&profile=audiocodes-420hd&speeddial=3:1003' });
  const carol = await openRegistered('carol');
  const eve = await openRegistered('eve', { params: '&profile=yealink-cp860' });
  t.after(() => Promise.all([dave, carol, eve].map((p) => p.close())));
  await dave.hold('3');
  await carol.waitState('ringing');
  assert.ok(!(await dave.screen()).includes('3'), 'the held key is not typed as a digit');
  await dave.press('End call');
  await carol.waitState('idle');

  await eve.hold('#');
  await eve.waitFor('the lock icon', async () => (await eve.page.locator('.icon[data-icon="Keypad locked"]').count()) === 1);
});

test('the SayHi prefix table takes the 9 off an outside-line number', async (t) => {
  const carol = await openRegistered('carol', { params: `&prefixrules=${encodeURIComponent('prefix=9,delete=0:1')}` });
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([carol, bob].map((p) => p.close())));
  await carol.dial('91002');
  await carol.press('Send');
  await bob.waitState('ringing');
  assert.ok(carol.log.some((l) => l.includes('sent INVITE sip:1002@')), 'the 9 is gone on the wire');
  await carol.press('End call');
  await bob.waitState('idle');
});
