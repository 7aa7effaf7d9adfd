// Auto provisioning against the lab's HTTP server: a phone opened with only a server URL
// fetches its files at start (common file, then its own, with credentials) and registers
// with what they say; AudioCodes includes are followed, "Provision now" applies a changed
// file, a cycle or a bad value applies nothing, and the Status page says what happened.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { openPhone, openRegistered, closeAll, ARTIFACTS } from './browser.mjs';
import { ladder } from './lab.mjs';

after(closeAll);

const SERVER = 'http://127.0.0.1:8001';
const SPOOL = path.join(process.env.LAB, 'spool');

/** Write `text` as the lab server's /spool/NAME. */
function spool(name, text) {
  fs.mkdirSync(path.dirname(path.join(SPOOL, name)), { recursive: true });
  fs.writeFileSync(path.join(SPOOL, name), text);
}

/** The last provisioning report's lines, as the admin pages show them. */
async function report(phone) {
  return (await phone.page.locator('.provision-report li').allInnerTexts()).map((s) => s.trim());
}

test('a phone with only a server URL provisions itself at start and registers with what the files say', async (t) => {
  const alice = await openRegistered('alice');
  // Credentials in the URL; the CP860 fetches its common file, then its own (device id desk-101).
  const server = encodeURIComponent(`http://prov:provpw@127.0.0.1:8001/prov/secure/`);
  const dave = await openPhone('dave', { account: false, params: `&profile=yealink-cp860&device=desk-101&provision=${server}` });
  t.after(() => Promise.all([alice, dave].map((p) => p.close())));
  // While it fetches (the lab's server answers slowly there), it shows which file and how far.
  const progress = dave.page.locator('.booting .provision-progress');
  await progress.filter({ hasText: `File 2 of 2: ${SERVER}/prov/secure/desk-101.cfg` }).waitFor();
  assert.equal(await progress.locator('progress').getAttribute('value'), '1');
  await dave.page.screenshot({ path: path.join(ARTIFACTS, 'provision-booting.png') });
  await dave.waitRegistered();
  await dave.admin('Status');
  const lines = await report(dave);
  assert.equal(lines[0], 'Provisioned: 5 values changed', lines.join('\n'));
  assert.ok(lines.includes(`${SERVER}/prov/secure/y000000000037.cfg: 3 values`), lines.join('\n'));
  assert.ok(lines.includes(`${SERVER}/prov/secure/desk-101.cfg: 3 values`), lines.join('\n'));
  // The phone's own file wins over the common one: its label, its account.
  const account = dave.page.locator('.accounts tr', { hasText: 'Line 1' });
  await account.filter({ hasText: 'Room 101' }).filter({ hasText: 'Registered' }).waitFor();
  assert.equal(await dave.page.locator('.device-id').innerText(), 'desk-101');
  await dave.page.screenshot({ path: path.join(ARTIFACTS, 'provision-status.png'), fullPage: true });
  // The provisioned account takes calls: alice reaches dave's extension.
  const mark = ladder.mark();
  await alice.dial('1004');
  await alice.press('Send');
  await dave.waitState('ringing');
  await ladder.waitFor(mark, /SIP\/2\.0 180/, 'the 180 from dave');
  await alice.pressSoft('End');
  await dave.waitState('idle');
  await ladder.save('provision-start.txt', mark);
});

