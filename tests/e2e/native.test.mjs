// The native backend: the same core over OS sockets registers to Kamailio over UDP, TCP and TLS,
// and recovers by itself when Kamailio restarts in the middle of its registration.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { contacts, ladder, LAB } from './lab.mjs';
import { runPhone as phone, nativePhone, account } from './native.mjs';

const LAB_SH = path.resolve(import.meta.dirname, '../../lab/lab.sh');

for (const transport of ['udp', 'tcp', 'tls']) {
  test(`the native phone registers over ${transport.toUpperCase()}`, async () => {
    const user = transport === 'udp' ? 'dave' : 'eve';
    // TLS: Kamailio's certificate is signed by the lab CA, which the phone is told to trust.
    const server = transport === 'tls' ? ['--server', '127.0.0.1:5061', '--domain', '127.0.0.1', '--ca', `${LAB}/certs/ca.pem`] : ['--server', '127.0.0.1:5060'];
    const r = await phone(['--user', user, '--pass', `${user}pw`, ...server, '--transport', transport, '--exit-when-registered', '--seconds', '10']);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /line 1: Registered/);
    const port = r.out.match(/local 127\.0\.0\.1:(\d+)/)[1];
    const binding = `sip:${user}@127.0.0.1:${port};transport=${transport}`;
    assert.ok(contacts(user).some((c) => c.startsWith(binding)), `${contacts(user)} has ${binding}`);
  });
}

test('a Kamailio restart during the registration is recovered by retransmission over UDP', async () => {
  execFileSync(LAB_SH, ['stop-kamailio']);
  const running = phone(['--user', 'carol', '--pass', 'carolpw', '--server', '127.0.0.1:5060', '--transport', 'udp', '--exit-when-registered', '--seconds', '20']);
  await new Promise((r) => setTimeout(r, 2000)); // the first REGISTERs go unanswered
  execFileSync(LAB_SH, ['start-kamailio'], { stdio: 'inherit' });
  const r = await running;
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /line 1: Registered/);
});

test('the native phone removes its registration when it is switched off', async () => {
  const r = await phone(['--user', 'dave', '--pass', 'davepw', '--server', '127.0.0.1:5060', '--transport', 'udp', '--seconds', '2']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /line 1: Registered[\s\S]*line 1: unregistered/);
  const port = r.out.match(/local 127\.0\.0\.1:(\d+)/)[1];
  assert.ok(!contacts('dave').some((c) => c.includes(`:${port};`)), `the binding from port ${port} is gone: ${contacts('dave')}`);
});

test('when the primary server does not answer, the native phone fails over to the backup', async () => {
  // Nothing answers on 5070; with T1 = 100 ms, Timer F gives up after 6.4 s.
  const r = await phone(['--user', 'dave', '--pass', 'davepw', '--server', '127.0.0.1:5070,127.0.0.1:5060', '--domain', '127.0.0.1',
    '--transport', 'udp', '--t1', '100', '--exit-when-registered', '--seconds', '20']);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /-> 127\.0\.0\.1:5070[\s\S]*switching to server 1[\s\S]*-> 127\.0\.0\.1:5060[\s\S]*line 1: Registered/);
});

test('with --data the native phone keeps its messages across a restart, in a file written whole', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskphone-data-'));
  const first = nativePhone([...account('frank'), '--data', dir, '--seconds', '6']);
  await first.waitFor(/line 1: Registered/);
  const sipp = spawnSync('sipp', ['-sf', path.resolve(import.meta.dirname, '../../lab/sipp/message.xml'), '-s', 'frank', '-key', 'caller', 'sipp',
    '-au', 'sipp', '-ap', 'sipppw', '-m', '1', '-i', '127.0.0.1', '-p', '5089', '-nostdin', '-timeout', '10s', '-timeout_error', '127.0.0.1:5060'], { timeout: 20000 });
  assert.equal(sipp.status, 0, sipp.stdout.toString().slice(-500));
  await first.waitFor(/screen: .*1 New Message/);
  const r1 = await first.done;
  assert.equal(r1.code, 0, r1.out);
  const kept = fs.readFileSync(path.join(dir, 'records.txt'), 'utf8');
  assert.match(kept, /^#!deskphone-records:1\nunseen\t0\t1\nmessage\t\d+\t-?\d+\t0\tsip:sipp@127\.0\.0\.1\t\thello from sipp(\\r\\n)?\n$/); // sipp ends its text with CRLF, kept escaped
  assert.deepEqual(fs.readdirSync(dir).sort(), ['records.txt'], 'no temporary file left');
  // Switched on again, it still has the message, unread.
  const r2 = await phone([...account('frank'), '--data', dir, '--exit-when-registered', '--seconds', '10']);
  assert.equal(r2.code, 0, r2.out);
  assert.match(r2.out, /screen: .*1 New Message/);
  fs.rmSync(dir, { recursive: true });
});

test('with --config the native phone reads a Yealink file as the browser phone does: DND answers 480', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deskphone-config-'));
  const file = path.join(dir, 'grace.cfg');
  fs.writeFileSync(file, '#!version:1.0.0.1\naccount.1.user_name = grace\naccount.1.password = gracepw\n' +
    'account.1.label = Grace\nfeatures.dnd.enable = 1\nfeatures.dnd_refuse_code = 480\n');
  const grace = nativePhone(['--config', file, '--server', '127.0.0.1:5060', '--transport', 'udp', '--seconds', '12']);
  await grace.waitFor(/line 1: Registered/);
  const mark = ladder.mark();
  const dave = await phone([...account('dave'), '--call', '1007', '--seconds', '8']);
  assert.notEqual(dave.code, 0, 'the call was refused');
  await ladder.save('native-config-dnd.txt', mark);
  assert.ok(ladder.lines().slice(mark).some((l) => / 480 /.test(l)), ladder.lines().slice(mark).join('\n'));
  grace.kill();
  await grace.done;
  // A bad value is refused with its file and line, and the phone does not start.
  fs.writeFileSync(file, '#!version:1.0.0.1\naccount.1.user_name = grace\nfeatures.dnd_refuse_code = 499\n');
  const bad = await phone(['--config', file, '--server', '127.0.0.1:5060', '--seconds', '2']);
  assert.notEqual(bad.code, 0);
  assert.match(bad.out, /grace\.cfg:3: features\.dnd_refuse_code: "499" is not allowed/);
  fs.rmSync(dir, { recursive: true });
});
