import { test, expect } from '@playwright/test';
import { authorizeByApi, enrolledInReview, enrolledUntilCompany, hydrated, post, uniqueEmail } from './helpers';

// What a new user would trip over: each test walks one detail the way a person meets it.

const usesJs = (name: string) => name === 'javascript';

/** Each project's companies of the demo directory, used by no other test. */
const COMPANIES: Record<string, [string, string]> = {
  'enrolled-javascript': ['573622146', 'Kempen IT Partners BV'],
  'enrolled-no-javascript': ['357627256', 'Contoso Deutschland GmbH'],
  'locked-javascript': ['102721764', 'Rheinland Cloud GmbH'],
  'locked-no-javascript': ['759496827', 'Alpenblick Software GmbH'],
  'labels-javascript': ['186676380', 'Hanse Datentechnik GmbH'],
  'labels-no-javascript': ['218902461', 'Spreewald Systeme GmbH'],
};

test('a refused form without JavaScript leaves a clean address, however often it is sent', async ({ page }, info) => {
  test.skip(usesJs(info.project.name), 'about plain form posts');
  await page.goto('/signin');
  for (let attempt = 0; attempt < 3; attempt++) {
    await page.getByLabel('Work email').fill('not an address');
    await page.getByLabel('Password').fill('whatever it is');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toBeVisible();
    expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/signin');
  }
  await expect(page.getByLabel('Work email')).toHaveValue('not an address');
});

test('asking for another code too soon says how long to wait, and counts down with JavaScript', async ({ page }, info) => {
  const js = usesJs(info.project.name);
  await post(page.request, 'start_enrollment', { email: uniqueEmail('wim') });
  await page.goto('/enroll/verify');
  await hydrated(page, js);
  await page.getByRole('button', { name: 'Send a new code' }).click();
  const wait = page.getByRole('alert').filter({ hasText: 'You can ask for another code in' });
  await expect(wait).toHaveText(/You can ask for another code in \d+ seconds\./);
  const seconds = async () => Number((await wait.textContent())!.match(/in (\d+) seconds/)![1]);
  const first = await seconds();
  expect(first).toBeGreaterThan(0);
  expect(first).toBeLessThanOrEqual(60);
  if (js) await expect.poll(seconds, { timeout: 5_000 }).toBeLessThan(first);
});

test('a company that is enrolled already is refused at the DUNS lookup, with what to do instead', async ({ page, browser }, info) => {
  const js = usesJs(info.project.name);
  const [duns] = COMPANIES[`enrolled-${info.project.name}`];
  const first = await browser.newContext();
  await enrolledInReview(await first.newPage(), first.request, uniqueEmail('anna'), duns);
  await first.close();

  await enrolledUntilCompany(page.request, page.request, uniqueEmail('bert'));
  await page.goto('/enroll/company');
  await hydrated(page, js);
  await page.getByLabel('DUNS number').fill(duns);
  await page.getByRole('button', { name: 'Look up company' }).click();
  await expect(page.getByRole('alert')).toHaveText(/This company is already enrolled\./);
  await expect(page.getByText('Found in the company directory')).toHaveCount(0);
  await expect(page.getByLabel('Legal business name')).toHaveCount(0);
  await expect(page.getByText("If your company already has a Partnerhub account, sign in, or ask one of your company's admins to add you.")).toBeVisible();
  await expect(page.getByRole('main').getByRole('link', { name: 'Sign in' })).toBeVisible();
});

test('before the company is authorized, My profile says once when linking opens and its form cannot be used', async ({ page }, info) => {
  const js = usesJs(info.project.name);
  const [duns] = COMPANIES[`locked-${info.project.name}`];
  await enrolledInReview(page, page.request, uniqueEmail('carla'), duns);
  await page.goto('/me');
  await hydrated(page, js);
  await expect(page.getByText('Linking is possible once your company is authorized.')).toHaveCount(1);
  await expect(page.getByText(/3–5 business days/)).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);
  const card = page.getByRole('region', { name: 'Link with your company' });
  await expect(card.getByLabel('Certification profile email')).toBeDisabled();
  await expect(card.getByRole('button', { name: 'Associate profile' })).toBeDisabled();
  // The status page says "In review" once, and the partner profile pages say where they are.
  await page.goto('/company');
  await expect(page.getByText('In review', { exact: true })).toHaveCount(1);
  await expect(page.getByText('In review —')).toHaveCount(0);
});

test('on My profile each label puts the cursor in its own input', async ({ page, browser }, info) => {
  const js = usesJs(info.project.name);
  const [duns, company] = COMPANIES[`labels-${info.project.name}`];
  await enrolledInReview(page, page.request, uniqueEmail('dirk'), duns);
  await authorizeByApi(browser, company);
  await page.goto('/me');
  await hydrated(page, js);
  await page.getByText('Partner University email', { exact: true }).click();
  await expect(page.getByLabel('Partner University email')).toBeFocused();
  await page.getByText('Certification profile email', { exact: true }).click();
  await expect(page.getByLabel('Certification profile email')).toBeFocused();
  await page.getByLabel('Partner University email').fill('dirk@university.test');
  await expect(page.getByLabel('Certification profile email')).toHaveValue('');
  // The partner profile's pages name the partner profile above their titles.
  for (const path of ['/company/agreement', '/company/competencies', '/company/skills']) {
    await page.goto(path);
    await expect(page.locator('.eyebrow')).toHaveText(/^Partner profile$/i);
  }
  // The skills report's filter has a heading one can see, not an empty band.
  await expect(page.getByRole('heading', { name: 'Filter', exact: true })).toBeVisible();
});
