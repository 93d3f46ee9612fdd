import { test, expect } from '@playwright/test';
import { enrolledInReview, hydrated, PASSWORD, uniqueEmail } from './helpers';

const usesJs = (name: string) => name === 'javascript';

/** Each project enrolls its own company of the demo directory. */
const COMPANIES: Record<string, string> = {
  javascript: '924757551',
  'no-javascript': '627104586',
};

test('someone whose session ended signs in again and is back on the page they asked for', async ({ page, request, browser }, info) => {
  const js = usesJs(info.project.name);
  const email = uniqueEmail('anna');
  await enrolledInReview(page, request, email, COMPANIES[info.project.name]);

  // A new browser (no session) opens a bookmarked page of the partner profile.
  const later = await browser.newContext({ javaScriptEnabled: js });
  const tab = await later.newPage();
  await tab.goto('/company/locations');
  await expect(tab).toHaveURL(/\/signin\?next=\/company\/locations$/);
  await expect(tab.getByRole('main').getByRole('status')).toHaveText('Sign in to continue to the page you asked for.');
  await hydrated(tab, js);
  await tab.getByLabel('Work email').fill(email);
  await tab.getByLabel('Password').fill(PASSWORD);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await expect(tab).toHaveURL(/\/company\/locations$/);
  await expect(tab.getByRole('heading', { name: 'Locations', level: 1 })).toBeVisible();
  await later.close();
});
