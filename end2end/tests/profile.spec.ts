import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { enrolledInReview, hydrated, latestMail, sql, uniqueEmail } from './helpers';

const usesJs = (name: string) => name === 'javascript';

/** Each test and project enrolls its own company of the demo directory. */
const COMPANIES: Record<string, [string, string]> = {
  'location-javascript': ['767313473', 'Hollandse Wolk B.V.'],
  'location-no-javascript': ['697600698', 'Zuiderzee Netwerken B.V.'],
  'agreement-javascript': ['551631864', 'Bakker & De Wit Automatisering B.V.'],
  'agreement-no-javascript': ['941140765', 'Rijnmond Licenties B.V.'],
};

test('an admin adds a location whose contact confirms by email, and it gets its own partner ID', async ({ page, request, browser }, info) => {
  const js = usesJs(info.project.name);
  const [duns, company] = COMPANIES[`location-${info.project.name}`];
  await enrolledInReview(page, request, uniqueEmail('anna'), duns);
  await page.goto('/company');
  const menu = page.getByRole('navigation', { name: 'Partner profile' });
  await expect(menu.getByRole('link', { name: 'Profile' })).toHaveAttribute('aria-current', 'page');
  await menu.getByRole('link', { name: 'Locations' }).click();
  await expect(page.getByRole('heading', { name: 'Locations', level: 1 })).toBeVisible();
  await expect(page.getByRole('listitem').filter({ hasText: 'Head office' })).toContainText(/\d{7}/);
  await hydrated(page, js);

  const form = page.getByRole('region', { name: 'Add a location' });
  await form.getByLabel('Country').selectOption('NL');
  await form.getByLabel('Address line 1').fill('Postbus 1234');
  await form.getByLabel('Postal code').fill('3511');
  await form.getByLabel('City').fill('Utrecht');
  const contact = uniqueEmail('lotte');
  await form.getByLabel("Contact's full name").fill('Lotte de Boer');
  await form.getByLabel("Contact's company email").fill(contact);
  await form.getByRole('button', { name: 'Add location' }).click();
  await expect(form.getByRole('alert')).toContainText('P.O. box');
  await expect(form.getByRole('alert')).toContainText('1012 AB');
  await expect(form.getByLabel('City')).toHaveValue('Utrecht');
  await hydrated(page, js);
  await form.getByLabel('Address line 1').fill('Vredenburg 40');
  await form.getByLabel('Postal code').fill('3511 BD');
  await form.getByRole('button', { name: 'Add location' }).click();
  await expect(page.getByText('Location added.')).toBeVisible();
  const added = page.getByRole('listitem').filter({ hasText: 'Vredenburg 40' });
  await expect(added).toContainText('Not confirmed yet');
  const ids = await page.locator('.location-id').allTextContents();
  expect(ids).toHaveLength(2);
  expect(new Set(ids).size).toBe(2);
  ids.forEach((id) => expect(id).toMatch(/^\d{7}$/));

  const link = (await latestMail(request, contact)).text.match(/https?:\/\/\S+token=\w+/)![0];
  const other = await browser.newContext({ javaScriptEnabled: js });
  const contactPage = await other.newPage();
  await contactPage.goto(link);
  await hydrated(contactPage, js);
  await contactPage.getByRole('button', { name: 'Confirm my email address' }).click();
  await expect(contactPage.getByText('Your email address is confirmed')).toBeVisible();
  await other.close();

  await page.reload();
  await expect(page.getByRole('listitem').filter({ hasText: 'Vredenburg 40' })).toContainText('Confirmed on');
  await page.getByRole('navigation', { name: 'Partner profile' }).getByRole('link', { name: 'Profile' }).click();
  await expect(page.getByRole('heading', { name: company })).toBeVisible();
  await expect(page.getByText('Location added').first()).toBeVisible();
});

test('the accepted agreement is shown and downloads as a PDF naming the company and the date', async ({ page, request }, info) => {
  const js = usesJs(info.project.name);
  const [duns, company] = COMPANIES[`agreement-${info.project.name}`];
  await enrolledInReview(page, request, uniqueEmail('anna'), duns);
  await page.goto('/company');
  await page.getByRole('navigation', { name: 'Partner profile' }).getByRole('link', { name: 'Agreement' }).click();
  await expect(page.getByRole('heading', { name: 'Partner agreement', level: 1 })).toBeVisible();
  const today = new Date().toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  await expect(page.getByText(`Version 2026-11, accepted by Anna de Vries`)).toContainText(today);
  await expect(page.getByRole('article')).toContainText('Confidentiality.');
  await hydrated(page, js);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download version 2026-11 as PDF' }).click()]);
  const path = await download.path();
  expect(readFileSync(path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
  // The text as a reader extracts it.
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', path, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
  expect(text).toContain(company);
  expect(text).toContain(`Accepted on: ${today} at`);
  expect(text).toContain('Accepted by: Anna de Vries');
  expect(text).toContain('Partner Agreement');

  // A version the company accepted stays readable beside a newer one.
  sql(`INSERT OR IGNORE INTO agreement_texts (version, language, body, published_at) VALUES
       ('2025-05', 'en', 'Partner Agreement 2025' || char(10) || char(10) || 'The old clause about carrier pigeons.', '2025-05-01T00:00:00+00:00'),
       ('2025-05', 'nl', 'Partnerovereenkomst 2025' || char(10) || char(10) || 'De oude bepaling over postduiven.', '2025-05-01T00:00:00+00:00')`);
  sql(`UPDATE agreement_acceptances SET version = '2025-05' WHERE company_id = (SELECT id FROM companies WHERE legal_name = '${company}')`);
  await page.reload();
  const versions = page.getByRole('region', { name: 'Versions' });
  await expect(versions.getByRole('listitem').filter({ hasText: 'Version 2026-11' })).toContainText('Not accepted yet');
  await expect(versions.getByRole('listitem').filter({ hasText: 'Version 2025-05' })).toContainText('Accepted by Anna de Vries');
  await expect(page.getByRole('button', { name: 'Accept version 2026-11' })).toBeVisible();
  await versions.getByRole('link', { name: 'Read version 2025-05' }).click();
  await expect(page.getByRole('article')).toContainText('The old clause about carrier pigeons.');
  await expect(page.getByRole('article')).not.toContainText('Confidentiality.');
  await expect(page.getByRole('heading', { name: 'Version 2025-05' })).toBeVisible();
  await page.getByRole('link', { name: 'Read the current version' }).click();
  await expect(page.getByRole('article')).toContainText('Confidentiality.');
});
