// Several calls at once on a browser phone, through Kamailio and rtpengine: answering a
// waiting call holds the first (its caller hears silence, the new one hears us), Swap
// changes over, and Mute silences the microphone on the call with its lamp lit.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, callAndAnswer, closeAll } from './browser.mjs';
import { ladder, registerSippUas, sippRun, wav } from './lab.mjs';

after(closeAll);

test('the flashing line key answers a waiting call and holds the first; Swap changes over', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000) });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const carol = await openRegistered('carol', { wav: wav(1900, 48000) });
  // Closed even when the test fails, so that the next test's calls do not fork to these pages.
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  await callAndAnswer(bob, alice, '1001');
  await alice.waitTone(1300);

  await carol.dial('1001');
  await carol.press('Send');
  await alice.waitFor('the waiting call', async () => (await alice.screen()).includes('Waiting: carol'));
  assert.equal(await alice.state(), 'talking', 'bob keeps the screen');
  assert.deepEqual(await alice.lamp('line1'), { color: 'red', pattern: 'fast-blink' });
  await alice.screenshot('calls-waiting.png');

  await alice.press('Line 1');
  await bob.waitState('held-by-remote');
  await carol.waitState('talking');
  await carol.waitTone(700);
  await alice.waitTone(1900);
  await bob.waitSilence();
  assert.ok((await alice.screen()).includes('Held: bob'), `${await alice.screen()}`);
  await alice.screenshot('calls-two-calls.png');

  await alice.pressSoftOrMore('Swap'); // two calls: Swap is on the second page
  await carol.waitState('held-by-remote');
  await bob.waitState('talking');
  await bob.waitTone(700);
  await alice.waitTone(1300);
  await carol.waitSilence();
  assert.ok((await alice.screen()).includes('Held: carol'), `${await alice.screen()}`);

  // Bob hangs up: carol is still held, and Resume brings her back.
  await bob.press('End call');
  await alice.waitState('held');
  await alice.pressSoft('Resume');
  await carol.waitState('talking');
  await carol.waitTone(700);
  await alice.pressSoft('End');
  await carol.waitState('idle');
});

test('Mute sends silence on the call and lights the Mute key; pressed again, the tone is back', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000) });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await callAndAnswer(alice, bob, '1002');
  await bob.waitTone(700);
  await alice.press('Mute');
  await bob.waitSilence();
  assert.deepEqual(await alice.lamp('mute'), { color: 'red', pattern: 'steady' });
  await alice.waitTone(1300); // alice still hears bob
  await alice.screenshot('calls-muted.png');
  await alice.press('Mute');
  await bob.waitTone(700);
  assert.deepEqual(await alice.lamp('mute'), { color: 'off', pattern: 'off' });
  await alice.pressSoft('End');
  await bob.waitState('idle');
});

test('an intercom key calls bob, whose phone answers by itself', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: '&keys=intercom:1002:Bob' });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await alice.press('Bob');
  await bob.waitState('talking'); // nobody pressed anything at bob's
  await alice.waitState('talking');
  await bob.waitTone(700);
  await alice.waitTone(1300);
  await alice.press('End call');
  await bob.waitState('idle');
});

test('the Record key asks the server to record (INFO Record: on/off); the lamp flashes meanwhile', async (t) => {
  registerSippUas();
  const server = sippRun('record-uas.xml', ['-p', '5090', '-mp', '21000', '-m', '1', '-timeout', '40s', '-timeout_error']);
  t.after(() => server.kill());
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: '&keys=record' });
  t.after(() => alice.close());
  const mark = ladder.mark();
  const recIcon = () => alice.page.locator('.icon[data-icon="Recording"]').count();
  await alice.dial('1090');
  await alice.press('Send');
  await alice.waitState('talking');
  assert.deepEqual(await alice.lamp('dss1'), { color: 'off', pattern: 'off' });
  await alice.press('Record');
  await alice.waitFor('the recording icon', async () => (await recIcon()) === 1);
  assert.deepEqual(await alice.lamp('dss1'), { color: 'red', pattern: 'slow-blink' });
  await alice.screenshot('record-on.png');
  await alice.press('Record');
  await alice.waitFor('the icon gone', async () => (await recIcon()) === 0);
  assert.deepEqual(await alice.lamp('dss1'), { color: 'off', pattern: 'off' });
  await alice.press('End call');
  await alice.waitState('idle');
  const r = await server.done;
  assert.equal(r.code, 0, `the server saw Record: on, then Record: off, then BYE: ${r.out}`);
  const wire = await ladder.save('record.txt', mark);
  assert.match(wire, /INFO sip:/);
});

