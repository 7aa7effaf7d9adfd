// The phone's own sounds, measured on what the engine sends to the speaker: the ringer
// (1 kHz, 2 s on, 4 s off), ringback at the caller (440+480 Hz) and dial tone off-hook
// (350+440 Hz; the zero-crossing meter reads a tone pair as about its lower tone); and a browser that holds audio back until a gesture gets one clear "Tap to
// enable sound" step.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPhone, openRegistered, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

/** Poll the speaker meter for `ms`, one reading every 250 ms. */
async function speaker(phone, ms) {
  const seen = [];
  for (let t = 0; t < ms; t += 250) {
    seen.push(await phone.meters());
    await new Promise((r) => setTimeout(r, 250));
  }
  return seen;
}

test('an incoming call rings on the speaker with the ringer cadence, and the caller hears ringback', async (t) => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000) });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await alice.press('Speaker');
  await alice.waitTone(350, { meter: 'out', tolerance: 0.1 }); // dial tone 350 + 440 Hz: the meter counts the lower
  await alice.dial('1002');
  await alice.press('Send');
  await bob.waitState('ringing');
  await bob.waitTone(1000, { meter: 'out' });
  await alice.waitTone(440, { meter: 'out', tolerance: 0.1 }); // ringback 440 + 480 Hz
  // Six seconds of the ringer: about two on, four off.
  const levels = (await speaker(bob, 6000)).map((m) => m.outRms > 0.02);
  const on = levels.filter(Boolean).length;
  assert.ok(on >= 5 && on <= 12, `ringer on for ${on} of ${levels.length} readings: ${levels}`);
  await bob.pressSoft('Answer');
  await alice.waitState('talking');
  await bob.waitTone(700); // the far end, and no more ringing
  const after = await speaker(bob, 1500);
  assert.ok(after.every((m) => Math.abs(m.outFreq - 1000) > 100), `ringer stopped: ${JSON.stringify(after)}`);
  await alice.pressSoft('End');
  await bob.waitState('idle');
});

test('where the browser holds audio back, the face asks for one tap and then plays', async () => {
  const carol = await openPhone('carol', { autoplay: false });
  // Wait on the page's console, not in the page: a script Playwright runs in the page counts
  // as a user gesture, and an audio context made after one is not held back. The phone
  // starts (and makes its audio context) once its storage is open.
  for (let i = 0; i < 100 && !carol.log.some((l) => l.includes('registration: Registered')); i++) {
    await new Promise((r) => setTimeout(r, 100));
  }
  const gate = carol.page.getByRole('button', { name: 'Tap to enable sound' });
  await carol.waitFor('the tap-to-enable-sound step', async () => gate.isVisible());
  await carol.screenshot('sound-gate.png');
  await gate.click();
  await carol.waitFor('the step gone', async () => !(await gate.isVisible()));
  await carol.waitRegistered();
  await carol.press('Speaker');
  await carol.waitTone(350, { meter: 'out', tolerance: 0.1 });
  assert.equal(await gate.isVisible(), false, 'asked once');
});

test('the volume keys make the phone\'s sounds louder and softer', async () => {
  const dave = await openRegistered('dave');
  await dave.press('Speaker'); // dial tone, continuous
  await dave.waitTone(350, { meter: 'out', tolerance: 0.1 });
  const level = async () => {
    const seen = await speaker(dave, 1500);
    return seen.slice(2).reduce((a, m) => a + m.outRms, 0) / (seen.length - 2);
  };
  const before = await level();
  for (let i = 0; i < 3; i++) await dave.press('Volume up');
  assert.ok((await dave.screen()).some((r) => r.startsWith('Ringer volume: 8/')), `${await dave.screen()}`);
  const louder = await level();
  assert.ok(louder / before > 2 && louder / before < 3.5, `three 3 dB steps: ${before} -> ${louder}`);
  for (let i = 0; i < 8; i++) await dave.press('Volume down');
  const silent = await level();
  assert.ok(silent < 0.005, `level 0 is silent: ${silent}`);
  await dave.press('End call');
});

test('the ring tone chosen in Settings is the one that rings (Ring 3: 1400 Hz)', async (t) => {
  const carol = await openRegistered('carol');
  const dave = await openRegistered('dave');
  t.after(() => Promise.all([carol, dave].map((p) => p.close())));
  await carol.press('Menu');
  for (let i = 0; i < 4; i++) await carol.press('Down');
  await carol.press('OK'); // Settings
  await carol.press('Down');
  await carol.press('Down');
  await carol.press('OK');
  await carol.press('OK');
  assert.ok((await carol.screen()).includes('Ring tone: Ring 3'), `${await carol.screen()}`);
  await carol.press('Cancel');
  await carol.press('Cancel');
  await dave.dial('1003');
  await dave.press('Send');
  await carol.waitState('ringing');
  await carol.waitTone(1400, { meter: 'out' });
  await dave.press('End call');
  await carol.waitState('idle');
});

test('the tone settings choose the dial tone: a country\'s, or one written out with its cadence', async (t) => {
  const eve = await openRegistered('eve', { params: '&tones=germany' });
  const frank = await openRegistered('frank', { params: `&dialtone=${encodeURIComponent('600/1500,0/1000')}` });
  t.after(() => Promise.all([eve, frank].map((p) => p.close())));
  await eve.press('Speaker');
  await eve.waitTone(425, { meter: 'out', tolerance: 0.04 }); // the German dial tone, continuous
  await frank.press('Speaker');
  await frank.waitTone(600, { meter: 'out', tolerance: 0.04 });
  // 1.5 s on, 1 s off: some readings loud, some quiet.
  const levels = (await speaker(frank, 3000)).map((m) => m.outRms > 0.02);
  assert.ok(levels.some(Boolean) && levels.some((l) => !l), `an on/off cadence: ${levels}`);
});

test('a busy number gives the busy tone and a number that does not exist congestion, each as the settings write it', async (t) => {
  // Tones written out mostly on, so that the meter (a reading every 250 ms) hears them.
  const tones = `&busytone=${encodeURIComponent('600/2000,0/200')}&congestiontone=${encodeURIComponent('750/2000,0/200')}`;
  const alice = await openRegistered('alice', { params: tones });
  const bob = await openRegistered('bob', { params: '&dnd=1&dndcode=486' });
  t.after(() => Promise.all([alice, bob].map((p) => p.close())));
  await alice.dial('1002');
  await alice.press('Send');
  await alice.waitFor('the Busy notice', async () => (await alice.screen()).includes('Busy'));
  await alice.waitTone(600, { meter: 'out', tolerance: 0.04, timeoutMs: 3000 });
  await alice.waitFor('the busy tone to stop', async () => (await alice.meters()).outRms < 0.005, 6000);
  await alice.dial('1999'); // nobody: Kamailio answers 404
  await alice.press('Send');
  await alice.waitTone(750, { meter: 'out', tolerance: 0.04, timeoutMs: 3000 });
});
