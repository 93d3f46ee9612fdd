import { test, expect, type Page, type APIRequestContext } from '@playwright/test';
import { codeIn, hydrated, latestMail, uniqueEmail } from './helpers';

// The `postgresql` project runs with JavaScript, on a Partnerhub on PostgreSQL.
const usesJs = (name: string) => name !== 'no-javascript';

/** Takes a new enrollment through the email, code and account steps. */
async function throughAccount(page: Page, request: APIRequestContext, js: boolean, email: string) {
  await page.goto('/enroll');
  await hydrated(page, js);
  await page.getByLabel('Work email').fill(email);
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();
  await expect(page.getByText(`We sent a 6-digit code to ${email.toLowerCase()}`)).toBeVisible();
  const code = codeIn((await latestMail(request, email)).subject);
  await hydrated(page, js);
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify code' }).click();
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();
  await hydrated(page, js);
  await page.getByLabel('Your full name').fill('Anna de Vries');
  await page.getByLabel('Password', { exact: true }).fill('correct horse battery');
  await page.getByLabel('Repeat the password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { name: "Your company's legal details" })).toBeVisible();
  await hydrated(page, js);
}

test('a company enrolls, its contact confirms, and the enroller signs in again', async ({ page, request, browser }, info) => {
  const js = usesJs(info.project.name);
  // Each project enrolls a different company of the demo directory.
  const [duns, company] = js ? ['227904006', 'Contoso Nederland B.V.'] : ['443043868', 'Dijkstra Cloud Diensten B.V.'];
  const email = uniqueEmail('anna');
  const contactEmail = uniqueEmail('bram');

  await page.goto('/');
  await page.getByRole('link', { name: 'Start enrollment' }).click();
  await expect(page.getByRole('heading', { name: 'Start with your work email' })).toBeVisible();
  await throughAccount(page, request, js, email);

  await page.getByLabel('DUNS number').fill(duns.replace(/(\d{2})(\d{3})(\d{4})/, '$1-$2-$3'));
  await page.getByRole('button', { name: 'Look up company' }).click();
  await expect(page.getByLabel('Legal business name')).toHaveValue(company);
  await expect(page.getByText('Found in the company directory')).toBeVisible();
  await hydrated(page, js);
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByRole('heading', { name: 'Primary contact' })).toBeVisible();
  await hydrated(page, js);
  await page.getByLabel('Someone else in my company').check();
  await page.getByLabel("Contact's full name").fill('Bram Jansen');
  await page.getByLabel("Contact's company email").fill(contactEmail);
  await page.getByRole('button', { name: 'Save and continue' }).click();

  await expect(page.getByRole('region', { name: 'Partner agreement' })).toContainText('Partner Agreement — version 2026-11');
  await expect(page.getByText(company).first()).toBeVisible();
  await hydrated(page, js);
  await page.getByRole('button', { name: 'Enroll now' }).click();
  await expect(page.getByRole('alert')).toContainText('Confirm that you may sign for your company.');
  await expect(page.getByRole('alert')).toContainText('Accept the partner agreement to enroll.');
  await page.getByLabel('I am authorized to sign legal agreements').check();
  await page.getByLabel('I have read and accept the partner agreement').check();
  await page.getByRole('button', { name: 'Enroll now' }).click();

  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByText('Waiting for the primary contact')).toBeVisible();
  await expect(page.locator('.partner-id')).toHaveText(/^\d{7}$/);

  const mail = await latestMail(request, contactEmail);
  const link = mail.text.match(/https?:\/\/\S+token=\w+/)![0];
  const contactContext = await browser.newContext({ javaScriptEnabled: js });
  const contactPage = await contactContext.newPage();
  await contactPage.goto(link);
  await hydrated(contactPage, js);
  await contactPage.getByRole('button', { name: 'Confirm my email address' }).click();
  await expect(contactPage.getByText('Your email address is confirmed')).toBeVisible();
  await contactContext.close();

  await page.reload();
  await expect(page.getByText(/We expect a decision between \d{1,2} \w+ \d{4} and \d{1,2} \w+ \d{4}\./)).toBeVisible();

  await hydrated(page, js);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await expect(page.getByText('You are signed out.')).toBeVisible();
  await hydrated(page, js);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill('not the password');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('alert')).toContainText('The email or password is not right.');
  await expect(page.getByLabel('Work email')).toHaveValue(email);
  await page.getByLabel('Password').fill('correct horse battery');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
});

