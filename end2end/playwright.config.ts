import { defineConfig } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// The suite runs against the release server (DASHBOARD_BIN, built by `make e2e`) on its own port, with a
// fresh SQLite database for each run. The browser is Debian's Chromium: nothing is downloaded.
const port = Number(process.env.E2E_PORT ?? 3100);
// Made once by the runner and handed to its workers through the environment (each worker loads this file
// again): specs that read the server's database, e.g. the mail outbox, must find the same one.
const dataDir = (process.env.E2E_DATA_DIR ??= mkdtempSync(join(tmpdir(), 'dashboard-e2e-')));
const bin = (process.env.DASHBOARD_BIN ??= '../target/release/dashboard');
export const DEMO_ACCOUNTS = ['demo@example.com', 'plans@example.com', 'alerts@example.com', 'calls@example.com'];

export default defineConfig({
  testDir: './tests',
  timeout: 30_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: {
    // Demo accounts with ~90 days of data: demo@ is only read by tests; the others belong to the tests that
    // change an account (plans, notifications), so parallel tests never disturb each other.
    command: `${bin} seed-demo ${DEMO_ACCOUNTS.map((e) => `--email ${e}`).join(' ')} && ${bin} serve`,
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      DATABASE_URL: `sqlite://${dataDir}/e2e.db`,
      DATA_DIR: dataDir,
      SITE_ADDR: `127.0.0.1:${port}`,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      LEPTOS_SITE_ROOT: process.env.LEPTOS_SITE_ROOT ?? '../target/site',
      RUST_LOG: 'warn',
    },
  },
});
