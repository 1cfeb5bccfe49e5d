import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, screenshots, signIn } from './support';

// demo@ is only read; alerts@ belongs to this file: its tests mark notifications read, so they run in order in one serial block.
const ALERTS = 'alerts@example.com';
const READ_ONLY = 'demo@example.com';

const bell = (page: Page) => page.getByTestId('notification-bell');

/** The unread count the bell announces. */
async function bellCount(page: Page): Promise<number> {
  await expect(bell(page)).toHaveAttribute('aria-label', /^Notifications, \d+ unread$/);
  const label = (await bell(page).getAttribute('aria-label')) ?? '';
  return Number(label.match(/(\d+) unread/)?.[1]);
}

async function openNotifications(page: Page, query = '') {
  await signIn(page, ALERTS);
  await page.goto(`/notifications${query}`);
  await hydrated(page);
}

test.describe('the alerts@ account', () => {
  test.describe.configure({ mode: 'serial' });

  test('the bell counts the unread notifications and leads to them', async ({ page }) => {
    await signIn(page, ALERTS);
    await hydrated(page);
    const unread = await bellCount(page);
    expect(unread).toBeGreaterThan(0);
    await expect(bell(page).locator('.bell-count')).toHaveText(String(unread));

    await bell(page).click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Notifications');
    const items = page.getByTestId('notification');
    await expect(items).toHaveCount(5);
    await expect(page.locator('[data-testid="notification"][data-read="false"]')).toHaveCount(unread);
    // Urgent ones are marked in words, not only by colour.
    await expect(items.filter({ has: page.locator('.badge.urgent') })).toHaveCount(2);
    await expect(items.filter({ hasText: 'Urgent' })).toHaveCount(2);
    await expectAccessible(page);
    await screenshots(page, 'notifications');
  });

  test('the unread filter changes the list and the address', async ({ page }) => {
    await openNotifications(page);
    const unread = await bellCount(page);
    await page.getByRole('link', { name: 'Unread only' }).click();
    await expect(page).toHaveURL(/\/notifications\?unread_only=true$/);
    await expect(page.getByRole('link', { name: 'Unread only' })).toHaveAttribute('aria-current', 'page');
    await expect(page.getByTestId('notification')).toHaveCount(unread);
    await expect(page.locator('[data-testid="notification"][data-read="true"]')).toHaveCount(0);

    await page.getByRole('link', { name: 'All', exact: true }).click();
    await expect(page).toHaveURL(/\/notifications$/);
    await expect(page.getByTestId('notification')).toHaveCount(5);

    // A page past the end says so and leads back.
    await page.goto('/notifications?page=2');
    await expect(page.getByTestId('notifications-empty')).toContainText('There is nothing on this page.');
    await expect(page.getByRole('navigation', { name: 'Pages' })).toContainText('Page 2 of 1');
    await page.getByRole('link', { name: 'Go to the first page' }).click();
    await expect(page.getByTestId('notification')).toHaveCount(5);
  });

  test('marking one read updates the item and the bell without a reload', async ({ page }) => {
    await openNotifications(page);
    const before = await bellCount(page);
    await page.evaluate(() => ((window as any).__same_page = true));
    const first = page.locator('[data-testid="notification"][data-read="false"]').first();
    const title = (await first.locator('.notification-title').textContent()) ?? '';
    await first.getByRole('button', { name: /Mark as read/ }).click();

    await expect(page.getByTestId('notifications-outcome')).toHaveText('Marked 1 notification as read.');
    await expect(bell(page)).toHaveAttribute('aria-label', `Notifications, ${before - 1} unread`);
    const item = page.getByTestId('notification').filter({ hasText: title.trim() });
    await expect(item).toHaveAttribute('data-read', 'true');
    await expect(item).toContainText('Read');
    expect(await page.evaluate(() => (window as any).__same_page)).toBe(true);
  });

  test.describe('without JavaScript', () => {
    test.use({ javaScriptEnabled: false });

    test('marking one read works as a plain form', async ({ page }) => {
      await signIn(page, ALERTS);
      await page.goto('/notifications?unread_only=true');
      const before = await bellCount(page);
      await page.getByTestId('notification').first().getByRole('button', { name: /Mark as read/ }).click();
      // Back on the same filtered page, rendered by the server with the new state.
      await expect(page).toHaveURL(/\/notifications\?unread_only=true$/);
      await expect(bell(page)).toHaveAttribute('aria-label', `Notifications, ${before - 1} unread`);
      await expect(page.getByTestId('notification')).toHaveCount(before - 1);
    });
  });

  test('mark all as read sets the bell to 0 and empties the unread list', async ({ page }) => {
    await openNotifications(page, '?unread_only=true');
    await page.getByRole('button', { name: 'Mark all as read' }).click();
    await expect(page.getByTestId('notifications-outcome')).toHaveText(/^Marked \d+ notifications? as read\.$/);
    await expect(bell(page)).toHaveAttribute('aria-label', 'Notifications, 0 unread');
    await expect(bell(page).locator('.bell-count')).toHaveCount(0);
    await expect(page.getByTestId('notifications-empty')).toHaveText('No unread notifications. You are all caught up.');
    await expect(page.getByRole('button', { name: 'Mark all as read' })).toBeDisabled();
    await expectAccessible(page);
    await screenshots(page, 'notifications-all-read');
  });
});

test('a list that fails to load says so, and the page recovers', async ({ page }) => {
  await signIn(page, READ_ONLY);
  await page.goto('/notifications');
  await hydrated(page);
  await page.route('**/api/fn/notifications/list', (route) =>
    route.fulfill({
      status: 500,
      contentType: 'application/json',
      body: JSON.stringify({ code: 'internal', message: 'Something went wrong on our side. Please try again.' }),
    }),
  );
  await page.getByRole('link', { name: 'Unread only' }).click();
  await expect(page.getByRole('alert')).toContainText(
    'We could not load your notifications: Something went wrong on our side. Please try again.',
  );
  await page.unroute('**/api/fn/notifications/list');
  await page.getByRole('link', { name: 'All', exact: true }).click();
  await expect(page.getByTestId('notification')).toHaveCount(5);
});
