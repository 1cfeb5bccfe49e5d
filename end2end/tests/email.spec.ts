import { expect, test, type Browser, type Page } from '@playwright/test';
import { linkTo, lastMail } from './mail';
import { hydrated, uniqueEmail, register } from './support';

// The mailed links, followed like a user would: the messages are read from the server's dev outbox.
// Each test registers its own user, so tests stay independent when run in parallel.
const PASSWORD = 'a long and unusual passphrase';
const NEW_PASSWORD = 'another quite unusual passphrase';

async function signInWith(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Registers `email` in a context of its own, then closes it: the account exists, signed out. */
async function registered(browser: Browser, email: string) {
  const context = await browser.newContext();
  await register(await context.newPage(), email, 'Grace', 'Hopper');
  await context.close();
}

test('the verification link confirms the address once', async ({ page }) => {
  const email = uniqueEmail('verify');
  await register(page, email, 'Grace', 'Hopper');
  const link = linkTo(lastMail(email, 'Confirm your email address'), '/verify-email');

  await page.goto(link);
  await expect(page.getByTestId('verified')).toHaveText(`${email} is confirmed. Thank you.`);
  await page.goto('/profile');
  await expect(page.getByText('Verified', { exact: true })).toBeVisible();

  // A link works once.
  await page.goto(link);
  await expect(page.getByTestId('form-error')).toContainText('already used');
});

for (const javaScriptEnabled of [true, false]) {
  test(`a password reset by mail works ${javaScriptEnabled ? 'with' : 'without'} JavaScript`, async ({ browser }) => {
    const email = uniqueEmail(javaScriptEnabled ? 'reset' : 'reset-nojs');
    await registered(browser, email);
    const context = await browser.newContext({ javaScriptEnabled });
    const page = await context.newPage();

    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    if (javaScriptEnabled) await hydrated(page);
    await page.getByLabel('Email').fill(email);
    await page.getByRole('button', { name: 'Send reset link' }).click();
    await expect(page.getByTestId('reset-sent')).toBeVisible();

    const mail = lastMail(email, 'Reset your password');
    expect(mail.body).toContain('30 minutes');
    await page.goto(linkTo(mail, '/reset-password'));
    if (javaScriptEnabled) await hydrated(page);
    // The policy's message comes back beside the field, and the link stays usable.
    await page.getByLabel('New password', { exact: true }).fill('short');
    await page.getByLabel('Repeat the new password').fill('short');
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByText(/at least 8 characters/i).first()).toBeVisible();
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    await expect(page.getByTestId('reset-done')).toBeVisible();
    expect(lastMail(email, 'Your password was changed').to).toBe(email);

    await signInWith(page, email, PASSWORD);
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is incorrect.');
    await signInWith(page, email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/$/);
    await context.close();
  });
}

test('a spent reset link says so and offers a new one', async ({ browser, page }) => {
  const email = uniqueEmail('spent');
  await registered(browser, email);
  await page.goto('/forgot-password');
  await page.getByLabel('Email').fill(email);
  await page.getByRole('button', { name: 'Send reset link' }).click();
  await expect(page.getByTestId('reset-sent')).toBeVisible();
  const link = linkTo(lastMail(email, 'Reset your password'), '/reset-password');

  for (const attempt of [1, 2]) {
    await page.goto(link);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Set new password' }).click();
    if (attempt === 1) await expect(page.getByTestId('reset-done')).toBeVisible();
  }
  await expect(page.getByTestId('form-error')).toContainText('already used');
  await expect(page.getByRole('link', { name: 'Ask for a new link' })).toBeVisible();
});
