// Measures, in Chromium, how long signing in and asking "can I link now?" take inside an
// intranet page's frame (embedding on) beside the same flow opened on Partnerhub itself, and
// the size of the host page's script. Usage (from end2end/): node bench/embedded-timing.mjs
// PATH-TO-partnerhub SITE-ROOT. Prints Markdown for BENCHMARKS.md.
import { chromium } from '@playwright/test';
import { mkdtempSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import http from 'node:http';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { PASSWORD, authorizedCompanyUser, startPartnerhub } from './partnerhub.mjs';

const [bin, site] = process.argv.slice(2);
const data = mkdtempSync(join(tmpdir(), 'partnerhub-bench-'));
const RUNS = 5;
const top = await startPartnerhub(bin, site, data, 3130);
const framed = await startPartnerhub(bin, site, data, 3131, { PARTNERHUB_EMBED_ORIGINS: 'http://localhost:3132' });
const host = http.createServer((_, res) => {
  res.setHeader('content-type', 'text/html');
  res.end('<h1>Intranet</h1><iframe title="Partnerhub" src="http://127.0.0.1:3131/signin" style="width:100%;border:0"></iframe><script src="http://127.0.0.1:3131/embed.js"></script>');
}).listen(3132);

try {
  // A company user of an authorized company, through the server functions.
  const { email } = await authorizedCompanyUser(bin, site, data, 'http://127.0.0.1:3130');

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  /** Sign in and ask "can I link now?" in `scope` (the page or the frame); milliseconds. */
  const flow = async (page, scope, start) => {
    const t0 = Date.now();
    await page.goto(start);
    await scope.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
    await scope.getByLabel('Work email').fill(email);
    await scope.getByLabel('Password').fill(PASSWORD);
    await scope.getByRole('button', { name: 'Sign in' }).click();
    await scope.getByRole('button', { name: 'Sign out' }).waitFor();
    await scope.getByRole('link', { name: 'My profile' }).click();
    await scope.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
    const card = scope.getByRole('region', { name: 'Link with your company' });
    await card.getByLabel('Certification profile email').fill('julia.smith@northwind.de');
    await card.getByLabel('Certification profile password').fill('demo certification');
    await card.getByRole('button', { name: 'Can I link now?' }).click();
    await card.getByText('Yes: you can link your certification profile now.').waitFor();
    return Date.now() - t0;
  };
  const median = (xs) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)];
  const times = { top: [], framed: [] };
  for (let i = 0; i < RUNS; i++) {
    for (const kind of ['top', 'framed']) {
      const context = await browser.newContext();
      const page = await context.newPage();
      const scope = kind === 'top' ? page : page.frameLocator('iframe[title="Partnerhub"]');
      times[kind].push(await flow(page, scope, kind === 'top' ? 'http://127.0.0.1:3130/signin' : 'http://localhost:3132/intranet'));
      await context.close();
    }
  }
  await browser.close();
  const script = readFileSync(join(site, 'embed.js'));
  const child = readFileSync(join(site, 'frame.js'));
  console.log(`## Embedded (${new Date().toISOString().slice(0, 10)})\n`);
  console.log('| measurement | value |\n| --- | ---: |');
  console.log(`| sign in and "can I link now?", on Partnerhub itself (median of ${RUNS}) | ${median(times.top)} ms |`);
  console.log(`| the same inside an intranet page's frame (median of ${RUNS}) | ${median(times.framed)} ms |`);
  console.log(`| host script \`embed.js\` (raw / gzip) | ${script.length} / ${gzipSync(script).length} bytes |`);
  console.log(`| framed page's script \`frame.js\` (raw / gzip) | ${child.length} / ${gzipSync(child).length} bytes |`);
} finally {
  top.kill();
  framed.kill();
  host.close();
}
