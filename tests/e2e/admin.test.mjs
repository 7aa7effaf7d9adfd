// The web admin pages: a setting changed on a page, or by an imported provisioning file,
// changes what the phone does on the wire, survives a restart, and can be exported and reset.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openRegistered, closeAll, ARTIFACTS } from './browser.mjs';
import { ladder } from './lab.mjs';

after(closeAll);

test('the DND answer code set on the Features page is what a caller gets, after a restart too', async (t) => {
  const alice = await openRegistered('alice');
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  const alert = bob.page.locator('.login .error');
  await bob.admin(null, { password: 'wrong' });
  await assert.doesNotReject(alert.filter({ hasText: 'Wrong user name or password (4 tries left)' }).waitFor());
  await bob.admin();
  await bob.page.getByRole('button', { name: 'Features' }).click();
  await bob.page.getByLabel('Do not disturb', { exact: true }).check();
  await bob.page.getByLabel('DND answer code').selectOption('480');
  await bob.page.screenshot({ path: path.join(ARTIFACTS, 'admin-features.png'), fullPage: true });
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Submit' }).click());
  assert.equal(await bob.page.locator('.icon[data-icon="DND"]').count(), 1, 'DND is on after the restart');
  const mark = ladder.mark();
  await alice.dial('1002');
  await alice.press('Send');
  await ladder.waitFor(mark, /SIP\/2\.0 480/, 'the 480');
  await alice.waitState('idle');
  assert.ok(!ladder.lines().slice(mark).some((l) => / 486 /.test(l)), 'no 486');
  await ladder.save('admin-dnd-480.txt', mark);
  // The page shows the stored value.
  await bob.admin();
  await bob.page.getByRole('button', { name: 'Features' }).click();
  assert.equal(await bob.page.getByLabel('DND answer code').inputValue(), '480');
  assert.equal(await bob.page.getByLabel('Do not disturb', { exact: true }).isChecked(), true);
});

