// The idle screen and menus of the browser phone against Kamailio: the clock, DND refusing
// a call with 486 (the caller sees Busy) and logging it as missed, the missed-call list
// opened with the navigation key and dialled back, and the directory's predictive match.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { openRegistered, closeAll } from './browser.mjs';
import { wav } from './lab.mjs';

after(closeAll);

test('DND refuses a call as busy and logs it; the missed list dials the caller back', async () => {
  const alice = await openRegistered('alice', { wav: wav(700, 48000), params: '&contacts=Bob%20Smith:1002,Carol:1003' });
  const bob = await openRegistered('bob', { wav: wav(1300, 48000) });
  const clock = await alice.page.locator('.status-bar .clock').innerText();
  assert.match(clock, /^\d\d:\d\d (Sun|Mon|Tue|Wed|Thu|Fri|Sat) \d{1,2} [A-Z][a-z]{2}$/, 'the status bar shows the time');

  await alice.pressSoft('DND');
  assert.equal(await alice.page.locator('.icon[data-icon="DND"]').count(), 1);
  await bob.dial('1001');
  await bob.press('Send');
  await bob.waitFor('busy', async () => (await bob.screen()).includes('Busy'));
  await alice.waitFor('the missed call', async () => (await alice.screen()).includes('1 New Missed Call'));
  assert.equal(await alice.state(), 'idle', 'alice never rang');
  await alice.pressSoft('DND');
  assert.equal(await alice.page.locator('.icon[data-icon="DND"]').count(), 0);

  await alice.press('Down'); // the missed calls
  assert.equal(await alice.state(), 'menu');
  const rows = await alice.screen();
  assert.equal(rows[0], 'Missed calls');
  assert.match(rows[1], /^bob \d\d:\d\d$/, 'the caller, with the time of the call');
  assert.equal(await alice.page.locator('.line[aria-selected="true"]').innerText(), rows[1]);
  await alice.screenshot('menus-missed.png');
  await alice.pressSoft('Dial');
  await bob.waitState('ringing');
  await bob.pressSoft('Answer');
  await alice.waitState('talking');
  await alice.pressSoft('End');
  await bob.waitState('idle');

  // Predictive matching: 2-6 is B-O.
  await alice.waitState('idle');
  await alice.dial('26');
  assert.ok((await alice.screen()).includes('Bob Smith 1002'), `${await alice.screen()}`);
  await alice.screenshot('menus-predictive.png');
  await alice.press('End call');
});

test('a blacklisted caller is refused (busy) without ringing; the directory shows groups', async (t) => {
  // Calls in the lab come from the user name (sip:dave@...), so that is the number blocked.
  // (Carol and Dave: the first test leaves alice's and bob's pages registered.)
  const carol = await openRegistered('carol', { params: '&blacklist=Dave:dave&contacts=Bob:1002:Sales,Dave:1004:Sales,Eve:1005' });
  const dave = await openRegistered('dave');
  t.after(() => Promise.all([carol, dave].map((p) => p.close())));
  await dave.dial('1003');
  await dave.press('Send');
  await dave.waitFor('busy', async () => (await dave.screen()).includes('Busy'));
  assert.equal(await carol.state(), 'idle', 'carol never rang');
  assert.ok(carol.log.some((l) => l.includes('(blacklist)')), 'the system log says why');

  await carol.press('Directory');
  assert.deepEqual((await carol.screen()).slice(0, 3), ['Directory', 'All contacts (3)', 'Sales (2)']);
  await carol.press('Down');
  await carol.press('OK');
  assert.deepEqual(await carol.screen(), ['Sales', 'Bob 1002', 'Dave 1004']);
  await carol.screenshot('menus-directory-group.png');
});

test('a contact added on the keypad (IME) is dialled from the directory', async (t) => {
  const carol = await openRegistered('carol');
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([carol, bob].map((p) => p.close())));
  await carol.press('Directory');
  await carol.press('OK'); // All contacts
  await carol.press('OK'); // Add contact
  await carol.dial('22');
  await new Promise((r) => setTimeout(r, 1200));
  await carol.dial('666'); // b, o
  await carol.press('Down');
  await carol.dial('1002');
  assert.deepEqual((await carol.screen()).slice(1, 3), ['Name (abc): bo', 'Number: 1002_']);
  await carol.screenshot('menus-add-contact.png');
  await carol.pressSoft('Save');
  assert.deepEqual(await carol.screen(), ['All contacts', 'bo 1002', 'Add contact']);
  await carol.pressSoft('Dial');
  await bob.waitState('ringing');
  await carol.press('End call');
  await bob.waitState('idle');
});

/** Multi-tap `word` (lower-case letters) on the keypad, pausing so that each letter closes. */
async function typeWord(phone, word) {
  const keys = { 2: 'abc', 3: 'def', 4: 'ghi', 5: 'jkl', 6: 'mno', 7: 'pqrs', 8: 'tuv', 9: 'wxyz' };
  for (const c of word) {
    const [key, letters] = Object.entries(keys).find(([, l]) => l.includes(c));
    await phone.dial(key.repeat(letters.indexOf(c) + 1));
    await new Promise((r) => setTimeout(r, 1150));
  }
}

