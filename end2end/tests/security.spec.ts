import { expect, test, type Page } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { expectAccessible, hydrated, screenshots, uniqueEmail, register } from './support';

// Every test changes its account (password, 2FA, sessions), so each registers its own user.
const PASSWORD = 'a long and unusual passphrase';
const NEW_PASSWORD = 'another long and unusual passphrase';

/** The password step of the login form; where it leads is for the caller to check. */
async function enterPassword(page: Page, email: string, password: string) {
  await page.goto('/login');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: 'Sign out', exact: true }).click();
  await expect(page).toHaveURL(/\/login$/);
}

/** RFC 4648 base32 (no padding), as authenticator apps read the set-up key. */
function base32Decode(text: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes: number[] = [];
  let bits = 0;
  let value = 0;
  for (const char of text.replace(/[=\s]/g, '').toUpperCase()) {
    value = ((value << 5) | alphabet.indexOf(char)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      bytes.push((value >> bits) & 0xff);
    }
  }
  return Buffer.from(bytes);
}

/** RFC 6238 TOTP: HMAC-SHA1 of the 30-second step, dynamically truncated to 6 digits. */
function totp(secret: string, at = Date.now()): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(Math.floor(at / 1000 / 30)));
  const mac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = mac[mac.length - 1] & 0xf;
  return ((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

test('the TOTP helper matches RFC 6238', () => {
  // Appendix B, SHA-1, T = 59 s: 94287082, of which an authenticator shows the last 6 digits.
  // The key is ASCII "12345678901234567890" in base32.
  expect(totp('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', 59_000)).toBe('287082');
});

test.describe('with JavaScript', () => {
  test('changing the password: field errors, confirmation, then only the new password signs in', async ({ page }) => {
    const email = uniqueEmail('password');
    await register(page, email);
    await page.getByRole('navigation', { name: 'Sections' }).getByRole('link', { name: 'Security' }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Security');
    await hydrated(page);
    await expect(page.getByTestId('current-session')).toContainText('This session');
    await expectAccessible(page);
    await screenshots(page, 'security');

    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('password-current_password-error')).toHaveText('The password is incorrect.');
    await expect(page.getByLabel('Current password')).toHaveAttribute('aria-invalid', 'true');
    // Handled by the wasm client: a plain post would have come back with ?error= in the address.
    await expect(page).toHaveURL(/\/security$/);

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('Repeat the new password').fill('something else entirely');
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('password-confirm_password-error')).toHaveText('The new passwords do not match.');
    await expect(page.getByTestId('password-current_password-error')).toBeEmpty();

    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByTestId('password-outcome')).toHaveText('Your password was changed.');
    await expect(page.getByLabel('Current password')).toHaveValue('');
    // The history refreshed without a reload.
    await expect(page.getByTestId('history')).toContainText('Password changed');

    await signOut(page);
    await enterPassword(page, email, PASSWORD);
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is incorrect.');
    await enterPassword(page, email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/$/);

    await page.goto('/security');
    const history = page.getByTestId('history');
    await expect(history.locator('tbody tr').first()).toContainText('Signed in');
    await expect(history).toContainText('Failed sign-in (wrong password)');
    await expect(history).toContainText('Password changed');
    await expect(history.getByText('Signed in', { exact: true })).toHaveCount(2);
  });

  test('two-factor: enrol with a code from the shown key, then sign-in asks for a code and a recovery code works once', async ({ page }) => {
    const email = uniqueEmail('totp');
    await register(page, email);
    await page.goto('/security');
    await hydrated(page);
    await expect(page.getByTestId('two-factor-status')).toHaveText('Off');
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();

    await expect(page.getByRole('img', { name: /QR code/ })).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/);
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    await expectAccessible(page);
    await screenshots(page, 'security-two-factor-setup');

    // A wrong code is refused beside the field, and the set-up carries on.
    const wrong = totp(secret, Date.now() - 10 * 60_000);
    await page.getByLabel('Code from the app').fill(wrong);
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByTestId('enrol-code-error')).toHaveText('The code is not valid. Try the next one.');
    await expect(page.getByTestId('totp-secret')).toHaveText(secret);
    await expect(page).toHaveURL(/\/security$/);

    await page.getByLabel('Code from the app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    const codes = page.getByTestId('recovery-codes').locator('li');
    await expect(codes).toHaveCount(10);
    const recovery = await codes.allTextContents();
    expect(recovery[0]).toMatch(/^[0-9a-z]{4}(-[0-9a-z]{4}){3}$/);
    await expectAccessible(page);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
    await expect(page.getByTestId('two-factor-status')).toHaveText('On');
    await expect(page.getByTestId('recovery-codes-left')).toHaveText('10 recovery codes left');

    // The password alone no longer signs in. (The code of this 30-second window was used to turn 2FA on,
    // and each window's code is accepted once, so the sign-ins use recovery codes.)
    await signOut(page);
    await enterPassword(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/login\?step=code/);
    await page.getByLabel('Code').fill(recovery[0]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$/);

    await signOut(page);
    await enterPassword(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/login\?step=code/);
    await page.getByLabel('Code').fill(recovery[0]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByTestId('form-error')).toHaveText('The code is not valid.');
    await page.getByLabel('Code').fill(recovery[1]);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/$/);

    await page.goto('/security');
    await hydrated(page);
    await expect(page.getByTestId('recovery-codes-left')).toHaveText('8 recovery codes left');
    const history = page.getByTestId('history');
    await expect(history).toContainText('Two-factor authentication turned on');
    await expect(history).toContainText('Recovery code used');
    await expect(history).toContainText('Failed sign-in (wrong code)');

    // Turning it off needs the password too: a wrong one is refused beside its field.
    await page.getByText('Turn off two-factor authentication').click();
    const off = page.locator('details', { hasText: 'Turn off two-factor authentication' });
    await off.getByLabel('Password').fill('not my password');
    await off.getByLabel('Code from the app, or a recovery code').fill(recovery[2]);
    await off.getByRole('button', { name: 'Turn off' }).click();
    await expect(page.getByTestId('disable-password-error')).toHaveText('The password is incorrect.');
    await off.getByLabel('Password').fill(PASSWORD);
    await off.getByRole('button', { name: 'Turn off' }).click();
    await expect(page.getByTestId('two-factor-outcome')).toHaveText('Two-factor authentication is off.');
    await expect(page.getByTestId('two-factor-status')).toHaveText('Off');
    await expect(history).toContainText('Two-factor authentication turned off');

    await signOut(page);
    await enterPassword(page, email, PASSWORD);
    await expect(page).toHaveURL(/\/$/);
  });

  test('sessions: ending another browser signs it out on its next navigation', async ({ browser }) => {
    const email = uniqueEmail('sessions');
    // Two contexts: two browsers with their own cookies, signed in as the same user.
    const first = await (await browser.newContext()).newPage();
    const second = await (await browser.newContext()).newPage();
    await register(first, email);
    await enterPassword(second, email, PASSWORD);
    await expect(second).toHaveURL(/\/$/);

    await first.goto('/security');
    await hydrated(first);
    const sessions = first.getByTestId('sessions');
    await expect(sessions.locator('li')).toHaveCount(2);
    await expect(first.getByTestId('current-session')).toContainText('This session');
    await expect(first.getByTestId('current-session').getByRole('button')).toHaveCount(0);
    await expect(first.getByTestId('sessions-timezone')).toHaveText('Times in UTC.');

    await first.getByTestId('other-session').getByRole('button', { name: /^End session/ }).click();
    await expect(first.getByTestId('sessions-outcome')).toHaveText('The session was ended.');
    await expect(sessions.locator('li')).toHaveCount(1);
    await expect(first.getByRole('button', { name: 'Sign out all other sessions' })).toBeDisabled();
    await expect(first.getByTestId('history')).toContainText('Session ended');
    await second.goto('/calls');
    await expect(second).toHaveURL(/\/login\?next=%2Fcalls$/);

    // The second browser signs in again; "sign out all other sessions" ends it as well.
    await enterPassword(second, email, PASSWORD);
    await expect(second).toHaveURL(/\/$/);
    await first.reload();
    await hydrated(first);
    await expect(sessions.locator('li')).toHaveCount(2);
    await first.getByRole('button', { name: 'Sign out all other sessions' }).click();
    await expect(first.getByTestId('sessions-outcome')).toHaveText('1 other session was ended.');
    await expect(sessions.locator('li')).toHaveCount(1);
    await expect(first.getByTestId('history')).toContainText('Other sessions ended');
    await second.goto('/usage');
    await expect(second).toHaveURL(/\/login\?next=%2Fusage$/);
    await first.goto('/usage');
    await expect(first).toHaveURL(/\/usage$/);
    await first.context().close();
    await second.context().close();
  });

  test('the history shows an error, and the page stays usable, when it cannot be loaded', async ({ page }) => {
    await register(page, uniqueEmail('history-error'));
    await page.goto('/security');
    await hydrated(page);
    await page.route('**/api/fn/security/events', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: JSON.stringify({ code: 'internal', message: 'Something went wrong on our side.' }) }),
    );
    // A change refetches the history, which now fails.
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await expect(page.getByTestId('totp-secret')).toBeVisible();
    await expect(page.locator('#history [role="alert"]')).toContainText('We could not load this.');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the password form shows field errors and confirms a change as plain form posts', async ({ page }) => {
    const email = uniqueEmail('nojs-password');
    await register(page, email);
    await page.goto('/security');
    await page.getByLabel('Current password').fill('not my password');
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/security\?.*error=validation_failed/);
    await expect(page.getByTestId('password-current_password-error')).toHaveText('The password is incorrect.');

    await page.getByLabel('Current password').fill(PASSWORD);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Repeat the new password').fill(NEW_PASSWORD);
    await page.getByRole('button', { name: 'Change password' }).click();
    await expect(page).toHaveURL(/\/security\?done=password$/);
    await expect(page.getByTestId('password-outcome')).toContainText('Your password was changed.');
    await expect(page.getByTestId('password-current_password-error')).toBeEmpty();

    await signOut(page);
    await enterPassword(page, email, PASSWORD);
    await expect(page.getByTestId('form-error')).toHaveText('The email or password is incorrect.');
    await enterPassword(page, email, NEW_PASSWORD);
    await expect(page).toHaveURL(/\/$/);
  });

  test('two-factor set-up, recovery codes and their acknowledgement work as plain form posts', async ({ page }) => {
    await register(page, uniqueEmail('nojs-totp'));
    await page.goto('/security');
    await page.getByRole('button', { name: 'Set up two-factor authentication' }).click();
    await expect(page).toHaveURL(/\/security$/);
    const secret = (await page.getByTestId('totp-secret').textContent()) ?? '';
    await page.getByLabel('Code from the app').fill('12345');
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByTestId('enrol-code-error')).toHaveText('The code is not valid. Try the next one.');

    await page.getByLabel('Code from the app').fill(totp(secret));
    await page.getByRole('button', { name: 'Turn on' }).click();
    await expect(page.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await expect(page.getByTestId('recovery-codes')).toHaveCount(0);
    await expect(page.getByTestId('two-factor-status')).toHaveText('On');
  });
});
