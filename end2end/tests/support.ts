import { expect, type Page } from '@playwright/test';

/** The password of every demo account (`dashboard seed-demo`). */
export const DEMO_PASSWORD = 'demo-dashboard-2026';

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

/** Saves a screenshot of the page at 1280 px and 375 px wide under end2end/screenshots/ (not committed). */
export async function screenshots(page: Page, name: string) {
  for (const width of [1280, 375]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `screenshots/${name}-${width}.png`, fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Fails the test when axe finds accessibility violations on the page as it is now. */
export async function expectAccessible(page: Page) {
  const { default: AxeBuilder } = await import('@axe-core/playwright');
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  expect(summary).toEqual([]);
}
