// Measures, in Chromium, how long signing in and asking "can I link now?" take inside an
// intranet page's frame (embedding on) beside the same flow opened on Partnerhub itself, and
// the size of the host page's script. Usage (from end2end/): node bench/embedded-timing.mjs
// PATH-TO-partnerhub SITE-ROOT. Prints Markdown for BENCHMARKS.md.
import { chromium, request as requests } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import http from 'node:http';
import { join } from 'node:path';
import { tmpdir } from 'node:os';

const [bin, site] = process.argv.slice(2);
const data = mkdtempSync(join(tmpdir(), 'partnerhub-bench-'));
const PASSWORD = 'correct horse battery';
const RUNS = 5;
const env = (port, extra) => ({ ...process.env, PARTNERHUB_ADDR: `127.0.0.1:${port}`, PARTNERHUB_DATA_DIR: data, LEPTOS_SITE_ROOT: site, RUST_LOG: 'error', ...extra });
const top = spawn(bin, [], { env: env(3130, {}), stdio: 'ignore' });
const wait = async (url) => { for (let i = 0; i < 100; i++) { try { if ((await fetch(url)).ok) return; } catch {} await new Promise((r) => setTimeout(r, 200)); } throw new Error(url); };
await wait('http://127.0.0.1:3130/healthz');
const framed = spawn(bin, [], { env: env(3131, { PARTNERHUB_EMBED_ORIGINS: 'http://localhost:3132' }), stdio: 'ignore' });
await wait('http://127.0.0.1:3131/healthz');
const host = http.createServer((_, res) => {
  res.setHeader('content-type', 'text/html');
  res.end('<h1>Intranet</h1><iframe title="Partnerhub" src="http://127.0.0.1:3131/signin" style="width:100%;border:0"></iframe><script src="http://127.0.0.1:3131/embed.js"></script>');
}).listen(3132);

try {
  // A company user of an authorized company, through the server functions.
  const api = await requests.newContext({ baseURL: 'http://127.0.0.1:3130' });
  const post = async (ctx, fn, form) => { const r = await ctx.post(`/api/${fn}`, { form }); if (r.status() >= 400) throw new Error(`${fn}: ${await r.text()}`); return r; };
  const email = `bench.${Date.now()}@contoso-partner.nl`;
  await post(api, 'start_enrollment', { email });
  const mails = readdirSync(join(data, 'outbox')).map((f) => JSON.parse(readFileSync(join(data, 'outbox', f), 'utf8')));
  const code = mails.find((m) => m.to === email).subject.match(/(\d{6})/)[1];
  await post(api, 'verify_code', { code });
  await post(api, 'save_account', { full_name: 'Bea Bench', password: PASSWORD, password_repeat: PASSWORD });
  const found = await (await post(api, 'lookup_duns', { duns: '930080574' })).json();
  const a = found.address;
  await post(api, 'save_company', { mode: 'duns', duns: '930080574', legal_name: found.legal_name, 'address[country]': a.country, 'address[line1]': a.line1, 'address[line2]': a.line2, 'address[city]': a.city, 'address[region]': a.region, 'address[postal_code]': a.postal_code });
  await post(api, 'save_contact', { who: 'me' });
  await post(api, 'complete_enrollment', { authority: 'yes', accept: 'yes', version: '2026-11' });
  const all = readdirSync(join(data, 'outbox')).map((f) => JSON.parse(readFileSync(join(data, 'outbox', f), 'utf8')));
  const token = all.filter((m) => m.to === email && /token=/.test(m.body)).pop().body.match(/token=(\w+)/)[1];
  await post(api, 'verify_contact', { token });
  execFileSync(bin, ['add-reviewer', 'rita.bench@programme.example', 'Rita Reviewer'], { env: env(3133, { PARTNERHUB_REVIEWER_PASSWORD: PASSWORD, PARTNERHUB_DEMO: '0' }) });
  const reviewer = await requests.newContext({ baseURL: 'http://127.0.0.1:3130' });
  await post(reviewer, 'sign_in', { email: 'rita.bench@programme.example', password: PASSWORD });
  const queue = await (await post(reviewer, 'review_queue', {})).json();
  const entry = queue.entries.find((e) => e.legal_name === found.legal_name);
  await post(reviewer, 'decide_company', { company_id: String(entry.company_id), decision: 'authorize', reason: '' });

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
