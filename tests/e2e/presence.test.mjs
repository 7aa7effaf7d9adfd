// Subscriptions through Kamailio's presence server: a BLF key follows the watched phone
// (dialog event package, published by pua_dialoginfo) from idle to ringing to busy and back,
// and a voicemail server's message summary (sipp PUBLISHing as "vm") lights the Message
// lamp and counts the voicemails on the idle screen; the Message key calls the voicemail.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, closeAll } from './browser.mjs';
import { sippRun, wav } from './lab.mjs';

after(closeAll);

test('a BLF key shows bob idle, ringing and busy, and calls him', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: '&keys=blf:1002:Bob,dnd,speed:1003:Carol' });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const carol = await openRegistered('carol', { wav: wav(1900, 48000) });
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  const blf = () => alice.lamp('dss1');
  const is = (color, pattern) => async () => { const l = await blf(); return (l.color === color && l.pattern === pattern) || l; };
  await alice.waitFor('bob idle', is('green', 'steady'));
  assert.deepEqual(await alice.page.locator('.dss-key-label').allInnerTexts(), ['Bob', 'DND', 'Carol']);

  await carol.dial('1002');
  await carol.press('Send');
  await bob.waitState('ringing');
  await alice.waitFor('bob ringing', is('red', 'fast-blink'));
  await alice.screenshot('presence-blf-ringing.png');
  await bob.pressSoft('Answer');
  await alice.waitFor('bob busy', is('red', 'steady'));
  await carol.pressSoft('End');
  await bob.waitState('idle');
  await alice.waitFor('bob idle again', is('green', 'steady'));

  await alice.press('Bob'); // the BLF key calls him
  await bob.waitState('ringing');
  await alice.press('End call');
  await bob.waitState('idle');
});

test('a message summary lights the Message lamp and the Message key calls the voicemail', async () => {
  const alice = await openRegistered('alice', { params: '&mwi=1&vm=1090' });
  assert.deepEqual(await alice.lamp('message'), { color: 'off', pattern: 'off' });
  // Give the SUBSCRIBE time to reach the presence server, then publish as the voicemail.
  await new Promise((r) => setTimeout(r, 1000));
  const vm = await sippRun('mwi-publish.xml', ['-s', 'alice', '-au', 'vm', '-ap', 'vmpw', '-m', '1', '-p', '5088', '127.0.0.1:5060']).done;
  assert.equal(vm.code, 0, vm.out);
  await alice.waitFor('the message lamp', async () => (await alice.lamp('message')).color === 'red');
  await alice.waitFor('the voicemail count', async () => (await alice.screen()).includes('2 New Voicemails'));
  assert.equal(await alice.page.locator('.icon[data-icon="Voicemail"]').count(), 1);
  await alice.screenshot('presence-mwi.png');
  await alice.press('Message');
  await alice.waitFor('an INVITE to the voicemail', async () => alice.log.some((l) => l.includes('sent INVITE sip:1090@')));
});

test('a BLF key of a ringing extension picks the call up (Replaces to the caller)', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: '&keys=blf:1002:Bob' });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const carol = await openRegistered('carol', { wav: wav(1900, 48000) });
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  await alice.waitFor('bob idle', async () => (await alice.lamp('dss1')).color === 'green');

  await carol.dial('1002');
  await carol.press('Send');
  await bob.waitState('ringing');
  await alice.waitFor('bob ringing', async () => (await alice.lamp('dss1')).pattern === 'fast-blink');
  await alice.press('Bob');
  // Carol's phone hands the call over: alice talks to carol, bob stops ringing.
  await alice.waitState('talking');
  await carol.waitState('talking');
  await bob.waitState('idle');
  assert.ok(carol.log.some((l) => l.includes('sent CANCEL')), 'carol cancels the call to bob');
  await alice.waitTone(1900);
  await carol.waitTone(700);
  await alice.screenshot('presence-pickup.png');
  await alice.press('End call');
  await carol.waitState('idle');
});

test('a BLF list key subscribes to Kamailio\'s list server: its members take the next keys and follow bob ringing', async (t) => {
  // lab/kamailio: sip:sales@127.0.0.1 is an rls-services list of bob and carol (RFC 4662).
  const alice = await openRegistered('alice', { params: '&keys=blf-list:sales:Sales' });
  const bob = await openRegistered('bob');
  const carol = await openRegistered('carol');
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  const labels = () => alice.page.locator('.dss-key-label').allInnerTexts();
  await alice.waitFor('the list members', async () => (await labels()).length === 3, 15000);
  // Kamailio's RLMI names members by URI alone, so their keys show the extension.
  assert.deepEqual(await labels(), ['Sales', 'bob', 'carol']);
  const lamp = (key, color, pattern) => async () => { const l = await alice.lamp(key); return l.color === color && l.pattern === pattern; };
  await alice.waitFor('bob idle', lamp('dss2', 'green', 'steady'), 15000);
  await carol.dial('1002');
  await carol.press('Send');
  await bob.waitState('ringing');
  await alice.waitFor('bob ringing on his member key', lamp('dss2', 'red', 'fast-blink'), 15000);
  await alice.screenshot('presence-blf-list-ringing.png');
  await carol.press('End call');
  await bob.waitState('idle');
  await alice.waitFor('bob idle again', lamp('dss2', 'green', 'steady'), 15000);
});
