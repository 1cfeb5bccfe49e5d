import { expect, type Page } from '@playwright/test';

/** The password of every demo account (`dashboard seed-demo`). */
export const DEMO_PASSWORD = 'demo-dashboard-2026';

/** The password of the accounts the specs register. */
export const NEW_PASSWORD = 'a long and unusual passphrase';

/** An address no other test, and no earlier run, has used. */
export function uniqueEmail(prefix: string): string {
  return `${prefix}-${Date.now()}-${Math.floor(Math.random() * 1e6)}@example.com`;
}

/** Fills in and sends the sign-up form; a new account is taken to the guided setup. */
export async function signUp(page: Page, email: string, first = 'Ada', last = 'Lovelace') {
  await page.goto('/register');
  await page.getByLabel('First name').fill(first);
  await page.getByLabel('Last name').fill(last);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(NEW_PASSWORD);
  await page.getByRole('button', { name: 'Create account' }).click();
}

/** A new account with the guided setup left for later: the page is then on the overview. */
export async function register(page: Page, email: string, first = 'Ada', last = 'Lovelace') {
  await signUp(page, email, first, last);
  await leaveSetupForLater(page);
}

/** Signs in through the login form and waits for the overview. */
export async function signIn(page: Page, email: string, password = DEMO_PASSWORD) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** After a sign-up: the guided setup opens first; "Finish later" leaves it for the overview. */
export async function leaveSetupForLater(page: Page) {
  await expect(page).toHaveURL(/\/welcome$/);
  await page.getByRole('link', { name: 'Finish later' }).click();
  await expect(page).toHaveURL(/\/$/);
}

/** Waits until the wasm client has hydrated the page, so clicks are handled by it. */
export async function hydrated(page: Page) {
  await page.waitForFunction(() => (window as any).__dashboard_hydrated === true);
}

/** Clicks the header's switch to `lang` and waits until the choice is saved: the page switches at once, but the
 * preference (and the cookie) land with the background request, and a navigation before then renders the old
 * language on the server. */
export async function switchLanguage(page: Page, lang: 'en' | 'ar' | 'ur') {
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/fn/language') && r.ok());
  await page.getByTestId(`lang-${lang}`).click();
  await saved;
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
}

/** Saves a screenshot of the page at 1280 px and 375 px wide under end2end/screenshots/ (not committed). */
export async function screenshots(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/**
 * Fails the test when axe finds accessibility violations on the page as it is now.
 *
 * axe runs on timers, and a page with JavaScript off runs no timers, not even those of Playwright's own
 * evaluations: analyze() would wait forever. Such a page is audited as a copy in a context of its own with
 * JavaScript on, loaded from the page's current HTML (with its stylesheet and images, so contrast is measured
 * on what the user sees) while the app's own scripts are refused, so the copy stays the page without
 * JavaScript.
 */
export async function expectAccessible(page: Page) {
  if (await scriptsRun(page)) {
    return expectNoViolations(page);
  }
  const browser = page.context().browser();
  if (!browser) throw new Error('no browser to open the copy in');
  const url = page.url();
  const html = await page.content();
  const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
  // Explicitly on: Playwright Test gives contexts made from its browser the test's options, JavaScript off included.
  const context = await browser.newContext({ storageState: await page.context().storageState(), viewport, javaScriptEnabled: true });
  try {
    const copy = await context.newPage();
    await copy.emulateMedia({ colorScheme: await page.evaluate(() => (matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light')) });
    await copy.route('**/*', (route) => {
      const request = route.request();
      if (request.url() === url && request.resourceType() === 'document') return route.fulfill({ contentType: 'text/html', body: html });
      if (request.resourceType() === 'script' || request.url().endsWith('.wasm')) return route.abort();
      return route.continue();
    });
    await copy.goto(url);
    // The copy must be the page, not an error or a blank document that would pass any audit.
    expect(await copy.title()).toBe(await page.title());
    await expectNoViolations(copy);
  } finally {
    await context.close();
  }
}

/** Whether the page runs timers, i.e. has JavaScript on. */
async function scriptsRun(page: Page): Promise<boolean> {
  // Never settles without JavaScript; it is dropped (and rejects harmlessly) when the page goes.
  const tick = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0))).catch(() => false);
  return Promise.race([tick, new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000))]);
}

async function expectNoViolations(page: Page) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}
