// Every device profile in the browser, against the lab's Kamailio and rtpengine: the face is
// laid out from the profile (screen size and depth, soft keys, line keys, hard keys), and a
// call rings, is answered, held, joined with a second caller in a conference and ended the
// way that device does it. Screenshots of each profile idle, ringing, talking, held and in
// conference go to artifacts/profile-<id>-<state>.png.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

/** How each device is worked: how it answers and holds, and what its face has. */
const DEVICES = {
  'sayhi-6xx': { answer: ['soft', 'Answer'], hold: ['key', 'Hold'], conference: ['key', 'Conference'], lineKeys: 1, softKeys: 4, ringLamp: 'red', lcd: [400, 227] },
  'dinstar-c60s': { answer: ['soft', 'Answer'], hold: ['key', 'Hold'], conference: ['more', 'Conference'], lineKeys: 1, softKeys: 4, ringLamp: 'green', lcd: [340, 165] },
  'audiocodes-420hd': { answer: ['soft', 'Answer'], hold: ['key', 'Hold'], conference: ['more', 'Conf'], lineKeys: 0, softKeys: 4, lcd: [340, 128] },
  'audiocodes-430hd': { answer: ['soft', 'Answer'], hold: ['key', 'Hold'], conference: ['more', 'Conf'], lineKeys: 1, softKeys: 4, ringLamp: 'green', lcd: [340, 170] },
  // The GHP has no conference key (its manual has no conference).
  'grandstream-ghp': { answer: ['key', 'Speaker'], hold: ['key', 'Hold'], conference: null, lineKeys: 0, softKeys: 0, lcd: null },
  'yealink-cp860': { answer: ['soft', 'Answer'], hold: ['soft', 'Hold'], conference: ['more', 'Conference'], lineKeys: 0, softKeys: 4, lcd: [340, 113] },
};

let bob, carol;
before(async () => {
  bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  carol = await openRegistered('carol', { wav: wav(1900, 48000) });
});

async function use(phone, [how, name]) {
  if (how === 'soft') await phone.pressSoft(name);
  else if (how === 'more') await phone.pressSoftOrMore(name);
  else await phone.press(name);
}

for (const [id, d] of Object.entries(DEVICES)) {
  test(`${id}: the face follows the profile, and a call rings, is answered, held and ended`, async () => {
    const alice = await openRegistered('alice', { wav: wav(700, 48000), params: `&profile=${id}` });
    const page = alice.page;
    assert.equal(await page.locator('main.phone').getAttribute('data-profile'), id);
    assert.equal(await page.locator('.line-key').count(), d.lineKeys, 'line keys');
    assert.equal(await page.locator('.soft-key').count(), d.softKeys, 'soft keys');
    if (d.lcd) {
      // The glass inside the bezel.
      const glass = await page.locator('.lcd').evaluate((e) => [e.clientWidth, e.clientHeight]);
      assert.deepEqual(glass, d.lcd, 'the screen has the device\'s proportions');
    } else {
      assert.equal(await page.locator('.lcd').count(), 0, 'no screen');
    }
    // A key the phone has no behaviour for yet is there but disabled; Hold works.
    if (d.hold[0] === 'key') assert.equal(await page.getByRole('button', { name: 'Hold', exact: true }).isDisabled(), false);
    await alice.screenshot(`profile-${id}-idle.png`);

    await bob.dial('1001');
    await bob.press('Send');
    await alice.waitState('ringing');
    if (d.ringLamp) assert.deepEqual(await alice.lamp('line1'), { color: d.ringLamp, pattern: 'fast-blink' });
    if (d.lcd) assert.ok((await alice.screen()).includes('Incoming call'), `${await alice.screen()}`);
    await alice.screenshot(`profile-${id}-ringing.png`);

    await use(alice, d.answer);
    await alice.waitState('talking');
    await bob.waitState('talking');
    await alice.waitTone(1300);
    if (d.lineKeys) assert.deepEqual(await alice.lamp('line1'), { color: 'green', pattern: 'steady' });
    await alice.screenshot(`profile-${id}-talking.png`);

    await use(alice, d.hold);
    await alice.waitState('held');
    await bob.waitState('held-by-remote');
    if (d.lineKeys) assert.deepEqual(await alice.lamp('line1'), { color: 'green', pattern: 'slow-blink' });
    if (d.lcd) assert.equal((await alice.screen())[0], 'On hold');
    await alice.screenshot(`profile-${id}-held.png`);

    if (d.conference) {
      // Carol calls while bob is held: her call rings, is answered, and the two are joined.
      await carol.dial('1001');
      await carol.press('Send');
      await alice.waitState('ringing');
      await use(alice, d.answer);
      await carol.waitState('talking');
      await use(alice, d.conference);
      await alice.waitState('conference');
      await bob.waitState('talking');
      if (d.lcd) assert.equal((await alice.screen())[0], 'Conference');
      await alice.screenshot(`profile-${id}-conference.png`);
      await carol.press('End call');
      await carol.waitState('idle');
      await alice.waitState('talking'); // bob alone: an ordinary call again
    }

    await bob.press('End call');
    await alice.waitState('idle');
    await bob.waitState('idle');
    await alice.close();
  });
}

test('the SayHi draws its expansion modules beside the phone', async (t) => {
  // 7 unused line keys on the phone, then 32 on module 1 and 8 on module 2.
  const keys = Array.from({ length: 47 }, (_, n) => `speed:${2000 + n}:K${n + 1}`).join(',');
  const eve = await openRegistered('eve', { params: `&profile=sayhi-6xx&keys=${keys}` });
  t.after(() => eve.close());
  assert.equal(await eve.page.locator('main.phone .dss-key').count(), 7);
  assert.equal(await eve.page.locator('[data-module="1"] .dss-key').count(), 32);
  assert.equal(await eve.page.locator('[data-module="2"] .dss-key').count(), 8);
  await eve.page.setViewportSize({ width: 1100, height: 800 });
  await eve.screenshot('profile-sayhi-6xx-expansion.png');
});
