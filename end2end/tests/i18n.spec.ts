import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, screenshots, signIn, switchLanguage, uniqueEmail, register } from './support';

/** Which side of the content the sidebar is on. */
async function sidebarSide(page: Page): Promise<'left' | 'right'> {
  const sidebar = await page.locator('nav.sidebar').boundingBox();
  const content = await page.locator('main.content').boundingBox();
  expect(sidebar).not.toBeNull();
  expect(content).not.toBeNull();
  return sidebar!.x < content!.x ? 'left' : 'right';
}

test.describe('with JavaScript', () => {
  test('switching to Arabic flips the page at once, without a reload, and stays after one', async ({ page }) => {
    await register(page, uniqueEmail('arabic'));
    await page.goto('/');
    await hydrated(page);
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    expect(await sidebarSide(page)).toBe('left');
    // A marker that survives only as long as the document does: a reload would drop it.
    await page.evaluate(() => ((window as any).__same_document = true));

    await switchLanguage(page, 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('nav.sidebar')).toContainText('نظرة عامة');
    await expect(page.getByRole('button', { name: 'تسجيل الخروج' })).toBeVisible();
    expect(await sidebarSide(page)).toBe('right');
    expect(await page.evaluate(() => (window as any).__same_document)).toBe(true);
    // Numbers follow: the call statistics use Arabic-Indic digits.
    await expect(page.getByTestId('call-stats')).toContainText('٠');

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.locator('nav.sidebar')).toContainText('المكالمات');
    expect(await sidebarSide(page)).toBe('right');
  });

  test('Urdu likewise, and Settings in Urdu has no accessibility violations', async ({ page }) => {
    await register(page, uniqueEmail('urdu'));
    await page.goto('/settings');
    await hydrated(page);
    await page.evaluate(() => ((window as any).__same_document = true));
    await switchLanguage(page, 'ur');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ترتیبات');
    expect(await sidebarSide(page)).toBe('right');
    expect(await page.evaluate(() => (window as any).__same_document)).toBe(true);

    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('lang', 'ur');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('ترتیبات');
  });

  test('the language chosen in Settings applies at once', async ({ page }) => {
    await register(page, uniqueEmail('settings-lang'));
    await page.goto('/settings');
    await hydrated(page);
    await page.getByLabel('Language').selectOption('ar');
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('الإعدادات');
    await expect(page.getByTestId('preferences-outcome')).toContainText('حُفظت التفضيلات');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the switch is a form: it sets the language and comes back to the page', async ({ page }) => {
    await page.goto('/login');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    await page.getByTestId('lang-ar').click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('تسجيل الدخول');
    await page.getByTestId('lang-en').click();
    await expect(page.locator('html')).toHaveAttribute('dir', 'ltr');
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Sign in');
  });
});

test.describe('Arabic and Urdu pages', () => {
  for (const lang of ['ar', 'ur'] as const) {
    test(`overview, calls and settings in ${lang} have no accessibility violations`, async ({ page }) => {
      // A fresh account: switching also saves the preference, and the demo accounts must stay English.
      await register(page, uniqueEmail(`axe-${lang}`));
      await page.goto('/');
      await hydrated(page);
      await switchLanguage(page, lang);
      for (const path of ['/', '/calls', '/settings']) {
        await page.goto(path);
        await hydrated(page);
        await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
        await expectAccessible(page);
      }
    });
  }

  // What the Security page says in each language, for the checks below.
  const security = {
    ar: { title: 'الأمان', history: 'سجل الأمان', off: 'غير مفعّلة', thisSession: 'هذه الجلسة', signedIn: 'تسجيل الدخول', setUp: 'إعداد المصادقة بخطوتين', settingUp: 'قيد الإعداد', digit: /[٠-٩]/ },
    ur: { title: 'سیکیورٹی', history: 'سیکیورٹی کی سرگرمی', off: 'غیر فعال', thisSession: 'یہ سیشن', signedIn: 'سائن ان ہوا', setUp: 'دو مرحلہ تصدیق ترتیب دیں', settingUp: 'ترتیب دی جا رہی ہے', digit: /[۰-۹]/ },
  };
  for (const lang of ['ar', 'ur'] as const) {
    test(`the security page in ${lang} reads right to left, in its words and digits, with no accessibility violations`, async ({ page }) => {
      const words = security[lang];
      await register(page, uniqueEmail(`security-${lang}`));
      await page.goto('/security');
      await hydrated(page);
      await switchLanguage(page, lang);
      await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.title);
      await expect(page.getByRole('heading', { level: 2, name: words.history })).toBeVisible();
      await expect(page.getByTestId('two-factor-status')).toHaveText(words.off);
      await expect(page.getByTestId('current-session')).toContainText(words.thisSession);
      await expect(page.getByTestId('history')).toContainText(words.signedIn);
      // The time of the sign-in, in the language's own digits.
      await expect(page.getByTestId('history').locator('tbody td').first()).toHaveText(words.digit);
      await expectAccessible(page);

      // As the server draws it, and with the two-factor set-up open (its key stays left to right).
      await page.reload();
      await hydrated(page);
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(words.title);
      await page.getByRole('button', { name: words.setUp }).click();
      await expect(page.getByTestId('two-factor-status')).toHaveText(words.settingUp);
      await expect(page.getByTestId('totp-secret')).toHaveAttribute('dir', 'ltr');
      await expectAccessible(page);
    });
  }

  test('screenshots of the overview in English and Arabic', async ({ page }) => {
    await signIn(page, 'demo@example.com');
    await page.goto('/');
    await hydrated(page);
    await screenshots(page, 'i18n-overview-en');
    // The demo account's preference must stay English for the other specs: Arabic is shown on a fresh account.
    await page.context().clearCookies();
    await register(page, uniqueEmail('shots'));
    await page.goto('/');
    await hydrated(page);
    await switchLanguage(page, 'ar');
    await expect(page.locator('html')).toHaveAttribute('dir', 'rtl');
    await screenshots(page, 'i18n-overview-ar');
    await page.goto('/calls');
    await hydrated(page);
    await screenshots(page, 'i18n-calls-ar');
  });
});
