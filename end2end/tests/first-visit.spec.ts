import { test, expect, type Page, type Route } from '@playwright/test';
import http from 'node:http';
import { enrolledInReview, hydrated, uniqueEmail } from './helpers';

// A first visit on a phone network: what crosses the wire (encodings, cache headers, hashed
// names, measured as the bytes the browser receives), a repeat visit served from the
// browser's cache, and text typed before the WebAssembly arrives.

type Wire = { status: number; headers: http.IncomingHttpHeaders; bytes: number };

/** One GET as it crosses the wire: the raw (still encoded) body's length and the headers. */
function wire(url: string, acceptEncoding: string): Promise<Wire> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': acceptEncoding } }, (res) => {
        let bytes = 0;
        res.on('data', (chunk: Buffer) => (bytes += chunk.length));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, bytes }));
      })
      .on('error', reject);
  });
}

/** The site files a page names: its script, WebAssembly and stylesheet. */
function siteFiles(html: string): string[] {
  return [...new Set([...html.matchAll(/\/pkg\/[^"' )]+\.(?:js|wasm|css)/g)].map((m) => m[0]))];
}

/** Throttles the page's connection to a slow phone network (about 1.4 Mbit/s, 400 ms). */
async function slowPhoneNetwork(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 400, downloadThroughput: 180_000, uploadThroughput: 84_000 });
}

/** Someone of a newly enrolled company (`duns`) on their own profile, the page interactive. */
async function onOwnProfile(page: Page, duns: string) {
  await enrolledInReview(page, page.request, uniqueEmail('pia'), duns);
  await page.goto('/me');
  await hydrated(page, true);
}

/** The pages' parts of the app (`split_<part>_pages`) and the chunks they share (`chunk_<n>`)
 *  that `page` requests from now on, in order. */
function partsDownloaded(page: Page): string[] {
  const files: string[] = [];
  page.on('request', (r) => {
    const file = r.url().match(/\/pkg\/(split_[a-z]+_pages|chunk_\d+)\./);
    if (file) files.push(file[1]);
  });
  return files;
}

/** A link in the site's navigation. */
function navLink(page: Page, name: string) {
  return page.getByRole('navigation', { name: 'Partnerhub' }).getByRole('link', { name });
}

test.describe('a first visit', () => {
  test.skip(({ javaScriptEnabled }) => !javaScriptEnabled, 'about the script, the WebAssembly and their cache');

  test('pages are compressed for the browser and never stored by caches', async ({ baseURL }) => {
    for (const path of ['/', '/enroll', '/signin']) {
      const br = await wire(`${baseURL}${path}`, 'br, gzip');
      expect(br.headers['content-encoding'], path).toBe('br');
      expect(br.headers['cache-control'], path).toBe('no-store');
      const gzip = await wire(`${baseURL}${path}`, 'gzip');
      expect(gzip.headers['content-encoding'], path).toBe('gzip');
      const plain = await wire(`${baseURL}${path}`, 'identity');
      expect(plain.headers['content-encoding'], path).toBeUndefined();
      expect(br.bytes, path).toBeLessThan(plain.bytes / 2);
    }
  });

  test('the script, WebAssembly and stylesheet have hashed names, arrive compressed and are kept for a year', async ({ baseURL }) => {
    const html = await (await fetch(`${baseURL}/signin`)).text();
    const files = siteFiles(html);
    for (const kind of ['js', 'wasm', 'css']) {
      expect(files.some((f) => new RegExp(`^/pkg/partnerhub\\.[A-Za-z0-9_-]{16,}\\.${kind}$`).test(f)), `${kind} in ${files}`).toBe(true);
    }
    for (const file of files) {
      const plain = await wire(`${baseURL}${file}`, 'identity');
      expect(plain.status, file).toBe(200);
      expect(plain.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
      for (const encoding of ['br', 'gzip']) {
        const sent = await wire(`${baseURL}${file}`, encoding);
        expect(sent.headers['content-encoding'], `${file} ${encoding}`).toBe(encoding);
        expect(sent.headers['cache-control'], file).toBe('public, max-age=31536000, immutable');
        expect(sent.bytes, `${file} ${encoding}`).toBeLessThan(plain.bytes);
      }
    }
    // A file that does not exist is not kept.
    const missing = await wire(`${baseURL}/pkg/partnerhub.0000000000000000.wasm`, 'br');
    expect(missing.status).toBe(404);
    expect(missing.headers['cache-control']).toBe('no-store');
  });

  test('a repeat visit downloads no WebAssembly, JavaScript or CSS again', async ({ page }) => {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    // Every site file the page asks for, and whether the browser's cache answered it.
    const fetched: { url: string; cached: boolean }[] = [];
    const fromCache = new Set<string>();
    cdp.on('Network.requestServedFromCache', (e) => fromCache.add(e.requestId));
    cdp.on('Network.responseReceived', (e) => {
      if (e.response.url.includes('/pkg/')) {
        fetched.push({ url: e.response.url, cached: fromCache.has(e.requestId) || Boolean(e.response.fromDiskCache || e.response.fromMemoryCache) });
      }
    });
    await page.goto('/signin');
    await expect(page.locator('body[data-hydrated="true"]')).toBeAttached({ timeout: 20_000 });
    const first = fetched.splice(0);
    expect(first.filter((f) => !f.cached).length, JSON.stringify(first)).toBeGreaterThan(0);

    await page.goto('about:blank');
    await page.goto('/signin');
    await expect(page.locator('body[data-hydrated="true"]')).toBeAttached({ timeout: 20_000 });
    expect(fetched.length, 'the page used its files again').toBeGreaterThan(0);
    expect(fetched.filter((f) => !f.cached), 'downloaded again').toEqual([]);
  });

  test("someone opening their own profile downloads that page's part of the app, not the admins' pages", async ({ page }) => {
    await enrolledInReview(page, page.request, uniqueEmail('pia'), '205282126');
    const downloaded = partsDownloaded(page);
    await page.goto('/me');
    await hydrated(page, true);
    await expect(page.getByRole('heading', { name: 'My profile', level: 1 })).toBeVisible();
    expect(downloaded.filter((f) => f.startsWith('split_'))).toEqual(['split_profile_pages']);
  });

  test("my profile's part of the app is on its way as soon as the main module has arrived, before the app has started", async ({ page }) => {
    await enrolledInReview(page, page.request, uniqueEmail('pia'), '626441373');
    const parts = partsDownloaded(page);
    // The app's script is held back until the page's part has been asked for: the part does
    // not wait for the app to start.
    await page.route(/\/pkg\/partnerhub\.[^/]*\.js$/, async (route) => {
      await page.waitForRequest(/\/pkg\/split_profile_pages\./, { timeout: 10_000 }).catch(() => {});
      await route.continue();
    });
    await page.goto('/me');
    await expect.poll(() => parts.includes('split_profile_pages'), { timeout: 8_000 }).toBe(true);
    await hydrated(page, true);
    await expect(page.getByRole('heading', { name: 'My profile', level: 1 })).toBeVisible();
    expect(parts.filter((f) => f.startsWith('split_')), 'downloaded once').toEqual(['split_profile_pages']);
  });

  test("the home, sign-in and enrollment pages come to life without any page's part, and a page further on brings its own", async ({ page }) => {
    const parts = partsDownloaded(page);
    for (const path of ['/', '/enroll', '/signin']) {
      await page.goto(path);
      await hydrated(page, true);
    }
    expect(parts).toEqual([]);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page.getByRole('heading', { name: 'Forgot your password?', level: 1 })).toBeVisible();
    await expect(page.getByRole('main').getByLabel('Email')).toBeEditable();
    expect(parts).toContain('split_visitor_pages');
  });

  for (const [who, duns, refuse] of [
    ["someone whose connection drops while the next page's part downloads", '582813204', (route: Route) => route.abort('internetdisconnected')],
    ['someone whose page was left open across an upgrade (its parts are gone from the server)', '112336038', (route: Route) => route.fulfill({ status: 404 })],
  ] as const) {
    test(`${who} gets the next page from the server, and can go on`, async ({ page }) => {
      const crashes: string[] = [];
      page.on('pageerror', (e) => crashes.push(e.message));
      await onOwnProfile(page, duns);
      await page.route(/\/pkg\/split_company_pages\./, refuse);
      await navLink(page, 'Partner profile').click();
      await expect(page).toHaveURL(/\/company$/);
      await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('My profile');
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      // The page the server sent works as it does without JavaScript: its links still lead on.
      await navLink(page, 'My profile').click();
      await expect(page.getByRole('heading', { name: 'My profile', level: 1 })).toBeVisible();
      await hydrated(page, true);
      // The browser reports the failed download; the app itself never stops.
      expect(crashes.filter((m) => !m.includes('Failed to fetch'))).toEqual([]);
    });
  }

  test('a link tapped while the page still waits for its part of the app opens the page it leads to', async ({ page }) => {
    await onOwnProfile(page, '835704344');
    let asked!: () => void;
    const partAsked = new Promise<void>((resolve) => (asked = resolve));
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route(/\/pkg\/split_company_pages\./, async (route) => {
      asked();
      await held;
      await route.continue().catch(() => {});
    });
    await page.goto('/company');
    await partAsked;
    await navLink(page, 'My profile').click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.getByRole('heading', { name: 'My profile', level: 1 })).toBeVisible();
    await hydrated(page, true);
    release();
  });

  test('on a slow phone network, a link to a page still on its way says so until the page is there', async ({ page }) => {
    await onOwnProfile(page, '974844773');
    await slowPhoneNetwork(page);
    const coming = page.getByRole('status').filter({ hasText: 'Opening the page…' });
    await expect(coming).toHaveCount(0);
    await navLink(page, 'Partner profile').click();
    await expect(coming).toHaveCount(1);
    await expect(page).toHaveURL(/\/company$/, { timeout: 30_000 });
    await expect(page.getByRole('heading', { level: 1 })).not.toHaveText('My profile');
    await expect(coming).toHaveCount(0);
  });

  test("a page whose part of the app fails to arrive works as sent, keeps what is typed while the app waits for it, and comes to life when the part arrives on a later try", async ({ page }) => {
    let refused = 0;
    let typed = () => {};
    const typedYet = new Promise<void>((resolve) => (typed = resolve));
    // The first request for the part fails; the next one (the app has started by then and is
    // waiting for its part) is held until the visitor has typed.
    await page.route(/\/pkg\/split_visitor_pages\./, async (route) => {
      if (refused++ === 0) return route.abort('internetdisconnected');
      await typedYet;
      await route.continue();
    });
    await page.goto('/forgot-password');
    await expect.poll(() => refused, { timeout: 30_000 }).toBe(2);
    const email = page.getByRole('main').getByLabel('Email');
    await email.fill('anna@example');
    typed();
    await hydrated(page, true);
    expect(refused).toBe(2);
    await expect(email).toHaveValue('anna@example');
    await expect(page.getByText('The part after @ needs a dot, like yourcompany.com.')).toBeVisible();
  });

  test('someone who sends a form while their phone has no connection is told so, keeps what they typed, and gets through once it is back', async ({ page }) => {
    const email = uniqueEmail('anna');
    await page.goto('/enroll');
    await hydrated(page, true);
    await page.getByLabel('Work email').fill(email);
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await expect(page.getByRole('alert')).toContainText('We could not reach Partnerhub. Check your connection and try again.');
    await expect(page.getByLabel('Work email')).toHaveValue(email);
    await page.context().setOffline(false);
    await page.getByRole('button', { name: 'Send me a code' }).click();
    await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  });

  test('an email typed on a slow phone before the page is interactive is kept, and checked', async ({ page }) => {
    await slowPhoneNetwork(page);
    await page.goto('/enroll', { waitUntil: 'domcontentloaded' });
    await expect(page.locator('body[data-hydrated="true"]')).not.toBeAttached();
    await page.getByLabel('Work email').fill('anna@gmail.com');
    await expect(page.locator('body[data-hydrated="true"]')).toBeAttached({ timeout: 60_000 });
    await expect(page.getByLabel('Work email')).toHaveValue('anna@gmail.com');
    await expect(page.getByText('gmail.com is a personal email service. Use the email your company gave you.')).toBeVisible();
  });

  test('an email and password typed on a slow phone before sign-in is interactive are kept', async ({ page }) => {
    await slowPhoneNetwork(page);
    await page.goto('/signin', { waitUntil: 'domcontentloaded' });
    await expect(page.locator('body[data-hydrated="true"]')).not.toBeAttached();
    await page.getByLabel('Work email').fill('anna@contoso-partner.nl');
    await page.getByLabel('Password').fill('typed early');
    await expect(page.locator('body[data-hydrated="true"]')).toBeAttached({ timeout: 60_000 });
    await expect(page.getByLabel('Work email')).toHaveValue('anna@contoso-partner.nl');
    await expect(page.getByLabel('Password')).toHaveValue('typed early');
  });
});
