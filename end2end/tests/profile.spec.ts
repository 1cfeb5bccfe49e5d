import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { expectAccessible, hydrated, screenshots, uniqueEmail, register } from './support';

// Each test registers its own user, so tests that change a profile stay independent in parallel.
const PASSWORD = 'a long and unusual passphrase';
const AVATAR = join(__dirname, '..', 'fixtures', 'avatar.png');

test.describe('with JavaScript', () => {
  test('a server validation error shows beside the field, then the fix saves and an email change waits', async ({ page }) => {
    await register(page, uniqueEmail('profile'));
    await page.goto('/profile');
    await hydrated(page);
    await page.getByLabel('Phone').fill('not a phone');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByTestId('phone-error')).not.toBeEmpty();
    await expect(page.getByLabel('Phone')).toHaveAttribute('aria-invalid', 'true');

    await page.getByLabel('Phone').fill('+923001234567');
    await page.getByLabel('Last name').fill('Byron');
    await page.getByLabel('Email').fill(uniqueEmail('moved'));
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page.getByTestId('profile-outcome')).toContainText('Your details are saved');
    await expect(page.getByTestId('pending-email')).toBeVisible();
    await expect(page.getByTestId('phone-error')).toBeEmpty();
    await expect(page.getByTestId('user-name')).toHaveText('Ada Byron');
    await page.reload();
    await expect(page.getByLabel('Last name')).toHaveValue('Byron');
    await expect(page.getByTestId('verification-status')).toContainText('Not verified');
    await expectAccessible(page);
    await screenshots(page, 'profile');
  });

  test('an avatar uploads with a preview and progress, a 6 MB file is refused, and removal works', async ({ page }) => {
    await register(page, uniqueEmail('avatar'));
    await page.goto('/profile');
    await hydrated(page);
    await expect(page.getByTestId('avatar-initial')).toBeVisible();

    // Refused in the browser before anything is sent.
    await page.getByLabel('Choose an image').setInputFiles({
      name: 'huge.jpg',
      mimeType: 'image/jpeg',
      buffer: Buffer.alloc(6 * 1024 * 1024, 1),
    });
    await expect(page.getByTestId('avatar-outcome')).toHaveText(/larger than 5 MB/);

    // A file that claims to be a PNG reaches the server, whose refusal is shown in its own words.
    await page.getByLabel('Choose an image').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('not an image') });
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('avatar-outcome')).toHaveAttribute('role', 'alert');

    await page.getByLabel('Choose an image').setInputFiles(AVATAR);
    await expect(page.getByTestId('avatar-image')).toHaveAttribute('src', /^blob:/);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page.getByTestId('avatar-outcome')).toHaveText('Your new avatar is saved.');
    await expect(page.getByTestId('avatar-image')).toHaveAttribute('src', /^\/media\//);
    await page.reload();
    await expect(page.getByTestId('avatar-image')).toHaveAttribute('src', /^\/media\//);
    await expectAccessible(page);

    await hydrated(page);
    await page.getByRole('button', { name: 'Remove avatar' }).click();
    await expect(page.getByTestId('avatar-outcome')).toHaveText('Your avatar was removed.');
    await expect(page.getByTestId('avatar-initial')).toBeVisible();
  });

  test('the server refuses a 6 MB avatar with a JSON 413 and its message', async ({ page }) => {
    await register(page, uniqueEmail('big'));
    const response = await page.request.post('/api/dashboard/user/avatar/', {
      multipart: { avatar: { name: 'big.png', mimeType: 'image/png', buffer: Buffer.alloc(6 * 1024 * 1024, 1) } },
    });
    expect(response.status()).toBe(413);
    expect((await response.json()).error.code).toBe('payload_too_large');
  });
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the form shows the server field error, then saves; the avatar uploads and is removed', async ({ page }) => {
    await register(page, uniqueEmail('nojs'));
    await page.goto('/profile');
    await page.getByLabel('First name').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/error=validation_failed/);
    await expect(page.getByTestId('first_name-error')).not.toBeEmpty();

    await page.getByLabel('First name').fill('Grace');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByLabel('First name')).toHaveValue('Grace');

    await page.getByLabel('Choose an image').setInputFiles(AVATAR);
    await page.getByRole('button', { name: 'Upload' }).click();
    await expect(page).toHaveURL(/\/profile$/);
    await expect(page.getByTestId('avatar-image')).toHaveAttribute('src', /^\/media\//);
    await page.getByRole('button', { name: 'Remove avatar' }).click();
    await expect(page.getByTestId('avatar-initial')).toBeVisible();
    await expectAccessible(page);
  });
});
