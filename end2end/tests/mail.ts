import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/** One message of the server's dev outbox, as `dashboard outbox --json` prints it. */
export interface Mail {
  to: string;
  subject: string;
  state: string;
  links: string[];
  body: string;
}

/**
 * The newest mail to `to` with `subject`, read with the server's own `outbox` command from the database the
 * suite's server uses (no SMTP_URL in tests: mail is kept in the dev outbox). Mail is written in the same
 * transaction as the action that causes it, so it is there as soon as the action has answered.
 */
export function lastMail(to: string, subject: string): Mail {
  const dataDir = process.env.E2E_DATA_DIR!;
  const out = execFileSync(process.env.DASHBOARD_BIN!, ['outbox', '--to', to, '--json'], {
    env: { ...process.env, DATABASE_URL: `sqlite://${join(dataDir, 'e2e.db')}`, DATA_DIR: dataDir, RUST_LOG: 'error' },
    encoding: 'utf8',
  });
  const mail = (JSON.parse(out) as Mail[]).find((m) => m.subject === subject);
  if (!mail) throw new Error(`no mail "${subject}" to ${to}`);
  return mail;
}

/** The path and query of the one link in `mail` to `page`, for `page.goto` against the test server. */
export function linkTo(mail: Mail, page: string): string {
  const link = mail.links.map((l) => new URL(l)).find((u) => u.pathname === page);
  if (!link) throw new Error(`no ${page} link in: ${mail.body}`);
  return link.pathname + link.search;
}
