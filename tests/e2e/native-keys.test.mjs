// The native phone's programmable keys and message waiting, set from its command line: a BLF
// key follows a browser phone's extension through Kamailio's presence (its lamp is printed),
// and a voicemail server's message summary lights the Message lamp. The watched extension is
// eve's: once, after menus.test.mjs, the presence server still reported bob ringing for over
// ten seconds.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, closeAll } from './browser.mjs';
import { sippRun } from './lab.mjs';
import { account, nativePhone } from './native.mjs';

after(closeAll);

test('a native BLF key follows eve ringing, and MWI lights the Message lamp', async (t) => {
  const dave = nativePhone([...account('dave'), '--key', 'blf:1005:Eve', '--mwi', '--vm', '1090', '--seconds', '25']);
  t.after(() => dave.kill());
  // dave, not frank or grace: lines.test.mjs and the native call tests need those two to themselves.
  await dave.waitFor(/line 1: Registered/);
  // What the native phone printed since `mark`, matched against `re` (the presence server may
  // still report a state from an earlier test when the key first subscribes).
  const since = (mark, re) => dave.waitFor(new RegExp(`[\\s\\S]{${mark}}[\\s\\S]*${re.source}`));
  await dave.waitFor(/lamp dss1: (Green|Red)/); // the first NOTIFY came
  const eve = await openRegistered('eve');
  const carol = await openRegistered('carol');
  t.after(() => Promise.all([eve, carol].map((p) => p.close())));
  let mark = dave.out.length;
  await carol.dial('1005');
  await carol.press('Send');
  await eve.waitState('ringing');
  await since(mark, /lamp dss1: Red FastBlink/);
  mark = dave.out.length;
  await carol.press('End call');
  await eve.waitState('idle');
  await since(mark, /lamp dss1: Green Steady/);

  const vm = await sippRun('mwi-publish.xml', ['-s', 'dave', '-au', 'vm', '-ap', 'vmpw', '-m', '1', '-p', '5089', '127.0.0.1:5060']).done;
  assert.equal(vm.code, 0, vm.out);
  await dave.waitFor(/lamp message: Red Steady/);
  assert.match(dave.out, /2 New Voicemails/);
});
