import { test, expect } from '@playwright/test';
import { codeIn, hostPage, hydrated, latestMail, post, uniqueEmail, PASSWORD } from './helpers';

const usesJs = (name: string) => name === 'javascript';

test('typing a postal code with letters outside ASCII keeps the page working', async ({ page, request }, info) => {
  const js = usesJs(info.project.name);
  const email = uniqueEmail('pieter');
  await post(page.request, 'start_enrollment', { email });
  await post(page.request, 'verify_code', { code: codeIn((await latestMail(request, email)).subject) });
  await post(page.request, 'save_account', { full_name: 'Pieter Bos', password: PASSWORD, password_repeat: PASSWORD });
  await page.goto('/enroll/company?mode=manual');
  await hydrated(page, js);
  await page.getByLabel('Legal business name').fill('Tulpenveld Digitaal B.V.');
  await page.getByLabel('Country').selectOption('NL');
  await page.getByLabel('Address line 1').fill('Herengracht 182');
  await page.getByLabel('City').fill('Amsterdam');
  const postal = page.getByLabel('Postal code');
  await postal.pressSequentially('123éa');
  await postal.press('Tab');
  if (js) {
    // The instant check answers once the field is left, and the page still reacts afterwards.
    await expect(page.getByText('This postal code does not fit the country. Example: 1012 AB.')).toBeVisible();
    await postal.fill('12€1');
    await expect(postal).toHaveAttribute('aria-invalid', 'true');
  }
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('alert')).toContainText('This postal code does not fit the country. Example: 1012 AB.');
  await expect(page.getByLabel('Legal business name')).toHaveValue('Tulpenveld Digitaal B.V.');
  await hydrated(page, js);
  await page.getByLabel('Postal code').fill('1016 BR');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { name: 'Primary contact' })).toBeVisible();
});

test('a page on another site cannot frame Partnerhub, while Partnerhub may frame itself', async ({ page, baseURL }) => {
  const frameOf = (src: string) => `<!doctype html><title>Intranet</title><h1>Intranet</h1><iframe title="Partnerhub" src="${src}" width="800" height="600"></iframe>`;
  // `localhost` and `127.0.0.1` are different sites: this host page is on another site.
  const host = await hostPage(3198, frameOf(`${baseURL}/signin`));
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Intranet' })).toBeVisible();
  await expect.poll(() => page.frames().map((f) => f.url())).toContain('chrome-error://chromewebdata/');
  await expect(page.frameLocator('iframe[title="Partnerhub"]').getByRole('heading', { name: 'Sign in' })).toHaveCount(0);
  await host.close();

  // The same page served by Partnerhub's own origin shows the framed sign-in page: the check
  // above fails when framing is allowed.
  await page.route(`${baseURL}/intranet-test`, (route) => route.fulfill({ contentType: 'text/html', body: frameOf(`${baseURL}/signin`) }));
  await page.goto(`${baseURL}/intranet-test`);
  await expect(page.frameLocator('iframe[title="Partnerhub"]').getByRole('heading', { name: 'Sign in' })).toBeVisible();
});