test('the ACD key logs the agent in, not ready for lunch, and out (as-feature-event SUBSCRIBE/NOTIFY)', async (t) => {
  const server = sippRun('acd-server.xml', ['-p', '5092', '-m', '1', '-timeout', '40s', '-timeout_error']);
  t.after(() => server.kill());
  const alice = await openRegistered('alice', { params: '&keys=acd&acdreasons=1:Lunch,2:Meeting' });
  t.after(() => alice.close());
  const mark = ladder.mark();
  const acdRow = async () => (await alice.screen()).find((r) => r.startsWith('ACD')) ?? '';
  assert.deepEqual(await alice.lamp('dss1'), { color: 'off', pattern: 'off' });
  await alice.press('ACD');
  await alice.waitFor('the ready lamp', async () => (await alice.lamp('dss1')).color === 'green');
  await alice.waitFor('the ACD row', async () => (await acdRow()) === 'ACD: Ready');
  await alice.press('ACD');
  assert.equal((await alice.screen())[0], 'ACD');
  await alice.press('Down');
  await alice.press('Down');
  await alice.press('OK');
  await alice.waitFor('the not-ready lamp', async () => (await alice.lamp('dss1')).color === 'red');
  await alice.waitFor('the reason on the screen', async () => (await acdRow()) === 'ACD: Not ready (Lunch)');
  await alice.screenshot('acd-not-ready.png');
  await alice.press('ACD');
  for (let i = 0; i < 5; i++) await alice.press('Down');
  assert.ok((await alice.screen()).includes('Log out'), await alice.screen());
  await alice.press('OK');
  await alice.waitFor('the dark lamp', async () => (await alice.lamp('dss1')).color === 'off');
  const r = await server.done;
  assert.equal(r.code, 0, `the server saw available, unavailable (reason 1), sign-out: ${r.out}`);
  const wire = await ladder.save('acd.txt', mark);
  // The login goes to the agent's own address; Kamailio hands it to the ACD server, and the
  // state changes follow in that dialog, to the server's contact.
  assert.match(wire, /-> 8080 +SUBSCRIBE sip:alice@127\.0\.0\.1/);
  assert.match(wire, /-> 8080 +SUBSCRIBE sip:acd@127\.0\.0\.1:5092/);
  // The "ACD: Logged out" notice passes, and no ACD row stays.
  await alice.waitFor('no ACD row', async () => (await acdRow()) === '');
});

test('an AudioCodes 420HD agent logs in, gets ready and logs out on the idle soft keys (acd=1)', async (t) => {
  const server = sippRun('acd-softkeys-server.xml', ['-p', '5092', '-m', '1', '-timeout', '40s', '-timeout_error']);
  t.after(() => server.kill());
  const alice = await openRegistered('alice', { params: '&profile=audiocodes-420hd&acd=1' });
  t.after(() => alice.close());
  const softKeys = async () => (await alice.page.locator('.soft-label').allInnerTexts()).map((s) => s.trim());
  const acdRow = async () => (await alice.screen()).find((r) => r.startsWith('ACD')) ?? '';
  assert.deepEqual(await softKeys(), ['Missed', '', 'Login', 'More']);
  await alice.pressSoft('Login');
  await alice.waitFor('logged in, not ready', async () => (await acdRow()) === 'ACD: Not ready');
  await alice.waitFor('the logged-in keys', async () => (await softKeys()).join() === 'ACW,Ready,Logout,More');
  await alice.pressSoft('Ready');
  await alice.waitFor('ready', async () => (await softKeys()).join() === 'ACW,Not Ready,Logout,More');
  await alice.waitFor('the ready row', async () => (await acdRow()) === 'ACD: Ready');
  await alice.screenshot('acd-softkeys-420hd-ready.png');
  await alice.pressSoft('Logout');
  await alice.waitFor('logged out', async () => (await softKeys()).join() === 'Missed,,Login,More');
  const r = await server.done;
  assert.equal(r.code, 0, `the server saw unavailable, available, sign-out: ${r.out}`);
});
