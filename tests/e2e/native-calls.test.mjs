// The native phone in calls with real peers: RTP (G.711, RFC 4733 events) through rtpengine
// to baresip, to and from sipp, and between two native phones. Each side sends its own tone
// and each checks the other's tone where it arrives.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { LAB, captureRtp, cutConnection, ladder, registerSippUas, sippRun, startPeer, ulawWav, wavTone, stopPeer } from './lab.mjs';
import { account, audioReports, heardTone, nativePhone, runPhone } from './native.mjs';
import { openRegistered, closeAll } from './browser.mjs';

after(closeAll);

const near = (hz, want) => Math.abs(hz - want) <= want * 0.05;

test('the native phone calls baresip: tones cross both ways and digits arrive as telephone-events', async (t) => {
  const rec = startPeer('carol', { port: 5074, ctrl: 4445, hz: 1000, rtp: '20100-20199' });
  t.after(() => stopPeer('carol'));
  const mark = ladder.mark();
  const r = await runPhone([...account('frank'), '--call', '1003', '--tone', '440', '--dtmf', '58', '--hangup-after', '4', '--seconds', '20']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /call: calling[\s\S]*call: talking[\s\S]*call: idle/);
  assert.ok(near(heardTone(r.out), 1000), `frank hears carol's 1000 Hz: ${r.out}`);

  const decoded = fs.readdirSync(rec).filter((f) => f.endsWith('-dec.wav'));
  assert.equal(decoded.length, 1, `one recording in ${rec}`);
  const carolHeard = wavTone(path.join(rec, decoded[0]));
  assert.ok(near(carolHeard.hz, 440) && carolHeard.rms > 0.05, `carol hears frank's 440 Hz: ${carolHeard.text}`);
  const carolLog = fs.readFileSync(path.join(LAB, 'log', 'baresip-carol.log'), 'utf8');
  for (const digit of '58') assert.ok(carolLog.includes(`received event: '${digit}' (end=1)`), `carol got the telephone-event ${digit}`);
  const sip = await ladder.save('native-baresip-ladder.txt', mark);
  for (const step of ['INVITE', '180', '200', 'ACK', 'BYE']) assert.match(sip, new RegExp(`\\b${step}\\b`), `ladder has ${step}`);
});

test('two native phones call each other: tones both ways, every keyed digit received', async () => {
  const grace = nativePhone([...account('grace'), '--answer', '--tone', '880', '--seconds', '25']);
  await grace.waitFor(/line 1: Registered/);
  const frank = await runPhone([...account('frank'), '--call', '1007', '--tone', '440', '--dtmf', '159#*0', '--hangup-after', '4', '--seconds', '20']);
  const g = await grace.done;
  assert.equal(frank.code, 0, frank.out);
  assert.equal(g.code, 0, `grace exits once the call is over: ${g.out}`);
  assert.match(g.out, /call: ringing[\s\S]*call: talking[\s\S]*call: idle/);
  assert.ok(near(heardTone(frank.out), 880), `frank hears grace's 880 Hz: ${frank.out}`);
  assert.ok(near(heardTone(g.out), 440), `grace hears frank's 440 Hz: ${g.out}`);
  assert.match(g.out, /digits "159#\*0"/, 'grace received every digit once, in order');
});

// frank offers `offer`; grace answers with the first of her codecs (`answer`, else all of
// hers, PCMU first) that the offer has.
for (const [codec, offer, answer] of [['G722', 'G722', null], ['Opus', 'opus,PCMU', 'opus,G722']]) {
  test(`two native phones talk ${codec}: tones cross both ways through codec, jitter buffer and resampler`, async () => {
    const grace = nativePhone([...account('grace'), '--answer', '--tone', '880', '--seconds', '25', ...(answer ? ['--codecs', answer] : [])]);
    await grace.waitFor(/line 1: Registered/);
    const frank = await runPhone([...account('frank'), '--call', '1007', '--tone', '440', '--codecs', offer, '--hangup-after', '4', '--seconds', '20']);
    const g = await grace.done;
    assert.equal(frank.code, 0, frank.out);
    assert.equal(g.code, 0, g.out);
    const codecs = (out) => [...new Set(audioReports(out).map((r) => r.codec))];
    assert.deepEqual(codecs(frank.out), [codec], frank.out);
    assert.deepEqual(codecs(g.out), [codec], g.out);
    assert.ok(near(heardTone(frank.out), 880), `frank hears grace's 880 Hz in ${codec}: ${frank.out}`);
    assert.ok(near(heardTone(g.out), 440), `grace hears frank's 440 Hz in ${codec}: ${g.out}`);
  });
}

