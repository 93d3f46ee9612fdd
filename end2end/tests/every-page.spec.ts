import { test, expect, type Browser, type BrowserContext, type Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import { addReviewer, authorizeByApi, codeIn, hydrated, latestMail, PASSWORD, post, saveCompanyByDuns, uniqueEmail } from './helpers';

// Every page as each kind of visitor meets it (signed out, enrolling, a company in review, its
// Global admin once authorized, a plain user, a reviewer), in English and Dutch, on a desktop
// and a 390-pixel-wide phone, with JavaScript on and off (the two projects): axe-core finds no
// violation, every label points at an input of its own, and nothing is wider than the screen.
// The phone screenshots are attached to the test's results to be looked at.

const VIEWPORTS = { desktop: { width: 1280, height: 800 }, phone: { width: 390, height: 844 } };
const LANGUAGES = ['en', 'nl'] as const;

/** What a careful reader of one page would find wrong, as readable lines. */
async function problemsOf(page: Page): Promise<string[]> {
  const found: string[] = [];
  const axe = await new AxeBuilder({ page }).analyze();
  for (const v of axe.violations) {
    found.push(`axe ${v.id}: ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
  }
  const labels = await page.evaluate(() => {
    const out: string[] = [];
    const targets = new Map<string, number>();
    for (const label of document.querySelectorAll('label')) {
      const target = label.control;
      const text = (label.textContent ?? '').trim();
      if (!target) {
        out.push(`label "${text}" labels no input`);
        continue;
      }
      const key = target.id || target.getAttribute('name') || text;
      targets.set(key, (targets.get(key) ?? 0) + 1);
    }
    const ids = new Map<string, number>();
    for (const el of document.querySelectorAll('[id]')) ids.set(el.id, (ids.get(el.id) ?? 0) + 1);
    for (const [id, n] of ids) if (n > 1) out.push(`id "${id}" is used ${n} times`);
    for (const [id, n] of targets) if (n > 1) out.push(`${n} labels point at "${id}"`);
    return out;
  });
  found.push(...labels);
  const wide = await page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    if (document.documentElement.scrollWidth > width) out.push(`the page scrolls sideways (${document.documentElement.scrollWidth}px on ${width}px)`);
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) continue;
      // Inside a container that scrolls visibly sideways (a wide table), width is allowed.
      let scroller = el.parentElement;
      while (scroller && !(scroller.scrollWidth > scroller.clientWidth && getComputedStyle(scroller).overflowX === 'auto')) scroller = scroller.parentElement;
      if (scroller && scroller !== document.body && scroller !== document.documentElement) continue;
      if (box.right > width + 1) {
        const c = typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : '';
        out.push(`${el.tagName.toLowerCase()}${c} "${(el.textContent ?? '').trim().slice(0, 30)}" reaches ${Math.round(box.right)}px of ${width}px`);
      }
    }
    return out.slice(0, 5);
  });
  found.push(...wide);
  return found;
}

/** Visits each page in both languages on both screens and collects what is wrong. */
async function walk(context: BrowserContext, js: boolean, who: string, paths: string[], info: ReturnType<typeof test.info>): Promise<string[]> {
  const found: string[] = [];
  const page = await context.newPage();
  for (const language of LANGUAGES) {
    await context.addCookies([{ name: 'i18n_pref_locale', value: language, url: info.project.use.baseURL! }]);
    for (const [screen, viewport] of Object.entries(VIEWPORTS)) {
      await page.setViewportSize(viewport);
      for (const path of paths) {
        const response = await page.goto(path);
        expect(response?.status(), `${who} ${path}`).toBeLessThan(400);
        await hydrated(page, js);
        for (const problem of await problemsOf(page)) found.push(`${who} ${language} ${screen} ${path}: ${problem}`);
        if (screen === 'phone') {
          const file = info.outputPath(`${who}-${language}${path.replace(/[^a-z]+/g, '-')}.png`);
          await page.screenshot({ path: file, fullPage: true });
          await info.attach(file, { path: file, contentType: 'image/png' });
        }
      }
    }
  }
  await page.close();
  return found;
}

/** A browser for one visitor. Without JavaScript the page is the server's HTML as it arrives:
 *  the site's script and WebAssembly are not loaded (axe-core itself needs a script to run). */
async function newContext(browser: Browser, js: boolean) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  if (!js) await context.route(/\/pkg\/.*\.(js|wasm)$/, (route) => route.abort());
  return context;
}

test('every page passes axe-core, labels its own inputs and fits a phone, in both languages', async ({ browser, request }, info) => {
  test.setTimeout(600_000);
  const js = info.project.name !== 'no-javascript';
  const found: string[] = [];

  // Signed out.
  const visitor = await newContext(browser, js);
  found.push(...(await walk(visitor, js, 'visitor', ['/', '/enroll', '/signin', '/forgot-password', '/reset-password?token=unknown', '/invitation?token=unknown', '/contact/verify?token=unknown'], info)));
  await visitor.close();

  // Enrolling, one step at a time.
  const [duns, company] = js ? ['930080574', 'Antwerp Licensing BV'] : ['729771961', 'Meuse Informatique SRL'];
  const enroller = await newContext(browser, js);
  const api = enroller.request;
  const email = uniqueEmail('greet');
  await post(api, 'start_enrollment', { email });
  found.push(...(await walk(enroller, js, 'enroller', ['/enroll/verify'], info)));
  await post(api, 'verify_code', { code: codeIn((await latestMail(request, email)).subject) });
  found.push(...(await walk(enroller, js, 'enroller', ['/enroll/account'], info)));
  await post(api, 'save_account', { full_name: 'Greet Janssens', password: PASSWORD, password_repeat: PASSWORD });
  found.push(...(await walk(enroller, js, 'enroller', ['/enroll/company'], info)));
  await saveCompanyByDuns(api, duns);
  found.push(...(await walk(enroller, js, 'enroller', ['/enroll/contact'], info)));
  await post(api, 'save_contact', { who: 'me' });
  found.push(...(await walk(enroller, js, 'enroller', ['/enroll/agreement'], info)));
  await post(api, 'complete_enrollment', { authority: 'yes', accept: 'yes', version: '2026-11' });
  found.push(...(await walk(enroller, js, 'waiting-for-contact', ['/company'], info)));
  const token = (await latestMail(request, email, 1)).text.match(/token=(\w+)/)![1];
  await post(api, 'verify_contact', { token });
  found.push(...(await walk(enroller, js, 'in-review', ['/company', '/me', '/company/details', '/company/users'], info)));

  // Authorized: the Global admin sees every company page.
  await authorizeByApi(browser, company);
  const user = uniqueEmail('jef');
  await post(api, 'invite_user', { email: user, full_name: 'Jef Peeters' });
  found.push(...(await walk(enroller, js, 'global-admin', ['/company', '/me', '/company/details', '/company/locations', '/company/agreement', '/company/users', '/company/skills', '/company/competencies', '/company/audit'], info)));

  // A plain user, invited by the admin.
  const userContext = await newContext(browser, js);
  const invitation = (await latestMail(request, user)).text.match(/token=(\w+)/)![1];
  await post(userContext.request, 'accept_invitation', { token: invitation, password: PASSWORD, password_repeat: PASSWORD });
  found.push(...(await walk(userContext, js, 'user', ['/company', '/me'], info)));
  await userContext.close();
  await enroller.close();

  // A reviewer.
  const reviewer = await newContext(browser, js);
  const reviewerEmail = uniqueEmail('rita');
  addReviewer(reviewerEmail);
  await post(reviewer.request, 'sign_in', { email: reviewerEmail, password: PASSWORD });
  found.push(...(await walk(reviewer, js, 'reviewer', ['/review'], info)));
  await reviewer.close();

  expect(found).toEqual([]);
});
