import { expect, test, type Page } from '@playwright/test';
import { expectAccessible, hydrated, screenshots, signIn, uniqueEmail, register } from './support';

// demo@ is only read; plans@ belongs to this file's serial block, whose tests change its plan and cards;
// the tests of an account without a plan register their own user.
const READ_ONLY = 'demo@example.com';
const PLANS = 'plans@example.com';
const PASSWORD = 'a long and unusual passphrase';

async function openSubscription(page: Page, email: string) {
  await signIn(page, email);
  await page.goto('/subscription');
  await hydrated(page);
}

/** Registers a fresh user through the form (works with and without JavaScript). */
async function registerFreshUser(page: Page, prefix: string) {
  await register(page, uniqueEmail(prefix), 'Nia', 'Okafor');
}

test('the page shows the plan, usage against quotas, invoices and cards', async ({ page }) => {
  await openSubscription(page, READ_ONLY);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Subscription');
  const plan = page.getByTestId('current-plan');
  await expect(plan.getByTestId('plan-name')).toHaveText('Professional');
  await expect(plan.getByTestId('plan-status')).toHaveText('Active');
  await expect(plan).toContainText('$29.99 / month');
  await expect(plan.getByTestId('days-left')).toHaveText(/^\d+ days?$/);

  // Limited quotas are progress bars with their numbers in words; unlimited ones say so.
  const minutes = page.getByRole('progressbar', { name: 'Call minutes' });
  await expect(minutes).toHaveAttribute('max', '3000');
  await expect(page.getByTestId('meter-minutes')).toContainText(/of 3,000 minutes/);
  await expect(page.getByRole('progressbar', { name: 'Agents' })).toHaveAttribute('max', '5');
  await expect(page.getByTestId('meter-calls')).toContainText('Unlimited');
  await expect(page.getByTestId('meter-calls').getByRole('progressbar')).toHaveCount(0);

  const history = page.getByTestId('billing-history');
  await expect(history.getByRole('columnheader')).toHaveText(['Invoice', 'Period', 'Amount', 'Status']);
  await expect(history.locator('tbody tr').first()).toContainText(/INV-\d{6}/);
  await expect(history.locator('tbody tr').first()).toContainText('$29.99 USD');
  await expect(history.locator('tbody tr').first()).toContainText('Paid');

  await expect(page.getByTestId('plan-professional')).toContainText('Your plan');
  await expect(page.getByRole('link', { name: 'Upgrade to Business' })).toBeVisible();
  await expect(page.getByRole('link', { name: 'Downgrade to Starter' })).toBeVisible();

  const card = page.getByTestId('payment-method');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Visa ending 4242');
  await expect(card).toContainText('Default');
  await expectAccessible(page);
  await screenshots(page, 'subscription');
});