test('sipp calls the native phone, which answers and streams its tone back', async () => {
  const grace = nativePhone([...account('grace'), '--answer', '--tone', '440', '--seconds', '25']);
  await grace.waitFor(/line 1: Registered/);
  const capture = await captureRtp(6000, 29999);
  const sipp = sippRun('uac-auth.xml', ['-s', 'grace', '-key', 'caller', 'sipp', '-au', 'sipp', '-ap', 'sipppw', '-d', '4000',
    '-p', '5091', '-mp', '22000', '-m', '1', '-timeout', '20s', '-timeout_error', '127.0.0.1:5060'], { wavs: { 'uac-ulaw.wav': ulawWav(1000) } });
  const s = await sipp.done;
  const g = await grace.done;
  const sent = await capture.stop();
  assert.equal(s.code, 0, `sipp's call succeeded: ${s.out}`);
  assert.equal(g.code, 0, g.out);
  assert.ok(near(heardTone(g.out), 1000), `grace hears sipp's 1000 Hz WAV: ${g.out}`);
  assert.ok(sent.voicedPackets > 100 && near(sent.hz, 440), `sipp was sent grace's 440 Hz: ${JSON.stringify(sent)}`);
});

test('the native phone calls a sipp UAS and hears its stream', async () => {
  registerSippUas();
  const uas = sippRun('uas.xml', ['-p', '5090', '-mp', '21000', '-m', '1', '-timeout', '25s', '-timeout_error'], { wavs: { 'uas-ulaw.wav': ulawWav(1000) } });
  await new Promise((r) => setTimeout(r, 500));
  const capture = await captureRtp(6000, 29999);
  const frank = await runPhone([...account('frank'), '--call', '1090', '--tone', '440', '--hangup-after', '4', '--seconds', '20']);
  const u = await uas.done;
  const sent = await capture.stop();
  assert.equal(frank.code, 0, frank.out);
  assert.equal(u.code, 0, `the sipp UAS got its BYE: ${u.out}`);
  assert.ok(near(heardTone(frank.out), 1000), `frank hears the UAS's 1000 Hz: ${frank.out}`);
  assert.ok(sent.voicedPackets > 100 && near(sent.hz, 440), `the UAS was sent frank's 440 Hz: ${JSON.stringify(sent)}`);
});

test('with 100rel on both native phones, the ringing is acknowledged with PRACK through Kamailio', async () => {
  const mark = ladder.mark();
  const grace = nativePhone([...account('grace'), '--100rel', '--answer', '--tone', '880', '--seconds', '25']);
  await grace.waitFor(/line 1: Registered/);
  const frank = await runPhone([...account('frank'), '--100rel', '--call', '1007', '--tone', '440', '--hangup-after', '2', '--seconds', '20']);
  const g = await grace.done;
  assert.equal(frank.code, 0, frank.out);
  assert.equal(g.code, 0, g.out);
  assert.ok(near(heardTone(frank.out), 880), `frank hears grace: ${frank.out}`);
  const sip = await ladder.save('native-100rel-ladder.txt', mark);
  const steps = sip.split('\n').map((l) => l.replace(/^.*?->\s*\d+\s+/, ''));
  const at = (re) => steps.findIndex((s) => re.test(s));
  assert.ok(at(/^SIP\/2\.0 180/) >= 0 && at(/^PRACK /) > at(/^SIP\/2\.0 180/), `a PRACK follows the 180:\n${sip}`);
  assert.ok(at(/^SIP\/2\.0 200/) >= 0, sip);
});

