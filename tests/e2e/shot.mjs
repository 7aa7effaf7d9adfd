// Ad-hoc: screenshot one phone page (lab must be up). usage: node shot.mjs USER OUT.png
import { openPhone } from './browser.mjs';
const p = await openPhone(process.argv[2] || 'alice');
await new Promise((r) => setTimeout(r, 2500));
await p.page.screenshot({ path: process.argv[3] || '/tmp/shot.png' });
console.log(await p.state(), await p.screen(), p.log.join('\n'));
await p.close();
