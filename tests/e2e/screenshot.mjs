// Look at the face: screenshot one phone page (the lab and a web server on :8000 must be up).
// usage: node tests/e2e/screenshot.mjs USER OUT.png
import { openPhone } from './browser.mjs';
const p = await openPhone(process.argv[2] || 'alice');
await new Promise((r) => setTimeout(r, 2500));
await p.page.screenshot({ path: process.argv[3] || '/tmp/shot.png' });
console.log(await p.state(), await p.screen(), p.log.join('\n'));
await p.close();