test('when its TCP connection is cut mid-call, the native phone reconnects, re-registers and the call goes on', async () => {
  const grace = nativePhone([...account('grace'), '--answer', '--tone', '880', '--seconds', '30']);
  await grace.waitFor(/line 1: Registered/);
  const frank = nativePhone(['--user', 'frank', '--pass', 'frankpw', '--server', '127.0.0.1:5060', '--transport', 'tcp',
    '--call', '1007', '--tone', '440', '--hangup-after', '9', '--seconds', '30']);
  await frank.waitFor(/call: talking/);
  const port = frank.out.match(/local 127\.0\.0\.1:(\d+)/)[1];
  await new Promise((r) => setTimeout(r, 1500));
  cutConnection(port, 5060);
  await frank.waitFor(/reconnected to[\s\S]*line 1: Registered/, 10000);
  const heardBefore = audioReports(grace.out).length;
  const f = await frank.done;
  const g = await grace.done;
  assert.equal(f.code, 0, f.out);
  assert.equal(g.code, 0, `grace got frank's BYE over the new connection: ${g.out}`);
  const after = audioReports(g.out).slice(heardBefore).filter((r) => r.level > 0.05);
  assert.ok(after.length >= 3 && after.every((r) => near(r.hz, 440)), `grace still hears frank after the cut: ${g.out}`);
  assert.ok(near(heardTone(f.out), 880), f.out);
  const states = [...f.out.matchAll(/^call: (\S+)/gm)].map((m) => m[1]);
  assert.equal(states.slice(states.indexOf('talking')).join(' '), 'talking idle', `the call never dropped: ${states}`);
});

test('a native phone holds and resumes: the far end shows held-by-remote and hears silence, then the tone again', async () => {
  const grace = nativePhone([...account('grace'), '--answer', '--tone', '880', '--seconds', '25']);
  await grace.waitFor(/line 1: Registered/);
  const frank = await runPhone([...account('frank'), '--call', '1007', '--tone', '440', '--hold-after', '2', '--resume-after', '5', '--hangup-after', '8', '--seconds', '20']);
  const g = await grace.done;
  assert.equal(frank.code, 0, frank.out);
  assert.match(frank.out, /call: talking[\s\S]*call: held[\s\S]*call: talking[\s\S]*call: idle/);
  assert.match(g.out, /call: talking[\s\S]*call: held-by-remote[\s\S]*call: talking[\s\S]*call: idle/);
  // What grace hears, second by second: frank's tone, then silence while held, then the tone again.
  const heard = audioReports(g.out).map((r) => (r.level > 0.05 && near(r.hz, 440) ? 'tone' : r.level < 0.01 ? 'silence' : 'other'));
  const phases = heard.filter((h, i) => h !== heard[i - 1]);
  assert.match(phases.join(' '), /tone.*silence.*tone/, `grace heard ${heard.join(' ')}`);
});

test('a browser phone set to in-band DTMF keys digits that the native phone hears as tones in the audio', async (t) => {
  const grace = nativePhone([...account('grace'), '--answer', '--seconds', '25']);
  await grace.waitFor(/line 1: Registered/);
  const alice = await openRegistered('alice', { params: '&dtmf=inband' });
  t.after(() => alice.close());
  await alice.dial('1007');
  await alice.press('Send');
  await alice.waitState('talking');
  await new Promise((r) => setTimeout(r, 1000)); // the media flowing both ways
  await alice.dial('1590#');
  await new Promise((r) => setTimeout(r, 2500));
  await alice.pressSoft('End');
  const g = await grace.done;
  assert.equal(g.code, 0, g.out);
  const last = audioReports(g.out).pop();
  assert.equal(last.tones, '1590#', `grace heard every digit once, in order: ${g.out}`);
  assert.equal(last.digits, '', 'and no telephone events');
});
