import { expect, test } from '@playwright/test';
import { expectAccessible, hydrated, screenshots, signIn } from './support';

test('the demo overview shows stats, plan, urgent notifications, recent calls and images', async ({ page }) => {
  await signIn(page, 'demo@example.com');
  await expect(page.getByTestId('welcome')).toHaveText('Welcome, Demo User');
  const calls = page.getByTestId('call-stats');
  await expect(calls).toContainText('Total calls');
  await expect(calls).toContainText('Success rate');
  await expect(page.getByTestId('plan')).toContainText('Professional');
  await expect(page.getByTestId('urgent').getByRole('listitem')).toHaveCount(2);
  await expect(page.getByRole('table').first().locator('tbody tr')).toHaveCount(5);
  const usage = page.getByTestId('usage-stats');
  await expect(usage).toContainText('Tokens used');
  // Thumbnails are real images served by the server.
  const thumbnail = page.locator('ul.thumbs img').first();
  await expect(thumbnail).toBeVisible();
  expect(await thumbnail.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
  await expectAccessible(page);
  await screenshots(page, 'overview');
});

test('widgets follow the saved order and the layout sets the density', async ({ page, request }) => {
  const email = `widgets-${Date.now()}@example.com`;
  const password = 'a long and unusual passphrase';
  await request.post('/api/auth/register', { data: { email, password, first_name: 'Wid', last_name: 'Gets' } });
  const login = await (await request.post('/api/auth/login', { data: { email, password } })).json();
  const patch = await request.patch('/api/dashboard/user/preferences/', {
    headers: { authorization: `Bearer ${login.access_token}` },
    data: { dashboard_layout: 'compact', dashboard_widgets: ['usage', 'call_statistics'] },
  });
  expect(patch.status()).toBe(200);
  await signIn(page, email, password);
  const headings = page.locator('.overview h2');
  await expect(headings).toHaveText(['Chats and images', 'Calls']);
  await expect(page.locator('.overview')).toHaveClass(/layout-compact/);
  await hydrated(page);
  await expectAccessible(page);
});
