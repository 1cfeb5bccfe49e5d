import { expect, test, type Page } from '@playwright/test';
import { leaveSetupForLater, uniqueEmail, register } from './support';

// Each test registers its own user, so tests stay independent when run in parallel.
const PASSWORD = 'a long and unusual passphrase';

test.describe('with JavaScript', () => {
  test('register lands on the overview, survives a reload, and sign-out protects pages', async ({ page }) => {
    const email = uniqueEmail('ada');
    // Wait for hydration so the form is handled by the wasm client, not a plain post.
    await page.goto('/register');
    await page.waitForFunction(() => (window as any).__dashboard_hydrated === true);
    await page.getByLabel('First name').fill('Ada');
    await page.getByLabel('Last name').fill('Lovelace');
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();

    await leaveSetupForLater(page);
    await expect(page.getByTestId('welcome')).toHaveText('Welcome, Ada Lovelace');
    await expect(page.getByTestId('account-email')).toHaveText(email);

    // A reload is rendered by the server from the session cookie.
    await page.reload();
    await expect(page.getByTestId('account-name')).toHaveText('Ada Lovelace');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    await page.goto('/calls');
    await expect(page).toHaveURL(/\/login\?next=%2Fcalls$/);
  });

  test('a wrong password shows an error and keeps the user on the form', async ({ page }) => {
    const email = uniqueEmail('bad');
    await register(page, email);
    await expect(page.getByTestId('welcome')).toBeVisible();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await page.waitForFunction(() => (window as any).__dashboard_hydrated === true);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is incorrect.');
    await expect(page).toHaveURL(/\/login/);
  });

  test('signing in returns to the page that asked for it', async ({ page }) => {
    const email = uniqueEmail('next');
    await register(page, email);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    await page.goto('/subscription');
    await expect(page).toHaveURL(/\/login\?next=%2Fsubscription$/);
    await page.waitForFunction(() => (window as any).__dashboard_hydrated === true);
    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/subscription$/);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscription');
  });

  test('the sidebar navigates between sections', async ({ page }) => {
    await register(page, uniqueEmail('nav'));
    await expect(page.getByTestId('welcome')).toBeVisible();
    await page.waitForFunction(() => (window as any).__dashboard_hydrated === true);
    for (const section of ['Profile', 'Calls', 'Subscription', 'Settings', 'Support']) {
      await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: section }).click();
      await expect(page.getByRole('heading', { level: 1 })).toHaveText(section);
    }
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('register, reload, sign out and sign in again all work as plain forms', async ({ page }) => {
    const email = uniqueEmail('nojs');
    await register(page, email, 'Grace', 'Hopper');
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('welcome')).toHaveText('Welcome, Grace Hopper');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is incorrect.');

    await page.getByLabel('Email').fill(email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByTestId('account-email')).toHaveText(email);
  });
});
