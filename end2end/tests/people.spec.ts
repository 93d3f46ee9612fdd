import { test, expect, type Page, type APIRequestContext, type Browser } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { addReviewer, enrolledInReview, hydrated, latestMail, PASSWORD, uniqueEmail } from './helpers';

const usesJs = (name: string) => name === 'javascript';

/** Each test and project enrolls its own company of the demo directory. */
const COMPANIES: Record<string, [string, string]> = {
  'review-javascript': ['639572182', 'Polderlicht Software B.V.'],
  'review-no-javascript': ['649565454', 'Van Houten IT Partners B.V.'],
  'appeal-javascript': ['794923749', 'Grachtenhuis Digitaal B.V.'],
  'appeal-no-javascript': ['210205473', 'Molenwerf Systemen B.V.'],
  'invite-javascript': ['339749960', 'Noordzee Data B.V.'],
  'invite-no-javascript': ['745351751', 'Tulpenveld Consultancy B.V.'],
};

async function signIn(page: Page, js: boolean, email: string, password = PASSWORD) {
  await page.goto('/signin');
  await hydrated(page, js);
  await page.getByLabel('Work email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** A reviewer signs in (in a browser of their own) and records a decision on `company`. */
async function reviewerDecides(browser: Browser, js: boolean, company: string, decision: string, reason = '') {
  const email = uniqueEmail('rita');
  addReviewer(email);
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  await signIn(page, js, email);
  await expect(page.getByRole('heading', { name: 'Review queue' })).toBeVisible();
  await hydrated(page, js);
  const card = page.getByRole('article', { name: company });
  await expect(card).toContainText('Company directory match');
  await expect(card).toContainText(/In the queue since|Waiting \d+ business days?/);
  await card.getByLabel(decision).check();
  if (reason) await card.getByLabel('Reason').fill(reason);
  await card.getByRole('button', { name: `Record decision for ${company}` }).click();
  await expect(page.getByRole('main').getByRole('status')).toContainText('Decision recorded');
  await expect(page.getByRole('article', { name: company })).toHaveCount(0);
  await context.close();
}

test('a reviewer authorizes a company enrolled in the same test', async ({ page, request, browser }, info) => {
  const js = usesJs(info.project.name);
  const [duns, company] = COMPANIES[`review-${info.project.name}`];
  const email = uniqueEmail('anna');
  await enrolledInReview(page, request, email, duns);
  await page.goto('/company');
  await expect(page.getByText(/We expect a decision between/)).toBeVisible();

  await reviewerDecides(browser, js, company, 'Authorize');

  await page.reload();
  await expect(page.locator('.status-card .badge')).toHaveText('Authorized');
  const mail = await latestMail(request, email, 2);
  expect(mail.subject).toBe(`Review of ${company}`);
  expect(mail.text).toContain('your company is authorized');
});

test('a rejected company answers with a note and a document and is back in review', async ({ page, request, browser }, info) => {
  const js = usesJs(info.project.name);
  const [duns, company] = COMPANIES[`appeal-${info.project.name}`];
  const email = uniqueEmail('anna');
  await enrolledInReview(page, request, email, duns);
  const reason = 'The address does not match the chamber of commerce register.';
  await reviewerDecides(browser, js, company, 'Reject', reason);

  await page.goto('/company');
  await hydrated(page, js);
  await expect(page.locator('.status-card .badge')).toHaveText('Rejected');
  await expect(page.getByText(reason).first()).toBeVisible();
  const answer = 'We moved in October; the register extract attached shows the new address.';
  await page.getByLabel('Your answer').fill(answer);
  await page.getByLabel('Document').setInputFiles({ name: 'extract.exe', mimeType: 'application/pdf', buffer: Buffer.from('MZ not a document') });
  await page.getByRole('button', { name: 'Send answer for review' }).click();
  await expect(page.getByRole('alert')).toContainText('The document must be a PDF, PNG or JPEG file.');
  await expect(page.getByLabel('Your answer')).toHaveValue(answer);
  await expect(page.getByLabel('Document')).toHaveAttribute('aria-invalid', 'true');

  await page.getByLabel('Document').setInputFiles({ name: 'extract.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n%%EOF\n') });
  await page.getByRole('button', { name: 'Send answer for review' }).click();
  await expect(page.getByText(/We expect a decision between/)).toBeVisible();
  await expect(page.getByText('Answered the review')).toBeVisible();
  await expect(page.getByText(answer)).toBeVisible();
});

test('an admin invites a user who sets a password and signs in', async ({ page, request, browser }, info) => {
  const js = usesJs(info.project.name);
  const [duns, company] = COMPANIES[`invite-${info.project.name}`];
  const email = uniqueEmail('anna');
  await enrolledInReview(page, request, email, duns);
  await reviewerDecides(browser, js, company, 'Authorize');

  await page.goto('/company');
  await page.getByRole('link', { name: 'Users' }).click();
  await expect(page.getByRole('heading', { name: 'Users' })).toBeVisible();
  await hydrated(page, js);
  const invitee = uniqueEmail('bob');
  const form = page.getByRole('region', { name: 'Add a user' });
  await form.getByLabel('Full name').fill('Bob Jansen');
  await form.getByLabel('Work email').fill('info@contoso-partner.nl');
  await form.getByLabel('Partner admin').check();
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(form.getByRole('alert')).toContainText('“info”');
  await expect(form.getByLabel('Full name')).toHaveValue('Bob Jansen');
  await expect(form.getByLabel('Partner admin')).toBeChecked();
  await hydrated(page, js);
  await form.getByLabel('Work email').fill(invitee);
  await form.getByRole('button', { name: 'Send invitation' }).click();
  await expect(page.getByText('Invitation sent.')).toBeVisible();
  const bob = page.getByRole('listitem').filter({ hasText: 'Bob Jansen' });
  await expect(bob).toContainText('not yet accepted');
  await expect(bob).toContainText('Partner admin');

  const link = (await latestMail(request, invitee)).text.match(/https?:\/\/\S+token=\w+/)![0];
  const context = await browser.newContext({ javaScriptEnabled: js });
  const bobPage = await context.newPage();
  await bobPage.goto(link);
  await expect(bobPage.getByRole('heading', { name: 'Accept your invitation' })).toBeVisible();
  await expect(bobPage.getByText(`Bob Jansen, you were added to ${company}`)).toBeVisible();
  await hydrated(bobPage, js);
  await bobPage.getByLabel('Password', { exact: true }).fill('bobs own password');
  await bobPage.getByLabel('Repeat the password').fill('bobs own password');
  await bobPage.getByRole('button', { name: 'Set password and sign in' }).click();
  await expect(bobPage.getByRole('heading', { name: company })).toBeVisible();
  await hydrated(bobPage, js);
  await bobPage.getByRole('button', { name: 'Sign out' }).click();
  await signIn(bobPage, js, invitee, 'bobs own password');
  await expect(bobPage.getByRole('heading', { name: company })).toBeVisible();
  await context.close();

  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: 'Bob Jansen' })).not.toContainText('not yet accepted');

  // The audit log, narrowed to Bob's invitation, and the same as a CSV file.
  await page.getByRole('link', { name: 'Audit log' }).click();
  await expect(page.getByRole('heading', { name: 'Audit log' })).toBeVisible();
  await hydrated(page, js);
  await page.getByLabel('Action').selectOption({ label: 'User invited' });
  await page.getByLabel('Person (name or email)').fill('bob');
  await page.getByRole('button', { name: 'Apply filter' }).click();
  await expect(page).toHaveURL(/action=user_invited/);
  const entries = page.getByRole('region', { name: 'Table of audit log entries' }).getByRole('row');
  await expect(entries).toHaveCount(2);
  await expect(entries.nth(1)).toContainText('Bob Jansen');
  await expect(entries.nth(1)).toContainText('User invited');
  await expect(page.getByLabel('Action')).toHaveValue('user_invited');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
  expect(download.suggestedFilename()).toBe('audit-log.csv');
  const csv = readFileSync(await download.path(), 'utf8').split('\r\n').filter((l) => l);
  expect(csv[0]).toBe('When (UTC),Who,What,About,Reason or details');
  expect(csv).toHaveLength(2);
  expect(csv[1]).toContain(',User invited,Bob Jansen');

  // A filter that is not a date is refused at its field, with or without JavaScript.
  await page.goto('/company/audit?from=yesterday');
  await expect(page.getByRole('alert')).toContainText('Enter a date like 2026-11-29 (year, month, day).');
  await expect(page.getByLabel('From')).toHaveAttribute('aria-invalid', 'true');
  await expect(page.getByText('Correct the filter above to see entries.')).toBeVisible();
});
