// The GHP hotel phone's voice menu in the browser: star codes keyed on its keypad are
// answered by voice prompts the media engine plays (recordings of each word), and nothing
// is dialled: the room number is set, then read back.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, closeAll } from './browser.mjs';

after(closeAll);

/** Poll the speaker meter until `ms` pass; the readings. */
async function speaker(phone, ms) {
  const seen = [];
  for (let t = 0; t < ms; t += 250) {
    seen.push((await phone.meters()).outRms);
    await new Promise((r) => setTimeout(r, 250));
  }
  return seen;
}

test('the GHP answers **766*<room># and **766# with voice prompts, and dials nothing', async (t) => {
  // Not frank or grace: lines.test.mjs needs them unregistered.
  const room = await openRegistered('eve', { params: '&profile=grandstream-ghp' });
  t.after(() => room.close());
  assert.ok((await speaker(room, 500)).every((rms) => rms < 0.005), 'quiet at first');

  await room.dial('**766*305#');
  await room.waitFor('the saved prompt', async () => room.log.some((l) => l.includes('voice prompt: room number three zero five is saved')));
  // The prompt is heard: the speaker carries speech for a few seconds, then is quiet again.
  const heard = [];
  await room.waitFor('the prompt to end', async () => {
    heard.push((await room.meters()).outRms);
    await new Promise((r) => setTimeout(r, 250));
    const spoke = heard.filter((rms) => rms > 0.01).length >= 3;
    return (spoke && heard.slice(-3).every((rms) => rms < 0.005)) || heard.slice(-12);
  }, 12000);
  assert.equal(await room.state(), 'idle');
  assert.ok(!room.log.some((l) => l.includes('sent INVITE')), 'nothing dialled');

  await room.dial('**766#');
  await room.waitFor('the room number read back', async () => room.log.some((l) => l.includes('voice prompt: room number three zero five')
    && !l.includes('saved')));
});
