-- Billing through a provider (the built-in test provider today, a card processor such as Stripe later): each
-- saved card and each charge keeps the provider's own handle, so a real provider can charge a saved card and
-- find a charge again (refunds, disputes). NULL where no provider was involved (the demo seed).
ALTER TABLE payment_methods ADD COLUMN provider_ref TEXT;
ALTER TABLE invoices ADD COLUMN provider_ref TEXT;

-- Invoice numbers come from one counter, taken in the transaction that issues the invoice: numbers are
-- consecutive and gapless (an issue that rolls back gives its number back), as many tax authorities require.
CREATE TABLE invoice_counter (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    last_number BIGINT NOT NULL
);
INSERT INTO invoice_counter (id, last_number) VALUES (1, 0);
