import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, screenshots, signIn, leaveSetupForLater, uniqueEmail, signUp } from './support';

// The page background of each palette (--bg in style/main.css).
const LIGHT_BG = 'rgb(246, 247, 251)';
const DARK_BG = 'rgb(15, 18, 24)';

async function background(page: Page): Promise<string> {
  return page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
}

test.describe('with JavaScript', () => {
  test('choosing dark in Settings applies at once and persists across a reload', async ({ page }) => {
    await signUp(page, uniqueEmail('dark'));
    await leaveSetupForLater(page);
    await page.goto('/settings');
    await hydrated(page);
    const html = page.locator('html');
    await expect(html).toHaveAttribute('data-theme', 'auto');
    // Set on this document: a reload (or a full navigation) would drop it.
    await page.evaluate(() => ((window as any).__same_document = true));

    await page.getByLabel('Theme').selectOption('dark');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByTestId('preferences-outcome')).toContainText('Preferences saved.');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe(DARK_BG);
    expect(await page.evaluate(() => (window as any).__same_document)).toBe(true);

    await page.reload();
    await expect(html).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe(DARK_BG);
    await expect(page.getByLabel('Theme')).toHaveValue('dark');

    await hydrated(page);
    await page.getByLabel('Theme').selectOption('light');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(html).toHaveAttribute('data-theme', 'light');
    expect(await background(page)).toBe(LIGHT_BG);
  });

  test('auto follows the system colour scheme', async ({ page }) => {
    await signUp(page, uniqueEmail('auto'));
    await leaveSetupForLater(page);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'auto');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background(page)).toBe(DARK_BG);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await background(page)).toBe(LIGHT_BG);
  });

  test('light stays light on a dark system', async ({ page }) => {
    await signUp(page, uniqueEmail('light'));
    await leaveSetupForLater(page);
    await page.goto('/settings');
    await hydrated(page);
    await page.getByLabel('Theme').selectOption('light');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background(page)).toBe(LIGHT_BG);
  });

  test('the theme chosen during the guided setup applies at once', async ({ page }) => {
    await signUp(page, uniqueEmail('setup-theme'));
    await expect(page).toHaveURL(/\/welcome$/);
    await hydrated(page);
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.getByTestId('step-preferences')).toBeVisible();
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByRole('button', { name: 'Save and continue' }).click();
    await expect(page.getByTestId('step-plan')).toBeVisible();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe(DARK_BG);
  });

  // The demo account is only read here: its theme is auto, so the system's scheme picks the palette.
  for (const scheme of ['dark', 'light'] as const) {
    test(`overview, calls, subscription and settings in ${scheme} pass axe`, async ({ page }) => {
      test.setTimeout(120_000);
      await page.emulateMedia({ colorScheme: scheme });
      await signIn(page, 'demo@example.com');
      for (const [path, name] of [
        ['/', 'overview'],
        ['/calls', 'calls'],
        ['/subscription', 'subscription'],
        ['/settings', 'settings'],
      ]) {
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('data-theme', 'auto');
        expect(await background(page)).toBe(scheme === 'dark' ? DARK_BG : LIGHT_BG);
        await expectAccessible(page);
        await screenshots(page, `${name}-${scheme}`);
      }
    });
  }
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a theme saved as a plain form arrives with the page it returns to', async ({ page }) => {
    await signUp(page, uniqueEmail('nojs-theme'));
    await leaveSetupForLater(page);
    await page.goto('/settings');
    await page.getByLabel('Theme').selectOption('dark');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    expect(await background(page)).toBe(DARK_BG);
    await expectAccessible(page);
    await screenshots(page, 'settings-nojs-dark');
  });
});
