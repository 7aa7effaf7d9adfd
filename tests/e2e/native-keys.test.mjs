// The native phone's programmable keys and message waiting, set from its command line: a BLF
// key follows a browser phone's extension through Kamailio's presence (its lamp is printed),
// and a voicemail server's message summary lights the Message lamp.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, closeAll } from './browser.mjs';
import { sippRun } from './lab.mjs';
import { account, nativePhone } from './native.mjs';

after(closeAll);

test('a native BLF key follows bob ringing, and MWI lights the Message lamp', async (t) => {
  const dave = nativePhone([...account('dave'), '--key', 'blf:1002:Bob', '--mwi', '--vm', '1090', '--seconds', '25']);
  t.after(() => dave.kill());
  // dave, not frank or grace: lines.test.mjs and the native call tests need those two to themselves.
  await dave.waitFor(/line 1: Registered/);
  await dave.waitFor(/lamp dss1: Green Steady/); // bob idle
  const bob = await openRegistered('bob');
  const carol = await openRegistered('carol');
  t.after(() => Promise.all([bob, carol].map((p) => p.close())));
  await carol.dial('1002');
  await carol.press('Send');
  await bob.waitState('ringing');
  await dave.waitFor(/lamp dss1: Red FastBlink/);
  await carol.press('End call');
  await bob.waitState('idle');
  await dave.waitFor(/lamp dss1: Green Steady[\s\S]*lamp dss1: Red FastBlink[\s\S]*lamp dss1: Green Steady/);

  const vm = await sippRun('mwi-publish.xml', ['-s', 'dave', '-au', 'vm', '-ap', 'vmpw', '-m', '1', '-p', '5089', '127.0.0.1:5060']).done;
  assert.equal(vm.code, 0, vm.out);
  await dave.waitFor(/lamp message: Red Steady/);
  assert.match(dave.out, /2 New Voicemails/);
});
