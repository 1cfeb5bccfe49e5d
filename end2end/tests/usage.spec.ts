import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, screenshots, signIn } from './support';

test('usage shows tokens over time and the share of each model', async ({ page }) => {
  await signIn(page, 'demo@example.com');
  await page.goto('/usage');
  await hydrated(page);
  await expect(page.getByTestId('token-total')).toContainText('tokens from');
  await expect(page.locator('figure.chart figcaption').first()).toHaveText('Tokens per day');
  await expect(page.locator('.legend li')).toHaveCount(3);
  await page.getByLabel('Group by').selectOption('week');
  await page.getByRole('button', { name: 'Show' }).click();
  await expect(page).toHaveURL(/bucket=week/);
  await expect(page.locator('figure.chart figcaption').first()).toHaveText('Tokens per week');
  await expectAccessible(page);
  await screenshots(page, 'usage');
});
