// Lighthouse 12 (default mobile: simulated slow 4G, 4x CPU slowdown) on the pages a first
// visitor opens and on /me signed in, beside the bare Leptos app served the same way; median
// of RUNS runs each. Usage (from end2end/): node bench/first-visit.mjs PATH-TO-partnerhub
// SITE-ROOT PATH-TO-bare BARE-SITE-ROOT. Prints Markdown for BENCHMARKS.md.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import { answering, authorizedCompanyUser, startPartnerhub } from './partnerhub.mjs';

const [bin, site, bareBin, bareSite] = process.argv.slice(2);
const RUNS = 3;
const data = mkdtempSync(join(tmpdir(), 'partnerhub-bench-'));
const partnerhub = await startPartnerhub(bin, site, data, 3140);
const bare = spawn(bareBin, [bareSite, '127.0.0.1:3150'], { stdio: 'ignore' });

/** One Lighthouse run: score and metrics of `url`, with `headers` sent on every request. */
function lighthouse(url, headers) {
  const args = [url, '--chrome-path=/usr/bin/chromium', '--chrome-flags=--headless=new --no-sandbox --disable-gpu', '--only-categories=performance', '--output=json', '--output-path=stdout', '--quiet'];
  if (headers) args.push(`--extra-headers=${JSON.stringify(headers)}`);
  const report = JSON.parse(execFileSync('lighthouse', args, { maxBuffer: 64 * 1024 * 1024 }).toString());
  const audit = (id) => report.audits[id]?.numericValue ?? NaN;
  return {
    score: Math.round(report.categories.performance.score * 100),
    lcp: audit('largest-contentful-paint'),
    tti: audit('interactive'),
    tbt: audit('total-blocking-time'),
    bytes: audit('total-byte-weight'),
  };
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
const kib = (b) => `${Math.round(b / 1024).toLocaleString('en')} KiB`;

try {
  await answering('http://127.0.0.1:3150/');
  const { api } = await authorizedCompanyUser(bin, site, data, 'http://127.0.0.1:3140');
  const cookie = (await api.storageState()).cookies.map((c) => `${c.name}=${c.value}`).join('; ');
  const pages = [
    ['Partnerhub `/`', 'http://127.0.0.1:3140/'],
    ['Partnerhub `/enroll`', 'http://127.0.0.1:3140/enroll'],
    ['Partnerhub `/signin`', 'http://127.0.0.1:3140/signin'],
    ['Partnerhub `/me` (signed in)', 'http://127.0.0.1:3140/me', { Cookie: cookie }],
    ['bare Leptos 0.8 app `/`', 'http://127.0.0.1:3150/'],
  ];
  console.log(`## First visit, Lighthouse 12 mobile (${new Date().toISOString().slice(0, 10)})\n`);
  console.log(`Median of ${RUNS} runs each.\n`);
  console.log('| page | performance | largest contentful paint | time to interactive | total blocking time | bytes transferred |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const [name, url, headers] of pages) {
    const runs = Array.from({ length: RUNS }, () => lighthouse(url, headers));
    const m = (k) => median(runs.map((r) => r[k]));
    console.log(`| ${name} | ${m('score')} | ${seconds(m('lcp'))} | ${seconds(m('tti'))} | ${Math.round(m('tbt'))} ms | ${kib(m('bytes'))} |`);
  }
  console.log();
} finally {
  partnerhub.kill();
  bare.kill();
}
