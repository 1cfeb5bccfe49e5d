import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { expectAccessible, hydrated, screenshots, signIn } from './support';

test.describe('call history', () => {
  test.beforeEach(async ({ page }) => {
    await signIn(page, 'calls@example.com');
    await page.goto('/calls');
    await hydrated(page);
  });

  test('filters change the table and the URL, and back restores them', async ({ page }) => {
    const rows = page.getByTestId('calls-table').locator('tbody tr');
    await expect(rows).toHaveCount(20);
    await page.getByLabel('Status').selectOption('missed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=missed/);
    await expect(page.getByTestId('calls-table').locator('.badge')).not.toHaveCount(0);
    for (const badge of await page.getByTestId('calls-table').locator('.badge').allTextContents()) {
      expect(badge).toBe('missed');
    }
    await page.goBack();
    await expect(page).not.toHaveURL(/status=missed/);
    await expect(rows).toHaveCount(20);
    await expectAccessible(page);
    await screenshots(page, 'calls');
  });

  test('paging moves through the history', async ({ page }) => {
    const first = await page.getByTestId('calls-table').locator('tbody tr').first().textContent();
    await page.getByRole('link', { name: 'Next' }).click();
    await expect(page).toHaveURL(/page=2/);
    await expect(page.getByText(/Page 2 of \d+/)).toBeVisible();
    expect(await page.getByTestId('calls-table').locator('tbody tr').first().textContent()).not.toBe(first);
    await page.getByRole('link', { name: 'Previous' }).click();
    await expect(page).toHaveURL(/page=1/);
  });

  test('the detail view shows the agent, rating, summary and recording', async ({ page }) => {
    await page.getByLabel('Status').selectOption('completed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=completed/);
    // The URL changes before the filtered table arrives: a click on the old first row could open a missed call,
    // which has no rating. Wait until every badge says completed.
    await expect(page.getByTestId('calls-table').locator('.badge').first()).toHaveText('completed');
    await expect(page.getByTestId('calls-table').locator('.badge', { hasNotText: 'completed' })).toHaveCount(0);
    await page.getByTestId('calls-table').locator('tbody tr a').first().click();
    await expect(page).toHaveURL(/\/calls\/[0-9a-f-]{36}$/);
    const detail = page.getByTestId('call-detail');
    await expect(detail).toContainText('Agent');
    await expect(detail).toContainText('of 5');
    await expect(page.locator('audio')).toHaveAttribute('src', /^https:\/\//);
    await expectAccessible(page);
    await screenshots(page, 'call-detail');
  });

  test('the CSV download has the filtered rows', async ({ page }) => {
    await page.getByLabel('Status').selectOption('failed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=failed/);
    // The table and its count render together: once every badge says failed, the count is the filtered one.
    await expect(page.getByTestId('calls-table').locator('.badge').first()).toHaveText('failed');
    await expect(page.getByTestId('calls-table').locator('.badge', { hasNotText: 'failed' })).toHaveCount(0);
    const count = Number((await page.getByTestId('call-count').textContent())?.split(' ')[0]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('csv').click()]);
    const text = readFileSync((await download.path()) as string, 'utf8');
    const lines = text.trim().split('\n');
    expect(lines[0]).toContain('phone_number');
    expect(lines.length - 1).toBe(count);
    expect(lines.slice(1).every((l) => l.includes(',failed,'))).toBe(true);
  });

  test('charts show volume, success rate and duration', async ({ page }) => {
    await expect(page.locator('figure.chart figcaption')).toHaveText([/Calls per day/, 'Success rate (%)', 'Average duration (seconds)']);
    await expect(page.locator('figure.chart rect.bar').first()).toBeVisible();
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the filter form works as a plain GET form', async ({ page }) => {
    await signIn(page, 'calls@example.com');
    await page.goto('/calls');
    await page.getByLabel('Status').selectOption('missed');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect(page).toHaveURL(/status=missed/);
    for (const badge of await page.getByTestId('calls-table').locator('.badge').allTextContents()) {
      expect(badge).toBe('missed');
    }
  });
});
