// What the browser benchmarks share: starting the release server on a data directory of its
// own (mail goes to the outbox there) and an authorized company with a signed-in user.
import { request as requests } from '@playwright/test';
import { execFileSync, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const PASSWORD = 'correct horse battery';

/** The server's environment on `port` with `data` as its data directory. */
export const serverEnv = (site, data, port, extra = {}) => ({
  ...process.env,
  PARTNERHUB_ADDR: `127.0.0.1:${port}`,
  PARTNERHUB_DATA_DIR: data,
  PARTNERHUB_DEV_OUTBOX: '1',
  LEPTOS_SITE_ROOT: site,
  RUST_LOG: 'error',
  ...extra,
});

/** Waits until `url` answers 200. */
export async function answering(url) {
  for (let i = 0; i < 150; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not answer`);
}

/** Starts Partnerhub and waits until it answers; returns the process. */
export async function startPartnerhub(bin, site, data, port, extra = {}) {
  const server = spawn(bin, [], { env: serverEnv(site, data, port, extra), stdio: 'ignore' });
  await answering(`http://127.0.0.1:${port}/healthz`);
  return server;
}

const post = async (ctx, fn, form) => {
  const r = await ctx.post(`/api/${fn}`, { form });
  if (r.status() >= 400) throw new Error(`${fn}: ${await r.text()}`);
  return r;
};
const outbox = (data) => readdirSync(join(data, 'outbox')).map((f) => JSON.parse(readFileSync(join(data, 'outbox', f), 'utf8')));

/** Enrolls a company through the server functions, verifies its contact and has a reviewer
 *  authorize it. Returns its Global admin's email and request context (signed in). */
export async function authorizedCompanyUser(bin, site, data, baseURL) {
  const api = await requests.newContext({ baseURL });
  const email = `bench.${Date.now()}@contoso-partner.nl`;
  await post(api, 'start_enrollment', { email });
  const code = outbox(data).find((m) => m.to === email).subject.match(/(\d{6})/)[1];
  await post(api, 'verify_code', { code });
  await post(api, 'save_account', { full_name: 'Bea Bench', password: PASSWORD, password_repeat: PASSWORD });
  const found = await (await post(api, 'lookup_duns', { duns: '930080574' })).json();
  const a = found.address;
  await post(api, 'save_company', { mode: 'duns', duns: '930080574', legal_name: found.legal_name, 'address[country]': a.country, 'address[line1]': a.line1, 'address[line2]': a.line2, 'address[city]': a.city, 'address[region]': a.region, 'address[postal_code]': a.postal_code });
  await post(api, 'save_contact', { who: 'me' });
  await post(api, 'complete_enrollment', { authority: 'yes', accept: 'yes', version: '2026-11' });
  const token = outbox(data).filter((m) => m.to === email && /token=/.test(m.body)).pop().body.match(/token=(\w+)/)[1];
  await post(api, 'verify_contact', { token });
  execFileSync(bin, ['add-reviewer', 'rita.bench@programme.example', 'Rita Reviewer'], { env: serverEnv(site, data, 3199, { PARTNERHUB_REVIEWER_PASSWORD: PASSWORD, PARTNERHUB_DEMO: '0' }) });
  const reviewer = await requests.newContext({ baseURL });
  await post(reviewer, 'sign_in', { email: 'rita.bench@programme.example', password: PASSWORD });
  const queue = await (await post(reviewer, 'review_queue', {})).json();
  const entry = queue.entries.find((e) => e.legal_name === found.legal_name);
  await post(reviewer, 'decide_company', { company_id: String(entry.company_id), decision: 'authorize', reason: '' });
  await reviewer.dispose();
  return { email, api };
}
