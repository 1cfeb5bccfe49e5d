import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, screenshots, uniqueEmail, register } from './support';

/** The shown widgets, in order. */
async function shownWidgets(page: Page): Promise<string[]> {
  return page.getByTestId('shown-widgets').locator('li').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-widget') ?? ''));
}

test.describe('with JavaScript', () => {
  test('toggles persist across a reload and each save is announced', async ({ page }) => {
    await register(page, uniqueEmail('settings'));
    await page.goto('/settings');
    await hydrated(page);
    const sms = page.getByLabel('SMS notifications');
    const wasChecked = await sms.isChecked();
    await sms.setChecked(!wasChecked);
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await expect(page.getByTestId('notifications-outcome')).toHaveText('Notification preferences saved.');
    await expect(page.getByTestId('notifications-outcome')).toHaveAttribute('role', 'status');

    await page.getByLabel('Call quality').selectOption('high');
    await page.getByLabel('Record calls automatically').setChecked(true);
    await page.getByRole('button', { name: 'Save call preferences' }).click();
    await expect(page.getByTestId('calls-outcome')).toHaveText('Call preferences saved.');

    await page.reload();
    await expect(page.getByLabel('SMS notifications')).toBeChecked({ checked: !wasChecked });
    await expect(page.getByLabel('Call quality')).toHaveValue('high');
    await expect(page.getByLabel('Record calls automatically')).toBeChecked();
    await expectAccessible(page);
    await screenshots(page, 'settings');
  });

  test('time zone search offers zones, an unknown one is refused beside the field, a chosen one saves', async ({ page }) => {
    await register(page, uniqueEmail('zone'));
    await page.goto('/settings');
    await hydrated(page);
    await expect(page.getByTestId('timezone-list').locator('option[value="Asia/Karachi"]')).toHaveCount(1);
    const zone = page.getByLabel('Time zone');
    await zone.fill('Mars/Olympus');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByTestId('timezone-error')).not.toBeEmpty();
    await zone.fill('Asia/Karachi');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByTestId('preferences-outcome')).toContainText('Asia/Karachi');
    await page.reload();
    await expect(page.getByLabel('Time zone')).toHaveValue('Asia/Karachi');
  });

  test('widgets reorder and hide from the keyboard, keep focus, and the order persists', async ({ page }) => {
    await register(page, uniqueEmail('widgets'));
    await page.goto('/settings');
    await hydrated(page);
    const before = await shownWidgets(page);
    expect(before.length).toBeGreaterThan(1);
    const second = before[1];
    const up = page.locator(`#widget-${second}-up`);
    await up.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('widgets-outcome')).toContainText('is now 1 of');
    await expect.poll(() => shownWidgets(page)).toEqual([second, before[0], ...before.slice(2)]);
    await expect(page.locator(`#widget-${second}-up`)).toBeFocused();

    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await expect(page.locator(`#widget-${second}-hide`)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('hidden-widgets').locator(`[data-widget="${second}"]`)).toBeVisible();
    await expect(page.locator(`#widget-${second}-show`)).toBeFocused();
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await shownWidgets(page)).at(-1)).toBe(second);

    await page.reload();
    expect((await shownWidgets(page)).at(-1)).toBe(second);
    await expectAccessible(page);
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('cards save as plain forms, widgets move, and a bad time zone comes back with its message', async ({ page }) => {
    await register(page, uniqueEmail('nojs-settings'));
    await page.goto('/settings');
    await page.getByLabel('Marketing emails').setChecked(true);
    await page.getByRole('button', { name: 'Save notifications' }).click();
    await expect(page).toHaveURL(/\/settings$/);
    await expect(page.getByLabel('Marketing emails')).toBeChecked();

    await page.getByLabel('Time zone').fill('Nowhere/Special');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.getByTestId('timezone-error')).not.toBeEmpty();

    const before = await shownWidgets(page);
    await page.locator(`#widget-${before[1]}-up`).click();
    await expect.poll(() => shownWidgets(page)).toEqual([before[1], before[0], ...before.slice(2)]);
    await expectAccessible(page);
  });
});