test('hot desking: henry clears the phone, ivy signs in on the keypad and takes calls at 1009', async (t) => {
  // henry and ivy belong to this test: no other file registers or calls them.
  const phone = await openRegistered('henry', { params: '&keys=hot-desking' });
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([phone, bob].map((p) => p.close())));
  await phone.press('Hot desk');
  assert.deepEqual(await phone.screen(), ['Hot desking', 'Clear all accounts?']);
  await phone.pressSoft('Clear');
  await phone.waitFor('the sign-in form', async () => (await phone.screen())[0] === 'Sign in');
  assert.equal(await phone.page.locator('main.phone').getAttribute('data-registration'), 'off');
  await typeWord(phone, 'ivy');
  await phone.press('Down');
  await typeWord(phone, 'ivypw');
  assert.deepEqual((await phone.screen()).slice(1), ['User (abc): ivy', 'Password (abc): *****_']);
  await phone.screenshot('menus-hot-desking.png');
  await phone.pressSoft('Save');
  await phone.waitRegistered();
  assert.equal((await phone.screen())[0], 'ivy');

  await bob.dial('1009');
  await bob.press('Send');
  await phone.waitState('ringing');
  assert.ok((await phone.screen()).includes('bob'), await phone.screen());
  await bob.press('End call');
  await phone.waitState('idle');
  // henry's binding is gone: his extension does not ring here any more.
  await bob.dial('1008');
  await bob.press('Send');
  await bob.waitFor('the call to henry to fail', async () => /Not found|Call failed/.test((await bob.screen()).join(' ')));
  assert.equal(await phone.state(), 'idle');
});

test('the XML browser key shows the server\'s pages and dials from them; a remote phonebook opens from the Directory', async (t) => {
  const keys = encodeURIComponent('xml:http://127.0.0.1:8001/services.xml:Services,xml-phonebook');
  const book = encodeURIComponent('Company|http://127.0.0.1:8001/company.xml');
  const carol = await openRegistered('carol', { params: `&keys=${keys}&book1=${book}` });
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([carol, bob].map((p) => p.close())));
  const top = async () => (await carol.screen())[0];

  await carol.press('Services');
  await carol.waitFor('the services menu', async () => (await top()) === 'Hotel services');
  assert.deepEqual((await carol.screen()).slice(0, 3), ['Hotel services', 'Restaurant hours', 'Front desk']);
  await carol.screenshot('xml-browser-menu.png');
  await carol.press('OK');
  await carol.waitFor('the text page', async () => (await top()) === 'Restaurant');
  assert.deepEqual((await carol.screen()).slice(1, 3), ['Breakfast 7-10', 'Dinner 19-22']);
  await carol.press('Cancel');
  assert.equal(await top(), 'Hotel services', 'Back goes up a level');
  await carol.press('Down');
  await carol.press('OK');
  await bob.waitState('ringing');
  await carol.press('End call');
  await bob.waitState('idle');
  await carol.waitState('idle');

  await carol.press('Remote book');
  assert.equal(await top(), 'Directory');
  await carol.press('Down');
  await carol.press('Down');
  assert.ok((await carol.screen()).includes('Remote: Company'), await carol.screen());
  await carol.press('OK');
  await carol.waitFor('the phonebook', async () => (await carol.screen()).includes('Support'));
  assert.deepEqual((await carol.screen()).slice(0, 3), ['Company', 'Sales', 'Support']);
  await carol.press('OK');
  assert.deepEqual((await carol.screen()).slice(0, 2), ['Sales', 'Bob 1002']);
  await carol.screenshot('remote-phonebook.png');
  await carol.press('Send');
  await bob.waitState('ringing');
  await carol.press('End call');
  await bob.waitState('idle');
});

test('the SayHi Service key opens the services page and closes it again', async (t) => {
  const services = encodeURIComponent('http://127.0.0.1:8001/services.xml');
  const carol = await openRegistered('carol', { params: `&profile=sayhi-6xx&services=${services}` });
  t.after(() => carol.close());
  const top = async () => (await carol.screen())[0];
  await carol.press('Service');
  await carol.waitFor('the services menu', async () => (await top()) === 'Hotel services');
  await carol.press('OK');
  await carol.waitFor('the text page', async () => (await top()) === 'Restaurant');
  await carol.press('Service');
  await carol.waitFor('idle again', async () => (await top()) === 'carol');
  assert.equal(await carol.state(), 'idle');
});

test('with lang=fr the phone speaks French: idle screen, soft keys, a call, and the page says lang="fr"', async (t) => {
  const dave = await openRegistered('dave', { params: '&lang=fr' });
  const bob = await openRegistered('bob');
  t.after(() => Promise.all([dave, bob].map((p) => p.close())));
  assert.equal(await dave.page.locator('main.phone').getAttribute('lang'), 'fr');
  await dave.waitFor('the French idle screen', async () => (await dave.screen()).includes('Enregistré'));
  await bob.dial('1004');
  await bob.press('Send');
  await dave.waitState('ringing');
  assert.equal((await dave.screen())[0], 'Appel entrant');
  await dave.screenshot('lang-fr-ringing.png');
  await dave.pressSoft('Répondre');
  await dave.waitState('talking');
  assert.equal((await dave.screen())[0], 'En communication');
  await bob.press('End call');
  await dave.waitState('idle');
});
