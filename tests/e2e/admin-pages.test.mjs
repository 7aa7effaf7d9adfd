// The admin pages that are not a form: the Call log, the system log with its levels, the
// forced change of a factory password, and the device preview (`?preview`).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPhone, openRegistered, closeAll, ARTIFACTS } from './browser.mjs';
import { LAB, ladder } from './lab.mjs';

after(closeAll);

test('the Call log page lists a missed call; the system log keeps entries down to its level', async (t) => {
  const alice = await openRegistered('alice');
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await alice.dial('1002');
  await alice.press('Send');
  await bob.waitState('ringing');
  await alice.pressSoft('End');
  await bob.waitState('idle');
  await bob.admin('Call log');
  const missed = bob.page.locator('table.call-log[data-list="Missed calls"] tr');
  await missed.filter({ hasText: 'alice' }).waitFor();
  assert.equal(await missed.count(), 1);
  assert.match(await bob.page.locator('table.call-log[data-list="Dialed calls"]').innerText(), /None/);

  // Info by default: what the phone did, not every message it sent.
  await bob.page.getByRole('button', { name: 'Maintenance' }).click();
  const entries = bob.page.locator('.log-entries tr');
  await entries.first().waitFor();
  assert.equal(await bob.page.locator('.log-entries tr[data-level="debug"]').count(), 0);
  assert.ok(await bob.page.locator('.log-entries tr[data-level="info"]').count() > 0);
  await bob.page.getByLabel('System log: keep entries down to').selectOption('debug');
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Submit' }).click());
  await bob.admin('Maintenance');
  const sent = bob.page.locator('.log-entries tr[data-level="debug"]', { hasText: 'sent REGISTER' });
  await sent.first().waitFor();
  // Shown down to warnings: no informational or debug rows on the page.
  await bob.page.getByLabel('Show entries down to').selectOption('warning');
  assert.equal(await bob.page.locator('.log-entries tr[data-level="debug"], .log-entries tr[data-level="info"]').count(), 0);
  await bob.page.getByLabel('Show entries down to').selectOption('debug');
  await bob.page.screenshot({ path: path.join(ARTIFACTS, 'admin-system-log.png'), fullPage: true });
});

test('with the option on, a factory administrator password must be replaced before any page', async (t) => {
  const bob = await openRegistered('bob');
  t.after(() => bob.close());
  await bob.admin('Security');
  await bob.page.getByLabel('Make the administrator replace a factory password at the first login').check();
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Submit' }).click());
  await bob.admin();
  assert.equal(await bob.page.locator('.admin .tabs').count(), 0, 'no pages yet');
  const form = bob.page.locator('form.change-password');
  await form.getByLabel('New password', { exact: true }).fill('n3w-pass');
  await form.getByLabel('New password again').fill('other');
  await form.getByRole('button', { name: 'Change the password' }).click();
  await form.locator('.error', { hasText: 'The two passwords differ' }).waitFor();
  await form.getByLabel('New password again').fill('n3w-pass');
  await bob.restarted(() => form.getByRole('button', { name: 'Change the password' }).click());
  await bob.admin();
  await bob.page.locator('.login .error', { hasText: 'Wrong user name or password' }).waitFor();
  await bob.admin('Status', { password: 'n3w-pass' });
  assert.equal(await bob.page.locator('.admin .tabs').count(), 1);
});

test('the device preview shows what a device would show with the files given, without registering', async (t) => {
  const admin = await openPhone('preview', { account: false, params: '&preview' });
  t.after(() => admin.close());
  const sockets = [];
  admin.page.on('websocket', (ws) => sockets.push(ws.url()));
  const page = admin.page;
  await page.locator('section.preview').waitFor();
  const files = page.getByLabel('Configuration files (applied in order)');
  // A Yealink common file and the phone's own, picked together: the own file wins.
  await files.setInputFiles([
    { name: 'common.cfg', mimeType: 'text/plain', buffer: Buffer.from('#!version:1.0.0.1\naccount.1.user_name = 2001\naccount.1.label = Site\ndeskphone.key.1 = blf:1002:Bob\n') },
    { name: 'desk.cfg', mimeType: 'text/plain', buffer: Buffer.from('#!version:1.0.0.1\naccount.1.label = Reception\n') },
  ]);
  await page.locator('.summary', { hasText: 'SayHi 6XX with common.cfg, desk.cfg: not registered' }).waitFor();
  await page.locator('.lcd', { hasText: 'Reception' }).first().waitFor();
  assert.match(await page.locator('.dss-keys').innerText(), /Bob/);
  await page.screenshot({ path: path.join(ARTIFACTS, 'preview-sayhi.png'), fullPage: true });
  // The keys work: the menu opens on the previewed phone.
  await admin.press('Menu');
  assert.notEqual(await admin.state(), 'idle');

  // An AudioCodes file names its model: the face becomes that device.
  await files.setInputFiles({ name: '430.cfg', mimeType: 'text/plain', buffer: Buffer.from('system/type=430HD\nvoip/line/0/id=2002\nvoip/line/0/description=Lobby\n') });
  await page.locator('main.phone[data-profile="audiocodes-430hd"]').waitFor();
  await page.locator('.lcd', { hasText: 'Lobby' }).first().waitFor();

  // A bad file: the error, with file and line, and no face.
  await files.setInputFiles({ name: 'bad.cfg', mimeType: 'text/plain', buffer: Buffer.from('#!version:1.0.0.1\nfeatures.dnd_refuse_code = 1\n') });
  await page.locator('.notes li', { hasText: 'bad.cfg:2: features.dnd_refuse_code' }).waitFor();
  assert.equal(await page.locator('main.phone').count(), 0);
  assert.deepEqual(sockets, [], 'the preview opened no connection');
});

