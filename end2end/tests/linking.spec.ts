import { test, expect, type Browser, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { authorizeByApi, enrolledInReview, hydrated, sql, uniqueEmail } from './helpers';

const usesJs = (name: string) => name === 'javascript';
const DEMO = 'demo certification';

/** Each project: a demo certification profile and two companies of its own. */
const CASES: Record<string, { profile: string; a: [string, string]; b: [string, string] }> = {
  javascript: { profile: 'zoe.degroot@molenwerf.nl', a: ['714791075', 'Fabrikam Belgium NV'], b: ['688208069', 'Schelde Software BV'] },
  'no-javascript': { profile: 'xander.peters@tulpenveld.nl', a: ['884410270', 'Atomium Cloud SRL'], b: ['933838458', 'Brugse Data NV'] },
};

/** Moves the profile's link starts 31 days back, as if a month had passed. */
function monthLater(profile: string) {
  sql(`UPDATE links SET started_at = strftime('%Y-%m-%dT%H:%M:%f+00:00', started_at, '-31 days')
       WHERE mcid = (SELECT mcid FROM cert_profiles WHERE email = '${profile}')`);
}

async function companyUser(browser: Browser, js: boolean, duns: string, company: string): Promise<[Page, string]> {
  const context = await browser.newContext({ javaScriptEnabled: js });
  const page = await context.newPage();
  const email = uniqueEmail('pieter');
  await enrolledInReview(page, page.request, email, duns);
  await authorizeByApi(browser, company);
  return [page, email];
}

async function associate(page: Page, js: boolean, profile: string, button: 'Associate profile' | 'Can I link now?') {
  await page.goto('/me');
  await hydrated(page, js);
  const card = page.getByRole('region', { name: 'Link with your company' });
  await card.getByLabel('Certification profile email').fill(profile);
  await card.getByLabel('Certification profile password').fill(DEMO);
  await card.getByRole('button', { name: button }).click();
  return card;
}

test('a person links, is refused with the date, moves to another company and removes access; an admin finds and removes them', async ({ browser }, info) => {
  const js = usesJs(info.project.name);
  const { profile, a, b } = CASES[info.project.name];
  const [pageA] = await companyUser(browser, js, a[0], a[1]);
  const [pageB, emailB] = await companyUser(browser, js, b[0], b[1]);

  // A: ask, then link.
  let card = await associate(pageA, js, profile, 'Can I link now?');
  await expect(card.getByRole('status')).toHaveText('Yes: you can link your certification profile now.');
  card = await associate(pageA, js, profile, 'Associate profile');
  await expect(card.getByText(`${a[1]} since`)).toBeVisible();
  await expect(card).toContainText('Link 1 of 3 in the last 12 months');
  await expect(pageA.getByRole('region', { name: 'Certifications', exact: true })).toContainText('MCID');
  // A person who linked is told plainly when the next link is possible, not refused; the
  // certification password is not left in the page.
  await expect(card).not.toContainText('You have attempted');
  await expect(pageA.locator('#link-rule')).toHaveText(/^You can link again from .+ UTC, 30 days after your last link\.$/);
  await expect(card.getByLabel('Certification profile password')).toHaveValue('');

  // A certification that expires in 20 days is pointed out, in the table and above it.
  sql(`UPDATE cert_certifications SET expires_on = date('now', '+20 days')
       WHERE id = (SELECT MIN(c.id) FROM cert_certifications c JOIN cert_profiles p ON p.mcid = c.mcid WHERE p.email = '${profile}')`);
  await pageA.reload();
  const certifications = pageA.getByRole('region', { name: 'Certifications', exact: true });
  await expect(certifications.getByText('Expires in 20 days')).toBeVisible();
  await expect(certifications.locator('#expiring-notice')).toHaveText(/^\d+ of your certifications? expires? within 90 days\. Renew/);

  // B: refused with the exact next date, what was typed is kept; A's page shows the same
  // date, decided from the history before anything is sent.
  const next = new Date(Date.now() + 30 * 86_400_000).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  card = await associate(pageB, js, profile, 'Associate profile');
  const refusal = `However, we require a period of 30 days between associations. Your next available date for a subsequent association is ${next}`;
  await expect(card.getByRole('alert')).toContainText(refusal);
  await pageA.goto('/me');
  await expect(pageA.locator('#link-rule')).toContainText(next);
  await expect(card.getByLabel('Certification profile email')).toHaveValue(profile);

  // A month later B links: the profile moves out of A.
  monthLater(profile);
  card = await associate(pageB, js, profile, 'Associate profile');
  await expect(card.getByText(`${b[1]} since`)).toBeVisible();
  await expect(card).toContainText('Link 2 of 3 in the last 12 months');
  await pageA.goto('/me');
  await expect(pageA.getByRole('region', { name: 'Certifications', exact: true })).toContainText(`${a[1]}`);
  await expect(pageA.getByRole('region', { name: 'Certifications', exact: true })).toContainText('moved to another company');

  // B's admin finds the person in the skills report and its CSV, then removes them.
  await pageB.goto('/company/skills');
  await hydrated(pageB, js);
  const person = pageB.getByRole('listitem').filter({ hasText: 'MCID' });
  await expect(person).toHaveCount(1);
  const [download] = await Promise.all([pageB.waitForEvent('download'), pageB.getByRole('link', { name: 'Download CSV' }).click()]);
  const csv = readFileSync(await download.path(), 'utf8');
  expect(csv.split('\r\n')[0]).toBe('Name,Email,MCID,Linked since,Kind,Exam code,Title,Passed on,Expires on,Score (%)');
  expect(csv).toContain(',Certification,');
  expect(csv).toContain(`,${emailB.toLowerCase()},`);
  const [workbook] = await Promise.all([pageB.waitForEvent('download'), pageB.getByRole('link', { name: 'Download Excel workbook (XLSX)' }).click()]);
  expect(workbook.suggestedFilename()).toBe('skills-report.xlsx');
  expect(readFileSync(await workbook.path()).subarray(0, 4).toString('latin1')).toBe('PK\x03\x04');
  await person.getByText('Remove from report').click();
  await person.getByRole('button', { name: /^Remove / }).click();
  await expect(pageB.getByText('Removed from the report.')).toBeVisible();
  await expect(pageB.getByText('No one matches.')).toBeVisible();

  // Another month: A links again, then removes access itself.
  monthLater(profile);
  card = await associate(pageA, js, profile, 'Associate profile');
  await expect(card).toContainText('Link 3 of 3 in the last 12 months');
  await hydrated(pageA, js);
  await card.getByRole('button', { name: 'Remove access' }).click();
  await expect(pageA.getByRole('region', { name: 'Link with your company' })).toContainText('Not linked to a company');
  await expect(pageA.getByRole('region', { name: 'Certifications', exact: true })).toContainText('access removed');
});