test('an imported Yealink file forwards calls; a bad one changes nothing; export and factory reset', async (t) => {
  const alice = await openRegistered('alice');
  const bob = await openRegistered('bob');
  const carol = await openRegistered('carol');
  t.after(() => Promise.all([alice, bob, carol].map((p) => p.close())));
  await bob.admin();
  await bob.page.getByRole('button', { name: 'Maintenance' }).click();
  const file = bob.page.getByLabel('Import a configuration file');
  const status = bob.page.locator('.maintenance .result');
  // A bad value: named with its file, line and allowed values; nothing is applied.
  await file.setInputFiles({
    name: 'bad.cfg', mimeType: 'text/plain',
    buffer: Buffer.from('#!version:1.0.0.1\nforward.always.enable = 1\nfeatures.dnd_refuse_code = 500\n'),
  });
  await status.filter({ hasText: 'bad.cfg:3: features.dnd_refuse_code: "500" is not allowed; allowed: 404, 480, 486, 603' }).waitFor();
  assert.equal(await bob.page.locator('.icon[data-icon="Forward"]').count(), 0, 'nothing applied');
  // The CP860 guide's forward parameters, and one this phone does not have.
  await bob.restarted(() => file.setInputFiles({
    name: 'y000000000037.cfg', mimeType: 'text/plain',
    buffer: Buffer.from('#!version:1.0.0.1\n# forward everything to carol\nforward.always.enable = 1\n' +
      'forward.always.target = 1003\nnetwork.vlan.internet_port_enable = 0\n'),
  }));
  assert.equal(await bob.page.locator('.icon[data-icon="Forward"]').count(), 1);
  assert.ok(bob.log.some((l) => l.includes('network.vlan.internet_port_enable: not a parameter of this phone')),
    'the unknown parameter is in the system log');
  const mark = ladder.mark();
  await alice.dial('1002');
  await alice.press('Send');
  await carol.waitState('ringing');
  await ladder.waitFor(mark, /SIP\/2\.0 302/, 'the 302');
  await alice.press('End call');
  await carol.waitState('idle');
  // Export gives the forward back in the guide's names.
  await bob.admin();
  await bob.page.getByRole('button', { name: 'Maintenance' }).click();
  const [download] = await Promise.all([
    bob.page.waitForEvent('download'),
    bob.page.getByRole('button', { name: 'Export (.cfg, Yealink)' }).click(),
  ]);
  const exported = fs.readFileSync(await download.path(), 'utf8');
  assert.match(exported, /^#!version:1\.0\.0\.1\n/);
  assert.match(exported, /\nforward\.always\.enable = 1\n/);
  assert.match(exported, /\nforward\.always\.target = 1003\n/);
  // Factory reset: the forward is gone after the restart.
  await bob.restarted(() => bob.page.getByRole('button', { name: 'Reset to factory defaults' }).click());
  assert.equal(await bob.page.locator('.icon[data-icon="Forward"]').count(), 0);
});

test('the user role sees the user pages; five wrong passwords lock the login', async (t) => {
  const bob = await openRegistered('bob', { params: '&dndcode=404' });
  t.after(() => bob.close());
  await bob.admin(null, { user: 'user' });
  const tabs = await bob.page.locator('.admin .tabs .tab').allInnerTexts();
  assert.deepEqual(tabs, ['Status', 'Features', 'Programmable keys', 'Phonebook', 'Call log', 'Dial plan']);
  // A value the page URL sets is shown, locked.
  await bob.page.getByRole('button', { name: 'Features' }).click();
  const code = bob.page.getByLabel('DND answer code');
  assert.equal(await code.inputValue(), '404');
  assert.equal(await code.isDisabled(), true);
  await bob.page.getByRole('button', { name: 'Log out' }).click();
  for (let i = 0; i < 4; i++) await bob.admin(null, { password: 'nope' });
  await bob.admin(null, { password: 'nope' });
  const alert = bob.page.locator('.login .error');
  await alert.filter({ hasText: 'Too many failed logins' }).waitFor();
  await bob.admin();
  await alert.filter({ hasText: 'Too many failed logins' }).waitFor();
  assert.equal(await bob.page.locator('.admin .tabs').count(), 0, 'still locked out');
});

test('a phonebook imported on the Phonebook page and a contact added on the phone survive a reload', async (t) => {
  const bob = await openRegistered('bob');
  t.after(() => bob.close());
  await bob.admin();
  await bob.page.getByRole('button', { name: 'Phonebook' }).click();
  const contactXml = '<?xml version="1.0" encoding="UTF-8"?>\n<root_group>\n<group display_name="Friend" ring="Auto" />\n' +
    '</root_group>\n<root_contact>\n<contact display_name="Lily" office_number="1020" mobile_number="" other_number="" ' +
    'line="0" ring="Auto" group_id_name="" />\n</root_contact>\n';
  await bob.restarted(() => bob.page.getByLabel('Import a phonebook').setInputFiles({
    name: 'contact.xml', mimeType: 'text/xml', buffer: Buffer.from(contactXml),
  }));
  await bob.press('Directory');
  await bob.press('OK'); // All contacts
  assert.deepEqual(await bob.screen(), ['All contacts', 'Lily 1020', 'Add contact']);
  await bob.press('Down');
  await bob.press('OK'); // Add contact
  await bob.dial('22');
  await new Promise((r) => setTimeout(r, 1200));
  await bob.dial('666'); // b, o
  await bob.press('Down');
  await bob.dial('1003');
  await bob.pressSoft('Save');
  assert.deepEqual(await bob.screen(), ['All contacts', 'Lily 1020', 'bo 1003', 'Add contact']);
  await bob.page.reload();
  await bob.waitRegistered();
  await bob.press('Directory');
  await bob.press('OK');
  assert.deepEqual(await bob.screen(), ['All contacts', 'Lily 1020', 'bo 1003', 'Add contact']);
  // The export has both, in the contact file's form.
  await bob.admin();
  await bob.page.getByRole('button', { name: 'Phonebook' }).click();
  const [download] = await Promise.all([
    bob.page.waitForEvent('download'),
    bob.page.getByRole('button', { name: 'Export phonebook (.xml)' }).click(),
  ]);
  const exported = fs.readFileSync(await download.path(), 'utf8');
  assert.match(exported, /<contact display_name="Lily" office_number="1020"/);
  assert.match(exported, /<contact display_name="bo" office_number="1003"/);
});
