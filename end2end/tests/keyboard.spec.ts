import { test, expect, type Page } from '@playwright/test';
import { authorizeByApi, codeIn, hydrated, latestMail, uniqueEmail } from './helpers';

// Enrollment and linking with the keyboard alone: Tab to move, typing, Space to tick, Enter to
// send. The test reads which element has focus (as a screen reader would say it) and nothing
// is clicked.

const CASES: Record<string, { duns: string; company: string; profile: string }> = {
  javascript: { duns: '408421828', company: 'Bodensee IT-Partner GmbH', profile: 'daan.schmidt@hollandsewolk.nl' },
  'no-javascript': { duns: '976990827', company: 'Elbufer Lizenzen GmbH', profile: 'finn.degroot@tulpenveld.nl' },
};

/** The accessible name of the focused element: its label, else its own name or text. */
async function focusedName(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLInputElement | null;
    if (!el || el === document.body) return '';
    const label = el.labels && el.labels.length > 0 ? el.labels[0].textContent : (el.getAttribute('aria-label') ?? el.textContent);
    return (label ?? '').replace(/\s+/g, ' ').trim();
  });
}

/** Presses Tab until the element named `name` has focus. */
async function tabTo(page: Page, name: string | RegExp) {
  const seen: string[] = [];
  for (let i = 0; i < 80; i++) {
    await page.keyboard.press('Tab');
    const focused = await focusedName(page);
    if (typeof name === 'string' ? focused === name : name.test(focused)) return;
    seen.push(focused);
  }
  throw new Error(`Tab never reached "${name}"; it reached: ${seen.join(' | ')}`);
}

test('a company enrolls and a person links a certification profile with the keyboard alone', async ({ page, browser, request }, info) => {
  const js = info.project.name === 'javascript';
  const { duns, company, profile } = CASES[info.project.name];
  const email = uniqueEmail('karin');

  await page.goto('/enroll');
  await hydrated(page, js);
  await tabTo(page, 'Work email');
  await page.keyboard.type(email);
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Check your email' })).toBeVisible();

  await hydrated(page, js);
  await tabTo(page, 'Verification code');
  await page.keyboard.type(codeIn((await latestMail(request, email)).subject));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Create your account' })).toBeVisible();

  await hydrated(page, js);
  await tabTo(page, 'Your full name');
  await page.keyboard.type('Karin Vogel');
  await tabTo(page, 'Password');
  await page.keyboard.type('correct horse battery');
  await tabTo(page, 'Repeat the password');
  await page.keyboard.type('correct horse battery');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: "Your company's legal details" })).toBeVisible();

  await hydrated(page, js);
  await tabTo(page, 'DUNS number');
  await page.keyboard.type(duns);
  await page.keyboard.press('Enter');
  await expect(page.getByText('Found in the company directory')).toBeVisible();
  await hydrated(page, js);
  await tabTo(page, 'Save and continue');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: 'Primary contact' })).toBeVisible();

  await hydrated(page, js);
  await tabTo(page, /^Me \(Karin Vogel/);
  await page.keyboard.press('Space');
  await tabTo(page, 'Save and continue');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Partner agreement' })).toBeVisible();

  await hydrated(page, js);
  await tabTo(page, /^I am authorized to sign legal agreements/);
  await page.keyboard.press('Space');
  await tabTo(page, /^I have read and accept the partner agreement/);
  await page.keyboard.press('Space');
  await tabTo(page, 'Enroll now');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { name: company })).toBeVisible();

  // The enroller is the primary contact: the confirmation link comes by mail.
  const link = (await latestMail(request, email, 1)).text.match(/https?:\/\/\S+token=\w+/)![0];
  await page.goto(link);
  await hydrated(page, js);
  await tabTo(page, 'Confirm my email address');
  await page.keyboard.press('Enter');
  await expect(page.getByText('Your email address is confirmed')).toBeVisible();
  await authorizeByApi(browser, company);

  await page.goto('/me');
  await hydrated(page, js);
  await tabTo(page, 'Certification profile email');
  await page.keyboard.type(profile);
  await tabTo(page, 'Certification profile password');
  await page.keyboard.type('demo certification');
  await tabTo(page, 'Associate profile');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('region', { name: 'Link with your company' }).getByText(`${company} since`)).toBeVisible();
});
