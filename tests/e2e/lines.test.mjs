// A phone with two accounts (lines) on the lab's Kamailio: each line registers over its own
// connection, a call to the second account rings on line 2 and is answered there, and a call
// placed from line 2 goes out as that account.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPhone, closeAll } from './browser.mjs';
import { contacts, wav } from './lab.mjs';
import { account, audioReports, heardTone, nativePhone, runPhone } from './native.mjs';

after(closeAll);

const near = (hz, want) => Math.abs(hz - want) <= want * 0.05;
const twoLines = [...account('frank'), '--line', 'grace:gracepw:Grace'];

test('a native phone with two accounts registers each over its own connection', async () => {
  const r = await runPhone([...twoLines, '--seconds', '3']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /line 1: Registered/);
  assert.match(r.out, /line 2: Registered/);
  const ports = Object.fromEntries([...r.out.matchAll(/line (\d): local 127\.0\.0\.1:(\d+)/g)].map((m) => [m[1], m[2]]));
  assert.ok(ports['1'] && ports['2'] && ports['1'] !== ports['2'], `two sockets: ${JSON.stringify(ports)}`);
  // Both lines are removed when the phone is switched off.
  assert.match(r.out, /line 1: unregistered[\s\S]*line 2: unregistered/);
  assert.deepEqual(contacts('frank'), []);
  assert.deepEqual(contacts('grace'), []);
});

test('a native phone: a call to its second account rings on line 2, and a call from line 2 goes out as that account', async () => {
  const multi = nativePhone([...twoLines, '--answer', '--tone', '880', '--rtp-ports', '16500-16599', '--seconds', '25']);
  await multi.waitFor(/line 2: Registered/);
  // While both lines are registered, Kamailio holds each binding at its own socket.
  const ports = Object.fromEntries([...multi.out.matchAll(/line (\d): local 127\.0\.0\.1:(\d+)/g)].map((m) => [m[1], m[2]]));
  assert.ok(contacts('frank').some((c) => c.includes(`:${ports['1']}`)), `frank at line 1's port: ${contacts('frank')}`);
  assert.ok(contacts('grace').some((c) => c.includes(`:${ports['2']}`)), `grace at line 2's port: ${contacts('grace')}`);

  const dave = await runPhone([...account('dave'), '--call', '1007', '--tone', '440', '--hangup-after', '3', '--rtp-ports', '16600-16699', '--seconds', '20']);
  const m = await multi.done;
  assert.equal(dave.code, 0, dave.out);
  assert.equal(m.code, 0, m.out);
  assert.match(m.out, /screen: Incoming call \| dave \| sip:dave@\S+ \| To: Grace/);
  assert.ok(near(heardTone(m.out), 440), `line 2 hears dave's 440 Hz: ${m.out}`);
  assert.ok(near(heardTone(dave.out), 880), `dave hears the two-line phone's 880 Hz: ${dave.out}`);
  assert.ok(audioReports(m.out).length > 0 && audioReports(m.out).every((r) => r.call.startsWith('2.')), 'the call is line 2\'s');

  // Now the two-line phone calls dave from line 2: dave's screen names grace, not frank.
  const callee = nativePhone([...account('dave'), '--answer', '--tone', '440', '--rtp-ports', '16600-16699', '--seconds', '25']);
  await callee.waitFor(/line 1: Registered/);
  const caller = await runPhone([...twoLines, '--from-line', '2', '--call', '1004', '--tone', '880', '--hangup-after', '3', '--rtp-ports', '16500-16599', '--seconds', '20']);
  const d = await callee.done;
  assert.equal(caller.code, 0, caller.out);
  assert.match(d.out, /screen: Incoming call \| grace \| sip:grace@/);
  assert.ok(near(heardTone(d.out), 880), `dave hears line 2's 880 Hz: ${d.out}`);
});

test('a browser phone with two accounts: both line keys register, a call to line 2 flashes its lamp and its line key answers', async () => {
  const alice = await openPhone('alice', { wav: wav(700, 48000), params: '&label=Alice&user2=carol&pass2=carolpw&label2=Carol' });
  const status = (n) => alice.page.locator(`.line-key[aria-label="Line ${n}"]`).getAttribute('data-status');
  await alice.waitFor('both lines registered', async () => (await status(1)) === 'registered' && (await status(2)) === 'registered');
  assert.deepEqual(await alice.page.locator('.line-key-label').allInnerTexts(), ['Alice', 'Carol']);
  assert.equal(alice.log.filter((l) => /line \d: connected to ws:/.test(l)).length, 2, 'one WebSocket per line');
  await alice.screenshot('lines-browser-idle.png');

  const bob = await openPhone('bob', { wav: wav(1300, 48000) });
  await bob.waitRegistered();
  await bob.dial('1003');
  await bob.press('Send');
  await alice.waitState('ringing');
  assert.deepEqual(await alice.lamp('line2'), { color: 'red', pattern: 'fast-blink' });
  assert.deepEqual(await alice.lamp('line1'), { color: 'off', pattern: 'off' });
  assert.ok((await alice.screen()).includes('To: Carol'), `${await alice.screen()}`);
  await alice.screenshot('lines-browser-ringing-line2.png');
  await alice.press('Line 2');
  await alice.waitState('talking');
  await bob.waitState('talking');
  assert.deepEqual(await alice.lamp('line2'), { color: 'green', pattern: 'steady' });
  await alice.waitTone(1300);
  await bob.waitTone(700);
  await alice.pressSoft('End');
  await bob.waitState('idle');
});
