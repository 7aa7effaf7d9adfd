// The lab itself: every listener answers, digest auth works for a real peer (sipp), and a wrong
// password is refused. If these fail, the phone tests cannot mean anything.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import http from 'node:http';
import https from 'node:https';

const LAB_CONF = path.resolve(import.meta.dirname, '../../lab');
const py = (script, ...args) => execFileSync('python3', [path.join(LAB_CONF, script), ...args], { timeout: 10000 }).toString().trim();

function sipp(scenario, user, password, localPort, extra = []) {
  return spawnSync('sipp', ['-sf', path.join(LAB_CONF, 'sipp', scenario), '-s', user, '-au', user, '-ap', password,
    '-m', '1', '-i', '127.0.0.1', '-p', String(localPort), '-nostdin', '-timeout', '10s', '-timeout_error', ...extra, '127.0.0.1:5060'],
  { cwd: process.env.LAB || '/tmp', timeout: 20000 });
}

test('kamailio answers OPTIONS on UDP, TCP and TLS', () => {
  assert.equal(spawnSync('python3', [path.join(LAB_CONF, 'sip-options-ping.py'), '127.0.0.1', '5060', '5']).status, 0);
  assert.match(py('sip-tls-options.py', '--tcp', '5060'), /^TCP SIP\/2\.0 200/);
  assert.match(py('sip-tls-options.py', '5061'), /^TLS SIP\/2\.0 200/);
});

/** An HTTP Upgrade to WebSocket; resolves with the status and the agreed subprotocol. */
function upgrade(port, secure) {
  const mod = secure ? https : http;
  return new Promise((resolve, reject) => {
    const req = mod.request({ host: '127.0.0.1', port, path: '/', rejectUnauthorized: false, headers: {
      Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13',
      'Sec-WebSocket-Key': Buffer.from('deskphone-lab-ok').toString('base64'), 'Sec-WebSocket-Protocol': 'sip',
      Host: `127.0.0.1:${port}` } });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve({ status: res.statusCode, protocol: res.headers['sec-websocket-protocol'] }); });
    req.on('response', (res) => resolve({ status: res.statusCode }));
    req.on('error', reject);
    req.end();
  });
}

test('WS 8080 and WSS 8443 upgrade with the sip subprotocol', async () => {
  assert.deepEqual(await upgrade(8080, false), { status: 101, protocol: 'sip' });
  assert.deepEqual(await upgrade(8443, true), { status: 101, protocol: 'sip' });
});

test('sipp registers with digest auth, and a wrong password is refused', () => {
  const ok = sipp('register.xml', 'uas', 'uaspw', 5089, ['-key', 'contact_port', '5090', '-key', 'expires', '60']);
  assert.equal(ok.status, 0, ok.stdout.toString() + ok.stderr.toString());
  const bad = sipp('register.xml', 'uas', 'wrong', 5088, ['-key', 'contact_port', '5090', '-key', 'expires', '60']);
  assert.notEqual(bad.status, 0, 'a wrong password must not register');
});

test('the presence server takes a voicemail PUBLISH (MWI) from vm', () => {
  const r = spawnSync('sipp', ['-sf', path.join(LAB_CONF, 'sipp', 'mwi-publish.xml'), '-s', 'carol', '-au', 'vm', '-ap', 'vmpw',
    '-m', '1', '-i', '127.0.0.1', '-p', '5087', '-nostdin', '-timeout', '10s', '-timeout_error', '127.0.0.1:5060'], { timeout: 20000 });
  assert.equal(r.status, 0, r.stdout.toString() + r.stderr.toString());
});
