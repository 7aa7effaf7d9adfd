// RFC 5626-style flow recovery: the WebSocket to Kamailio is cut in the middle of a call;
// the phone reconnects by itself, re-registers, refreshes the call's route with a
// re-INVITE, and the call goes on: audio still flows and the far end's BYE still arrives.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, callAndAnswer, closeAll } from './browser.mjs';
import { wav, ladder, receivedPorts, cutConnection } from './lab.mjs';

after(closeAll);

test('the WebSocket is cut mid-call and the call goes on', async () => {
  const mark = ladder.mark();
  const alice = await openRegistered('alice', { wav: wav(700, 48000) });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  await callAndAnswer(alice, bob, '1002');
  await bob.waitTone(700);

  const [before] = receivedPorts('alice');
  assert.ok(before, 'alice is registered over a WebSocket');
  cutConnection(before, 8080);
  // A new connection, a new registration from another port.
  await alice.waitFor('a registration over a new connection', async () => {
    const ports = receivedPorts('alice');
    return ports.some((p) => p !== before) || ports;
  }, 15000);
  assert.equal(await alice.state(), 'talking');
  assert.equal(await bob.state(), 'talking');

  const sip = await ladder.save('reconnect-ladder.txt', mark);
  const afterCut = sip.slice(sip.lastIndexOf('REGISTER'));
  assert.match(afterCut, /INVITE sip:bob@/, 'a re-INVITE follows the new registration');
  // Media never stopped, and the far end's hang-up reaches alice over the new connection.
  await bob.waitTone(700);
  await alice.waitTone(1300);
  await bob.pressSoft('End');
  await alice.waitState('idle', 10000);
  await bob.waitState('idle');
  assert.equal((await alice.screen())[1], 'Call ended');
});
