import { test, expect, type Page } from '@playwright/test';
import { authorizeByApi, enrolledInReview, hostPage, PASSWORD, uniqueEmail } from './helpers';

// A second Partnerhub on the same data runs with embedding on (playwright.config.ts): it may be
// framed by pages of the allowed host origin `http://localhost:<port>` only. The host pages are
// served by the test itself; `localhost` and `127.0.0.1` are different sites.
const embedded = process.env.E2E_EMBED_URL!;
const allowedPort = Number(new URL(process.env.E2E_EMBED_HOST!).port);

/** An intranet portal's page on `port` that frames Partnerhub's `path`, opened in `page`. */
async function intranet(page: Page, port: number, path: string, extra = '') {
  const host = await hostPage(
    port,
    `<!doctype html><title>Intranet</title><h1>Intranet</h1>${extra}
     <iframe title="Partnerhub" src="${embedded}${path}" style="width: 100%; border: 0"></iframe>
     <script src="${embedded}/embed.js"></script>`,
  );
  test.info().attach('host page', { body: host.url });
  await page.goto(host.url);
  return host;
}

test('inside an intranet frame a company user signs in, links a certification profile, is refused with the date, downloads the report and invites a user, and the frame follows its content', async ({ browser, page }, info) => {
  test.skip(info.project.name !== 'javascript', 'the frame is sized by script');
  const email = uniqueEmail('eline');
  const setup = await browser.newContext();
  await enrolledInReview(await setup.newPage(), setup.request, email, '906407983');
  await authorizeByApi(browser, 'Leuven Analytics NV');
  await setup.close();

  const host = await intranet(page, allowedPort, '/signin');
  const frame = page.frameLocator('iframe[title="Partnerhub"]');
  // The compact layout: no brand header or footer of its own; the language switch stays.
  await expect(frame.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(frame.locator('.brand')).toBeHidden();
  await expect(frame.getByRole('button', { name: 'Nederlands' })).toBeVisible();
  await frame.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await frame.getByLabel('Work email').fill(email);
  await frame.getByLabel('Password').fill(PASSWORD);
  await frame.getByRole('button', { name: 'Sign in' }).click();
  await expect(frame.getByRole('button', { name: 'Sign out' })).toBeVisible();

  await frame.getByRole('link', { name: 'My profile' }).click();
  const card = frame.getByRole('region', { name: 'Link with your company' });
  await frame.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await card.getByLabel('Certification profile email').fill('liam.maes@vanhouten-it.nl');
  await card.getByLabel('Certification profile password').fill('demo certification');
  await card.getByRole('button', { name: 'Associate profile' }).click();
  await expect(card.getByText('Leuven Analytics NV since')).toBeVisible();
  expect(page.url()).toBe(host.url);

  // The frame is as tall as the page inside it.
  const inner = page.frames().find((f) => f.url().startsWith(embedded))!;
  const fits = async () => {
    const content = await inner.evaluate(() => Math.ceil(document.documentElement.getBoundingClientRect().height));
    const frameHeight = await page.locator('iframe[title="Partnerhub"]').evaluate((f) => Math.round(f.getBoundingClientRect().height));
    return Math.abs(content - frameHeight) <= 1 && content > 400;
  };
  await expect.poll(fits).toBe(true);

  // The skills report and its download work inside the frame, then the person removes access.
  await inner.goto(`${embedded}/company/skills`);
  await expect(frame.getByRole('heading', { name: 'Skills report' })).toBeVisible();
  await frame.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  const [download] = await Promise.all([page.waitForEvent('download'), frame.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('skills-report.csv');
  await expect.poll(fits).toBe(true);
  await inner.goto(`${embedded}/me`);
  await frame.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  await frame.getByRole('button', { name: 'Remove access' }).click();
  await expect(frame.getByRole('region', { name: 'Link with your company' })).toContainText('Not linked to a company');
  // Linking again within 30 days is refused with the date.
  await card.getByLabel('Certification profile email').fill('liam.maes@vanhouten-it.nl');
  await card.getByLabel('Certification profile password').fill('demo certification');
  await card.getByRole('button', { name: 'Associate profile' }).click();
  await expect(card.getByRole('alert')).toContainText('we require a period of 30 days between associations');

  // The company's users: an invitation sent from inside the frame.
  await inner.goto(`${embedded}/company/users`);
  await frame.locator('body[data-hydrated="true"]').waitFor({ state: 'attached' });
  const invite = frame.getByRole('region', { name: 'Add a user' });
  await invite.getByLabel('Full name').fill('Bob Jansen');
  await invite.getByLabel('Work email').fill(uniqueEmail('bob'));
  await invite.getByRole('button', { name: 'Send invitation' }).click();
  await expect(frame.getByText('Invitation sent.')).toBeVisible();
  await expect(frame.getByRole('listitem').filter({ hasText: 'Bob Jansen' })).toContainText('not yet accepted');
  await expect.poll(fits).toBe(true);
  expect(page.url()).toBe(host.url);
  await host.close();
});

test('a host page that is not allowed shows a blocked frame', async ({ page }) => {
  const host = await intranet(page, allowedPort + 1, '/signin');
  await expect(page.getByRole('heading', { name: 'Intranet' })).toBeVisible();
  await expect.poll(() => page.frames().map((f) => f.url())).toContain('chrome-error://chromewebdata/');
  await expect(page.frameLocator('iframe[title="Partnerhub"]').getByRole('heading', { name: 'Sign in' })).toHaveCount(0);
  await host.close();
});

test('a form on the host page that posts to Partnerhub is refused', async ({ page }) => {
  const form = `<form method="post" action="${embedded}/api/start_enrollment"><input name="email" value="forged@contoso.nl"><button>Send</button></form>`;
  const host = await intranet(page, allowedPort, '/', form);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Partnerhub only accepts forms sent from its own pages.')).toBeVisible();
  await host.close();
});