test('the work email is checked once the field is left, then again with each keystroke, before anything is sent', async ({ page }, info) => {
  test.skip(!usesJs(info.project.name), 'instant feedback needs JavaScript');
  await page.goto('/enroll');
  await hydrated(page, true);
  const email = page.getByLabel('Work email');
  await email.pressSequentially('info@conto');
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText(/Enter an email address|shared mailboxes/)).toHaveCount(0);
  await email.pressSequentially('so.com');
  await email.press('Tab');
  await expect(page.getByText('Addresses containing “info” are shared mailboxes. Use your own work email.')).toBeVisible();
  await expect(email).toHaveAttribute('aria-invalid', 'true');
  await expect(email).toHaveAccessibleDescription(/shared mailboxes/);
  await email.fill('martin@gmail.com');
  await expect(page.getByText('gmail.com is a personal email service.')).toBeVisible();
  await email.fill('martin@contoso.com');
  await expect(email).not.toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByRole('alert')).toHaveCount(0);
});

test('a refused work email is explained by the server and the input is kept', async ({ page }, info) => {
  await page.goto('/enroll');
  await hydrated(page, usesJs(info.project.name));
  await page.getByLabel('Work email').fill('sales-admin@contoso.com');
  await page.getByRole('button', { name: 'Send me a code' }).click();
  await expect(page.getByRole('alert')).toContainText('Addresses containing “admin” are shared mailboxes.');
  await expect(page.getByLabel('Work email')).toHaveValue('sales-admin@contoso.com');
  await expect(page.getByLabel('Work email')).toHaveAttribute('aria-invalid', 'true');
});

test('typed company details survive a reload and the back button', async ({ page, request }, info) => {
  test.skip(!usesJs(info.project.name), 'drafts are kept by the browser script');
  await throughAccount(page, request, true, uniqueEmail('carla'));
  await page.getByRole('link', { name: 'Manual' }).click();
  await expect(page.getByLabel('Legal business name')).toBeVisible();
  await hydrated(page, true);
  await page.getByLabel('Legal business name').fill('Polderwind Solutions B.V.');
  await page.getByLabel('Address line 1').fill('Postbus 12');
  await page.getByLabel('Address line 1').press('Tab');
  await expect(page.getByText('A P.O. box cannot be a legal address. Enter the street address.')).toBeVisible();
  await page.getByLabel('Address line 1').fill('Kanaalweg 17');
  await page.getByLabel('Country').selectOption('NL');
  await page.getByLabel('Postal code').fill('12345');
  await page.getByLabel('Postal code').press('Tab');
  await expect(page.getByText('This postal code does not fit the country. Example: 1012 AB.')).toBeVisible();
  await page.getByLabel('Postal code').fill('3526 KL');
  await page.reload();
  await hydrated(page, true);
  await expect(page.getByText('We restored what you typed earlier on this device.')).toBeVisible();
  await expect(page.getByLabel('Legal business name')).toHaveValue('Polderwind Solutions B.V.');
  await expect(page.getByLabel('Address line 1')).toHaveValue('Kanaalweg 17');
  await page.getByLabel('City').fill('Utrecht');
  await page.getByRole('button', { name: 'Save and continue' }).click();
  await expect(page.getByRole('heading', { name: 'Primary contact' })).toBeVisible();
  await page.goBack();
  await expect(page.getByRole('heading', { name: "Your company's legal details" })).toBeVisible();
  await expect(page.getByLabel('Legal business name')).toHaveValue('Polderwind Solutions B.V.');
});

test('the pages and their messages speak Dutch after switching the language', async ({ page }, info) => {
  await page.goto('/enroll');
  await hydrated(page, usesJs(info.project.name));
  await page.getByRole('button', { name: 'Nederlands' }).click();
  await expect(page.getByRole('heading', { name: 'Begin met uw zakelijke e-mailadres' })).toBeVisible();
  await hydrated(page, usesJs(info.project.name));
  await page.getByLabel('Zakelijk e-mailadres').fill('marketing@contoso.nl');
  await page.getByRole('button', { name: 'Stuur mij een code' }).click();
  await expect(page.getByRole('alert')).toContainText('Adressen met “marketing” zijn gedeelde mailboxen.');
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.getByRole('heading', { name: 'Start with your work email' })).toBeVisible();
});

test('a Dutch browser gets Dutch pages from the server and keeps them after hydration', async ({ browser }, info) => {
  const js = usesJs(info.project.name);
  const context = await browser.newContext({ locale: 'nl-NL', javaScriptEnabled: js });
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  await page.goto('/enroll');
  await hydrated(page, js);
  await expect(page.getByRole('heading', { name: 'Begin met uw zakelijke e-mailadres' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'nl');
  if (js) {
    await page.getByLabel('Zakelijk e-mailadres').fill('martin@gmail.com');
    await page.getByLabel('Zakelijk e-mailadres').press('Tab');
    await expect(page.getByText('gmail.com is een privé-e-maildienst.')).toBeVisible();
  }
  expect(problems).toEqual([]);
  await context.close();
});