test('AudioCodes includes are followed; Provision now applies a changed file; a cycle applies nothing', async (t) => {
  const file = 'ac/430HD_desk-102.cfg';
  spool(file, 'system/type=430HD\nvoip/services/reject_code=CODE_486\ninclude site/common.cfg\nvoip/line/0/description=Desk 102\n');
  spool('ac/site/common.cfg', 'voip/services/reject_code=CODE_603\nvoip/line/0/description=Site\n');
  const alice = await openRegistered('alice');
  const url = encodeURIComponent(`${SERVER}/spool/ac/<MODEL>_<MAC>.cfg`);
  const bob = await openRegistered('bob', { params: `&profile=audiocodes-430hd&device=desk-102&provision=${url}` });
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));

  /** alice calls bob, bob rejects: the answer code on the wire. */
  async function rejected(code) {
    const mark = ladder.mark();
    await alice.dial('1002');
    await alice.press('Send');
    await bob.waitState('ringing');
    await bob.pressSoft('Reject');
    await ladder.waitFor(mark, new RegExp(`SIP/2\\.0 ${code}`), `the ${code}`);
    await alice.waitState('idle');
    return ladder.save(`provision-reject-${code}.txt`, mark);
  }
  // The include's code came after the file's own line, so it wins; the label after the include.
  await rejected(603);
  // The 430HD's admin password is 1234 by default.
  await bob.admin('Status', { password: '1234' });
  await bob.page.locator('.accounts tr', { hasText: 'Desk 102' }).waitFor();
  const lines = await report(bob);
  assert.ok(lines.includes(`${SERVER}/spool/ac/430HD_desk-102.cfg: 3 values`), lines.join('\n'));
  assert.ok(lines.includes(`${SERVER}/spool/ac/site/common.cfg: 2 values`), lines.join('\n'));

  // The site changes its file: Provision now fetches it, and the phone restarts with it.
  spool('ac/site/common.cfg', 'voip/line/0/description=Site\n');
  await bob.page.getByRole('button', { name: 'Auto provision' }).click();
  const loaded = bob.page.waitForEvent('load', { timeout: 15000 });
  await bob.page.getByRole('button', { name: 'Provision now' }).click();
  await loaded;
  await bob.waitRegistered();
  await rejected(486);

  // A cycle: refused, nothing changes, no restart; the page says why.
  spool('ac/site/common.cfg', 'voip/services/reject_code=CODE_603\ninclude ../430HD_desk-102.cfg\n');
  await bob.admin('Auto provision', { password: '1234' });
  await bob.page.getByRole('button', { name: 'Provision now' }).click();
  const failed = bob.page.locator('.provision-report li', { hasText: 'Provisioning failed: nothing applied' });
  await failed.waitFor();
  const after = await report(bob);
  assert.ok(after.some((l) => l.endsWith('include ../430HD_desk-102.cfg: includes itself again (a cycle)')), after.join('\n'));
  await bob.page.screenshot({ path: path.join(ARTIFACTS, 'provision-cycle.png'), fullPage: true });
  await rejected(486);
});

test('a file that asks for it is fetched again on schedule, and its change applied', async (t) => {
  spool('rep/desk-104.cfg', '#!version:1.0.0.1\nauto_provision.repeat.enable = 1\nauto_provision.repeat.minutes = 5\nfeatures.normal_refuse_code = 603\n');
  const url = encodeURIComponent(`${SERVER}/spool/rep/`);
  const bob = await openRegistered('bob', { clock: true, params: `&device=desk-104&provision=${url}` });
  t.after(() => bob.close());
  spool('rep/desk-104.cfg', '#!version:1.0.0.1\nauto_provision.repeat.enable = 1\nauto_provision.repeat.minutes = 5\nfeatures.normal_refuse_code = 480\n');
  // Five minutes on: the phone fetches its file again, stores the change and restarts.
  const loaded = bob.page.waitForEvent('load', { timeout: 15000 });
  await bob.page.clock.fastForward('05:01');
  await loaded;
  await bob.waitRegistered();
  await bob.admin('Features');
  assert.equal(await bob.page.getByLabel('Reject answer code').inputValue(), '480');
  await bob.page.getByRole('button', { name: 'Status', exact: true }).click();
  // The run at the restart found the file as the phone now has it.
  const lines = await report(bob);
  assert.equal(lines[0], 'Provisioned: no change', lines.join('\n'));
});

test('a bad file or a refused password leaves the phone on its stored configuration and says why', async (t) => {
  const bob = await openRegistered('bob', { params: `&device=desk-103&provision=${encodeURIComponent(`${SERVER}/prov/bad/`)}` });
  const carol = await openRegistered('carol', { params: `&provision=${encodeURIComponent(`${SERVER}/prov/secure/`)}` });
  t.after(() => Promise.all([bob, carol].map((p) => p.close())));
  await bob.admin('Status');
  const lines = await report(bob);
  assert.equal(lines[0], 'Provisioning failed: nothing applied');
  assert.ok(lines.some((l) => l.startsWith(`${SERVER}/prov/bad/desk-103.cfg:3: features.dnd_refuse_code: "499" is not allowed`)), lines.join('\n'));
  // Nothing of the file: the forward on line 2 was not applied either.
  assert.equal(await bob.page.locator('.icon[data-icon="Forward"]').count(), 0);
  await carol.admin('Status');
  const refused = await report(carol);
  assert.ok(refused.some((l) => /\/prov\/secure\/[0-9a-f]{12}\.cfg: HTTP 401: user name or password refused$/.test(l)), refused.join('\n'));
});