test.describe('changing the plans@ account', () => {
  test.describe.configure({ mode: 'serial' });

  test('an upgrade states its prorated charge before it is confirmed, then applies at once', async ({ page }) => {
    await openSubscription(page, PLANS);
    await page.getByRole('link', { name: 'Upgrade to Business' }).click();
    await expect(page).toHaveURL(/\/subscription\?change=/);
    const confirm = page.getByTestId('confirm-change');
    await expect(confirm.getByRole('heading')).toHaveText('Upgrade to Business?');
    await expect(confirm).toContainText(/charged now, prorated: \$\d+\.\d\d\./);
    await expect(confirm).toContainText(/Upgrade from Professional to Business for the remaining \d+ of \d+ days/);
    const amount = (await confirm.textContent())?.match(/prorated: (\$[\d,]+\.\d\d)/)?.[1];
    expect(amount).toBeTruthy();
    await expectAccessible(page);
    await screenshots(page, 'subscription-confirm-upgrade');

    await confirm.getByRole('button', { name: 'Confirm upgrade' }).click();
    await expect(page).toHaveURL(/\/subscription$/);
    await expect(page.getByTestId('plan-outcome')).toHaveText(
      `You are now on the Business plan. Charged now, prorated: ${amount}.`,
    );
    await expect(page.getByTestId('plan-name')).toHaveText('Business');
    await expect(page.getByTestId('confirm-change')).toHaveCount(0);
    // What the confirmation announced is what was billed.
    await expect(page.getByTestId('billing-history').locator('tbody tr').first()).toContainText(`${amount} USD`);
  });

  test('a downgrade waits for the period end, and keeping the plan calls it off', async ({ page }) => {
    await openSubscription(page, PLANS);
    const current = (await page.getByTestId('plan-name').textContent())?.trim() ?? '';
    await page.getByRole('link', { name: 'Downgrade to Starter' }).click();
    const confirm = page.getByTestId('confirm-change');
    await expect(confirm.getByRole('heading')).toHaveText('Downgrade to Starter?');
    await expect(confirm).toContainText(/applies on \d{1,2} [A-Z][a-z]{2} \d{4}, at the end of your current period\. Nothing is charged now\./);
    const on = (await confirm.textContent())?.match(/applies on (\d{1,2} [A-Z][a-z]{2} \d{4})/)?.[1];
    await expectAccessible(page);
    await screenshots(page, 'subscription-confirm-downgrade');
    await confirm.getByRole('button', { name: 'Confirm downgrade' }).click();

    await expect(page.getByTestId('plan-outcome')).toHaveText(
      `You move to the Starter plan on ${on}. Until then you keep ${current}.`,
    );
    await expect(page.getByTestId('plan-name')).toHaveText(current);
    await expect(page.getByTestId('pending-change')).toContainText(`Moves to the Starter plan on ${on}`);
    await expect(page.getByTestId('plan-starter')).toContainText('Coming next');
    // The page with its outcome message and the pending change, as a screen reader meets it.
    await expectAccessible(page);

    await page.getByRole('link', { name: `Keep ${current}` }).click();
    await expect(page.getByTestId('confirm-change')).toContainText('is called off');
    await page.getByRole('button', { name: 'Keep this plan' }).click();
    await expect(page.getByTestId('plan-outcome')).toHaveText(`You are on the ${current} plan.`);
    await expect(page.getByTestId('pending-change')).toHaveCount(0);
  });

  test('cancelling ends the plan at the period end, and resuming takes that back', async ({ page }) => {
    await openSubscription(page, PLANS);
    await page.getByRole('button', { name: 'Cancel at period end' }).click();
    const notice = page.getByTestId('cancel-notice');
    await expect(notice).toContainText(/Cancels at period end: your plan ends on .+ and will not renew\./);
    await expect(page.getByTestId('plan-outcome')).toContainText('and will not renew.');
    await expectAccessible(page);
    await screenshots(page, 'subscription-cancelled');

    await page.getByRole('button', { name: 'Resume subscription' }).click();
    await expect(page.getByTestId('plan-outcome')).toContainText('Your subscription renews on');
    await expect(notice).toHaveCount(0);
    await expect(page.getByRole('button', { name: 'Cancel at period end' })).toBeVisible();
  });

  test('a card is added, made the default, and removed', async ({ page }) => {
    await openSubscription(page, PLANS);
    const cards = page.getByTestId('payment-method');
    const mastercard = cards.filter({ hasText: 'Mastercard ending 4444' });
    const visa = cards.filter({ hasText: 'Visa ending 4242' });

    await page.getByLabel('Test card').selectOption('tok_mastercard');
    await page.getByRole('button', { name: 'Add card' }).click();
    await expect(page.getByTestId('card-outcome')).toHaveText('Added Mastercard ending 4444.');
    await expect(mastercard).toHaveAttribute('data-default', 'false');
    await expect(visa).toHaveAttribute('data-default', 'true');

    await mastercard.getByRole('button', { name: /Make default/ }).click();
    await expect(page.getByTestId('card-outcome')).toHaveText('Mastercard ending 4444 is now your default card.');
    await expect(mastercard).toHaveAttribute('data-default', 'true');
    await expect(mastercard).toContainText('Default');
    await expect(visa).toHaveAttribute('data-default', 'false');
    await screenshots(page, 'subscription-cards');

    await mastercard.getByRole('button', { name: /Remove/ }).click();
    await expect(page.getByTestId('card-outcome')).toHaveText('Card removed.');
    await expect(mastercard).toHaveCount(0);
    // Removing the default card promotes the other one.
    await expect(visa).toHaveAttribute('data-default', 'true');
  });
});

test('a failed mutation shows the server error and the page keeps working', async ({ page }) => {
  await registerFreshUser(page, 'cards');
  await page.goto('/subscription');
  await hydrated(page);
  // A token the provider does not know, as a tampered form would send it.
  await page.getByLabel('Test card').evaluate((select: HTMLSelectElement) => {
    select.options[0].value = 'tok_unknown';
  });
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page.getByTestId('card-outcome')).toContainText('This card token is not recognised.');
  await expect(page.getByTestId('card-outcome')).toHaveAttribute('role', 'alert');
  await expect(page.getByTestId('no-cards')).toBeVisible();

  await page.getByLabel('Test card').selectOption('tok_visa_debit');
  await page.getByRole('button', { name: 'Add card' }).click();
  await expect(page.getByTestId('card-outcome')).toHaveText('Added Visa ending 5556. It is your default card.');
  await expect(page.getByTestId('payment-method')).toContainText('Default');
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a new user adds a card and subscribes through plain forms', async ({ page }) => {
    await registerFreshUser(page, 'nojs-plan');
    await page.goto('/subscription');
    await expect(page.getByTestId('no-plan')).toBeVisible();
    await expect(page.getByTestId('no-invoices')).toHaveText('No invoices yet.');
    await expect(page.getByTestId('no-cards')).toBeVisible();
    await screenshots(page, 'subscription-empty');

    await page.getByLabel('Test card').selectOption('tok_amex');
    await page.getByRole('button', { name: 'Add card' }).click();
    await expect(page).toHaveURL(/\/subscription$/);
    await expect(page.getByTestId('payment-method')).toContainText('American Express ending 8431');
    await expect(page.getByTestId('payment-method')).toContainText('Default');

    await page.getByRole('link', { name: 'Choose Starter' }).click();
    const confirm = page.getByTestId('confirm-change');
    await expect(confirm.getByRole('heading')).toHaveText('Subscribe to Starter?');
    await expect(confirm).toContainText('You will be charged $9.00 now for the first month.');
    await confirm.getByRole('button', { name: 'Confirm and pay' }).click();

    await expect(page.getByTestId('plan-name')).toHaveText('Starter');
    await expect(page.getByTestId('billing-history').locator('tbody tr')).toHaveCount(1);
    await expect(page.getByTestId('billing-history')).toContainText('$9.00 USD');
  });
});