test('action URLs set on their page are sent as a call comes, is answered and ends', async (t) => {
  const alice = await openRegistered('alice');
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await bob.admin('Action URL');
  const hook = (event) => `http://127.0.0.1:8001/action/${event}?from=$remote&id=$call_id&mac=$mac&user=$active_user`;
  await bob.page.getByLabel('Incoming call', { exact: true }).fill(hook('incoming'));
  await bob.page.getByLabel('Established', { exact: true }).fill(hook('established'));
  await bob.page.getByLabel('Terminated', { exact: true }).fill(hook('terminated'));
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Submit' }).click());
  const log = path.join(LAB, 'log', 'xml.log');
  const mark = fs.readFileSync(log, 'utf8').length;
  await alice.dial('1002');
  await alice.press('Send');
  await bob.waitState('ringing');
  await bob.pressSoft('Answer');
  await alice.waitState('talking');
  await alice.pressSoft('End');
  await bob.waitState('idle');
  let got = [];
  for (let i = 0; i < 40 && got.length < 3; i++) {
    await new Promise((r) => setTimeout(r, 250));
    got = [...fs.readFileSync(log, 'utf8').slice(mark).matchAll(/"GET \/action\/(\w+)\?([^ ]*) HTTP/g)].map((m) => [m[1], m[2]]);
  }
  assert.deepEqual(got.map(([e]) => e), ['incoming', 'established', 'terminated'], fs.readFileSync(log, 'utf8').slice(mark));
  const [, query] = got[0];
  assert.match(query, /^from=sip:alice@127\.0\.0\.1&id=[^&]+&mac=[0-9a-f]{12}&user=bob$/);
  // One call: the same Call-ID in all three.
  const ids = got.map(([, q]) => q.match(/id=([^&]+)/)[1]);
  assert.equal(new Set(ids).size, 1, ids.join(' '));
});

test('a key set up with the key editor (type, value, label) is on the face after the restart', async (t) => {
  const bob = await openRegistered('bob');
  t.after(() => bob.close());
  await bob.admin('Programmable keys');
  const key = bob.page.locator('label.field[data-param="deskphone.key.1"]');
  await key.getByLabel('Type').selectOption('blf');
  await key.getByLabel('Value').fill('1003');
  await key.getByLabel('Label').fill('Carol');
  await bob.page.screenshot({ path: path.join(ARTIFACTS, 'admin-key-editor.png'), fullPage: true });
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Submit' }).click());
  assert.match(await bob.page.locator('.dss-keys').innerText(), /Carol/);
  // The editor shows the key as stored; a type of none removes it.
  await bob.admin('Programmable keys');
  assert.equal(await key.getByLabel('Type').inputValue(), 'blf');
  assert.equal(await key.getByLabel('Value').inputValue(), '1003');
  await key.getByLabel('Type').selectOption('');
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Submit' }).click());
  assert.equal(await bob.page.locator('.dss-keys').count(), 0);
});

test('the codecs set on the Audio page are the only ones the phone offers, and the call connects', async (t) => {
  const alice = await openRegistered('alice');
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await bob.admin('Audio');
  await bob.page.getByLabel('Codecs, in preference order').fill('PCMA, G722');
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Submit' }).click());
  const mark = ladder.mark();
  await bob.dial('1001');
  await bob.press('Send');
  await alice.waitState('ringing');
  await alice.pressSoft('Answer');
  await bob.waitState('talking');
  await ladder.save('admin-codecs.txt', mark);
  const [offer] = ladder.mediaOf('INVITE', mark);
  assert.ok(offer, 'the INVITE had an SDP');
  // PCMA (8) first, then G722 (9), then telephone-event; no opus (111), no PCMU (0).
  const formats = offer.split(' ').slice(3);
  assert.deepEqual(formats.slice(0, 2), ['8', '9'], offer);
  assert.ok(!formats.includes('0') && !formats.includes('111'), offer);
  await bob.pressSoft('End');
  await alice.waitState('idle');
});
