// Debian's headless Chromium through playwright-core (no browser download), one browser per phone
// so that each phone can have its own fake microphone WAV.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The test file running (node --test runs each in its own process). */
const TEST_FILE = path.basename(process.argv[1] || 'e2e', '.mjs').replace(/\.test$/, '');

export const BASE = process.env.PHONE_BASE || 'http://127.0.0.1:8000/';
export const ARTIFACTS = process.env.ARTIFACTS || path.resolve(import.meta.dirname, '../../artifacts');

/** Every phone opened, so that a test file can close them all: `after(closeAll)`. */
const phones = [];
export async function closeAll() {
  for (const p of phones.splice(0)) await p.close().catch(() => {});
}

/** A phone page for `user` in its own Chromium, whose microphone plays `wav` (if given). */
// `account: false` opens the page without an account (`user` then only names the phone
// in logs): the configuration, provisioning for one, must bring it. `clock: true` gives the
// page Playwright's clock, which a test can move on (`phone.page.clock.fastForward`).
export async function openPhone(user, { wav, password = `${user}pw`, ws, stun, params = '', autoplay = true, account = true, clock = false } = {}) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), `deskphone-${user}-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    viewport: { width: 760, height: 620 },
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      // Without it, Chromium holds audio back until a gesture (the face's "tap to enable sound").
      ...(autoplay ? ['--autoplay-policy=no-user-gesture-required'] : []),
      '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
      // Chromium leaves out 127.0.0.1 ICE candidates unless told (the lab has only lo).
      '--allow-loopback-in-peer-connection', '--disable-features=WebRtcHideLocalIpsWithMdns',
      ...(wav ? [`--use-file-for-fake-audio-capture=${wav}`] : []),
      // The lab's WSS certificate is self-signed.
      ...(ws && ws.startsWith('wss:') ? ['--ignore-certificate-errors'] : []),
    ],
  });
  const page = context.pages()[0] || (await context.newPage());
  const log = [];
  const timed = []; // [Date.now(), text] of each console line, to time what the page does
  page.on('console', (m) => {
    log.push(`[${user}] ${m.type()}: ${m.text()}`);
    timed.push([Date.now(), m.text()]);
  });
  page.on('pageerror', (e) => log.push(`[${user}] pageerror: ${e.message}`));
  const server = (ws ? `&ws=${encodeURIComponent(ws)}` : '') + (stun ? `&stun=${encodeURIComponent(stun)}` : '');
  if (clock) await page.clock.install();
  const who = account ? `user=${encodeURIComponent(user)}&pass=${encodeURIComponent(password)}` : '';
  await page.goto(`${BASE}?${who}${server}${params}`);
  const phone = new Phone(user, context, page, profile, log);
  phone.serial = phones.filter((p) => p.user === user).length + 1;
  phone.timed = timed;
  phones.push(phone);
  return phone;
}

/** `openPhone`, then wait until the phone is registered. */
export async function openRegistered(user, options) {
  const phone = await openPhone(user, options);
  await phone.waitRegistered();
  return phone;
}

/** `caller` dials `number` on the keypad and presses Send; `callee` answers with the soft key. */
export async function callAndAnswer(caller, callee, number) {
  await caller.dial(number);
  await caller.press('Send');
  await callee.waitState('ringing');
  await callee.pressSoft('Answer');
  await caller.waitState('talking');
}

/** What a person does with the face: press keys, read the screen and the lamps. */
export class Phone {
  constructor(user, context, page, profile, log) {
    Object.assign(this, { user, context, page, profile, log });
  }
  state() { return this.page.locator('main.phone').getAttribute('data-state'); }
  async screen() { return (await this.page.locator('.lcd .line').allInnerTexts()).map((s) => s.trim()); }
  async lamp(key = 'line1') {
    const l = this.page.locator(`.lamp[data-lamp="${key}"]`);
    return { color: await l.getAttribute('data-color'), pattern: await l.getAttribute('data-pattern') };
  }
  async meters() {
    const m = this.page.locator('output.meters');
    const num = async (a) => Number(await m.getAttribute(a));
    return {
      rxFreq: await num('data-rx-freq'), rxRms: await num('data-rx-rms'),
      txFreq: await num('data-tx-freq'), txRms: await num('data-tx-rms'),
      outFreq: await num('data-out-freq'), outRms: await num('data-out-rms'),
    };
  }
  /** Press the keypad keys of `digits`, one click each. */
  async dial(digits) {
    for (const d of digits) await this.page.getByRole('button', { name: d, exact: true }).click();
  }
  /** Hold a key down for `ms` (a long press), then let go. */
  async hold(name, ms = 1200) {
    const key = this.page.getByRole('button', { name, exact: true });
    await key.hover();
    await this.page.mouse.down();
    await new Promise((r) => setTimeout(r, ms));
    await this.page.mouse.up();
  }
  /** Press a hard key (Send, Cancel, a digit). */
  press(name) { return this.page.getByRole('button', { name, exact: true }).click(); }
  /** Press the soft key the screen currently labels `label`. */
  pressSoft(label) { return this.page.getByRole('button', { name: new RegExp(`^${label} \\(soft key \\d\\)$`) }).click(); }
  /** Press the soft key labelled `label`, paging with More until it shows (as a user would). */
  async pressSoftOrMore(label) {
    const key = (l) => this.page.getByRole('button', { name: new RegExp(`^${l} \\(soft key \\d\\)$`) });
    for (let page = 0; page < 4; page++) {
      if (await key(label).count()) return key(label).click();
      await key('More').click();
    }
    throw new Error(`${this.user}: no soft key ${label} on any page`);
  }
  async waitFor(what, check, timeoutMs = 10000) {
    const end = Date.now() + timeoutMs;
    let last;
    while (Date.now() < end) {
      last = await check();
      if (last === true) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.user}: timed out waiting for ${what} (state ${await this.state()}, screen ${JSON.stringify(await this.screen())}, last ${JSON.stringify(last)})`);
  }
  waitState(state, timeoutMs) { return this.waitFor(`state ${state}`, async () => (await this.state()) === state, timeoutMs); }
  /** Open the web admin beside the face, log in as `user`, and open `tab` if given. */
  async admin(tab, { user = 'admin', password = user } = {}) {
    const page = this.page;
    if (!(await page.locator('section.admin').count())) await page.getByRole('button', { name: 'Web admin' }).click();
    await page.getByLabel('User name').fill(user);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    if (tab) await page.getByRole('button', { name: tab, exact: true }).click();
  }
  /** Do `action`, then wait for the phone to restart (the page reloads) and register again. */
  async restarted(action) {
    const loaded = this.page.waitForEvent('load', { timeout: 15000 });
    await action();
    await loaded;
    await this.waitRegistered();
  }
  waitRegistered(timeoutMs = 10000) {
    return this.waitFor('registration', async () => (await this.page.locator('main.phone').getAttribute('data-registration')) === 'registered', timeoutMs);
  }
  /**
   * Wait until the received audio's dominant frequency stays within `tolerance` of `hz` for 3
   * readings; `meter: 'out'` listens to what the phone plays on its speaker instead.
   */
  async waitTone(hz, { tolerance = 0.05, timeoutMs = 15000, meter = 'rx' } = {}) {
    let good = 0, seen = [];
    await this.waitFor(`a ${hz} Hz tone (${meter})`, async () => {
      const m = await this.meters();
      const [freq, rms] = [m[`${meter}Freq`], m[`${meter}Rms`]];
      seen.push(freq);
      good = Math.abs(freq - hz) <= hz * tolerance && rms > 0.01 ? good + 1 : 0;
      await new Promise((r) => setTimeout(r, 250));
      return good >= 3 || seen.slice(-12);
    }, timeoutMs);
    return seen[seen.length - 1];
  }
  /** Wait until the received level stays under `rms` for 3 readings. */
  async waitSilence(rms = 0.005) {
    let quiet = 0;
    await this.waitFor('silence', async () => {
      const m = await this.meters();
      quiet = m.rxRms < rms ? quiet + 1 : 0;
      await new Promise((r) => setTimeout(r, 250));
      return quiet >= 3 || m;
    }, 10000);
  }
  async screenshot(name) {
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // Blinking lamps are drawn lit: an infinite animation is reset to its start. The desk is
    // the phone and its expansion modules.
    await this.page.locator('.desk').screenshot({ path: path.join(ARTIFACTS, name), animations: 'disabled' });
  }
  async close() {
    if (this.closed) return;
    this.closed = true;
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    // One file per test file and phone, so that a later test does not overwrite a failing one's log.
    fs.writeFileSync(path.join(ARTIFACTS, `console-${TEST_FILE}-${this.user}-${this.serial}.log`), this.log.join('\n') + '\n');
    await this.context.close();
    fs.rmSync(this.profile, { recursive: true, force: true });
  }
}
