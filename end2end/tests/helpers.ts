import { expect, type Browser, type Page, type APIRequestContext } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import http from 'node:http';

/** The newest mail maildev received for `to`, waiting for it to arrive. */
export async function latestMail(request: APIRequestContext, to: string, after = 0): Promise<{ subject: string; text: string }> {
  const api = process.env.E2E_MAIL_API!;
  let found: { subject: string; text: string } | undefined;
  await expect
    .poll(async () => {
      const mails = (await (await request.get(`${api}/email`)).json()) as Array<{ subject: string; text: string; to: { address: string }[] }>;
      const mine = mails.filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase()));
      found = mine.length > after ? mine[mine.length - 1] : undefined;
      return found !== undefined;
    }, { timeout: 15_000 })
    .toBe(true);
  return found!;
}

export async function mailCount(request: APIRequestContext, to: string): Promise<number> {
  const api = process.env.E2E_MAIL_API!;
  const mails = (await (await request.get(`${api}/email`)).json()) as Array<{ to: { address: string }[] }>;
  return mails.filter((m) => m.to.some((t) => t.address.toLowerCase() === to.toLowerCase())).length;
}

export function codeIn(subject: string): string {
  const match = subject.match(/(\d{6})/);
  if (!match) throw new Error(`no code in ${subject}`);
  return match[1];
}

/** A unique address for this run, so tests never meet each other's accounts. */
export function uniqueEmail(name: string): string {
  return `${name}.${Date.now().toString(36)}${Math.floor(Math.random() * 1000)}@contoso-partner.nl`;
}

/** Waits until the page's WebAssembly has hydrated (no-op without JavaScript). */
export async function hydrated(page: Page, javaScript: boolean) {
  if (javaScript) {
    await page.locator('body[data-hydrated="true"]').waitFor({ state: 'attached', timeout: 20_000 });
  }
}

export const PASSWORD = 'correct horse battery';

export async function post(api: APIRequestContext, fn: string, form: Record<string, string>) {
  const response = await api.post(`/api/${fn}`, { form });
  expect(response.status(), `${fn}: ${await response.text()}`).toBeLessThan(400);
  return response;
}

/** Starts an enrollment in this session and takes it through the code and account steps. */
export async function enrolledUntilCompany(api: APIRequestContext, request: APIRequestContext, email: string, fullName = 'Anna de Vries') {
  await post(api, 'start_enrollment', { email });
  await post(api, 'verify_code', { code: codeIn((await latestMail(request, email)).subject) });
  await post(api, 'save_account', { full_name: fullName, password: PASSWORD, password_repeat: PASSWORD });
}

/** The company step: the company the directory has under `duns`, as found. */
export async function saveCompanyByDuns(api: APIRequestContext, duns: string) {
  const found = await (await post(api, 'lookup_duns', { duns })).json();
  const a = found.address;
  await post(api, 'save_company', {
    mode: 'duns', duns, legal_name: found.legal_name,
    'address[country]': a.country, 'address[line1]': a.line1, 'address[line2]': a.line2,
    'address[city]': a.city, 'address[region]': a.region, 'address[postal_code]': a.postal_code,
  });
}

/** Enrolls a company through the server functions, in the page's session (which ends signed
 *  in as its Global admin), and lets its contact (the enroller) confirm: it is in review. */
export async function enrolledInReview(page: Page, request: APIRequestContext, email: string, duns: string) {
  const api = page.request;
  await enrolledUntilCompany(api, request, email);
  await saveCompanyByDuns(api, duns);
  await post(api, 'save_contact', { who: 'me' });
  await post(api, 'complete_enrollment', { authority: 'yes', accept: 'yes', version: '2026-11' });
  const token = (await latestMail(request, email, 1)).text.match(/token=(\w+)/)![1];
  await post(api, 'verify_contact', { token });
}

/** A platform reviewer, added with the command line as the README says. */
export function addReviewer(email: string) {
  execFileSync(process.env.PARTNERHUB_BIN ?? '../target/server-release/partnerhub', ['add-reviewer', email, 'Rita Reviewer'], {
    env: { ...process.env, PARTNERHUB_DATA_DIR: process.env.E2E_DATA_DIR, PARTNERHUB_REVIEWER_PASSWORD: PASSWORD, PARTNERHUB_DEMO: '0', RUST_LOG: 'warn' },
    stdio: 'pipe',
  });
}

/** Authorizes a company through the reviewers' server functions (a reviewer of its own). */
export async function authorizeByApi(browser: Browser, company: string) {
  const email = uniqueEmail('reviewer');
  addReviewer(email);
  const context = await browser.newContext();
  await post(context.request, 'sign_in', { email, password: PASSWORD });
  const queue = await (await post(context.request, 'review_queue', {})).json();
  const entry = queue.entries.find((e: { legal_name: string }) => e.legal_name === company);
  await post(context.request, 'decide_company', { company_id: String(entry.company_id), decision: 'authorize', reason: '' });
  await context.close();
}

/** Runs SQL on the test server's database (to move dates back in time). */
export function sql(statement: string) {
  execFileSync('sqlite3', [join(process.env.E2E_DATA_DIR!, 'partnerhub.db'), statement], { stdio: 'pipe' });
}

/** Host pages being served, by port: a test that failed before closing its own leaves it here. */
const hosts = new Map<number, http.Server>();

/** Serves `html` as `http://localhost:<port>/intranet`, a host page on a site of its own. A
 *  real server on loopback, not a routed response: Chromium only lets a page on loopback frame
 *  and load from other loopback sites (local network access). */
export async function hostPage(port: number, html: string): Promise<{ url: string; close: () => Promise<void> }> {
  const close = (server: http.Server) => new Promise<void>((resolve) => server.close(() => resolve()));
  const earlier = hosts.get(port);
  if (earlier) await close(earlier);
  const server = http.createServer((_, response) => {
    response.setHeader('content-type', 'text/html; charset=utf-8');
    response.end(html);
  });
  hosts.set(port, server);
  await new Promise<void>((resolve) => server.listen(port, resolve));
  return {
    url: `http://localhost:${port}/intranet`,
    close: async () => {
      hosts.delete(port);
      await close(server);
    },
  };
}
