// Text messages (RFC 3428) through Kamailio: sipp and the native phone write to the browser
// phone, which answers 200 and names the sender on its screen.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { openRegistered, closeAll } from './browser.mjs';
import { BIN } from './native.mjs';

const ROOT = path.resolve(import.meta.dirname, '../..');
after(closeAll);

/** The browser phone both tests write to. */
let alice;

async function screenShows(phone, text) {
  await phone.waitFor(`"${text}" on the screen`, async () => (await phone.screen()).join(' | ').includes(text), 8000);
}

test('a MESSAGE from sipp reaches the browser phone, which answers 200', async () => {
  alice = await openRegistered('alice');
  const sipp = spawnSync('sipp', ['-sf', path.join(ROOT, 'lab/sipp/message.xml'), '-s', 'alice', '-key', 'caller', 'sipp',
    '-au', 'sipp', '-ap', 'sipppw', '-m', '1', '-i', '127.0.0.1', '-p', '5087', '-nostdin', '-timeout', '10s', '-timeout_error', '127.0.0.1:5060'], { timeout: 20000 });
  assert.equal(sipp.status, 0, 'sipp got its 200: ' + sipp.stdout.toString().slice(-500));
  await screenShows(alice, 'Message from sipp');
  assert.ok(alice.log.some((l) => l.includes('hello from sipp')), 'the text is in the log');
});

test('the native phone sends a MESSAGE by extension through digest auth to the browser phone', async () => {
  alice ??= await openRegistered('alice');
  const r = spawnSync(BIN, ['--user', 'dave', '--pass', 'davepw', '--server', '127.0.0.1:5060',
    '--transport', 'tcp', '--message', '1001', 'hi from dave', '--seconds', '15'], { timeout: 20000 });
  const out = r.stdout.toString() + r.stderr.toString();
  assert.equal(r.status, 0, out);
  assert.match(out, /screen: .*Message sent/);
  await screenShows(alice, 'Message from dave');
  assert.ok(alice.log.some((l) => l.includes('hi from dave')));
});

test('a message written on the keypad (multi-tap) reaches another browser phone', async (t) => {
  const carol = await openRegistered('carol');
  const dave = await openRegistered('dave');
  t.after(() => Promise.all([carol, dave].map((p) => p.close())));
  await carol.press('Menu');
  await carol.press('OK'); // Messages
  await carol.press('Up'); // the last row: New message
  await carol.press('OK');
  assert.equal(await carol.state(), 'text-entry');
  await carol.dial('1004');
  await carol.press('Down');
  await carol.dial('44'); // h
  await new Promise((r) => setTimeout(r, 1200));
  await carol.dial('444'); // i
  assert.equal((await carol.screen())[2], 'abc: hi_');
  await carol.screenshot('messages-compose.png');
  await carol.pressSoft('Send');
  await dave.waitFor('the message', async () => (await dave.screen()).some((l) => l.includes('Message from carol')));
  await carol.waitFor('sent', async () => (await carol.screen()).includes('Message sent'));
  await dave.press('Message');
  assert.ok((await dave.screen()).includes('carol: hi'), `${await dave.screen()}`);
});
