// Backup server: when the primary WebSocket server cannot be reached, the phone moves to
// the backup by itself and registers there.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openPhone, closeAll } from './browser.mjs';

after(closeAll);

test('an unreachable primary WebSocket server fails over to the backup', async () => {
  // Nothing listens on 8090 (the primary); Kamailio on 8080 is the backup.
  const carol = await openPhone('carol', { ws: 'ws://127.0.0.1:8090,ws://127.0.0.1:8080' });
  await carol.waitRegistered(15000);
  assert.ok(carol.log.some((l) => l.includes('switching to server 1')), carol.log.join('\n'));
  assert.ok(carol.log.some((l) => l.includes('connected to ws://127.0.0.1:8080')));
});
