import { localePath } from '../../core/http/locale.ts';
import { composeEmail } from '../../core/mail/compose.ts';
import type { Mailer } from '../../core/mail/mailer.ts';
import type { Db } from '../../db/connect.ts';
import { enqueueJob, type JobHandler } from '../jobs/index.ts';
import * as users from './account.repository.ts';
import { checkLocale, newToken, sha256 } from './account-checks.ts';

/**
 * The emails of registration and the forgotten password go through the job queue, never out of
 * the request: a request that talks to the mail server takes longer, and that difference told
 * anyone whether an address has an account. The link's token is made when the job runs, so the
 * queue holds neither a secret nor an address.
 *
 *   await enqueueAccountEmail(trx, { userId: 7, kind: 'reset' })
 */

export const RESET_TOKEN_MS = 3600_000;
const VERIFY_TOKEN_MS = 48 * 3600_000;

export const ACCOUNT_EMAIL_JOB = 'account.email';

export interface AccountEmailPayload {
  userId: number;
  kind: 'verify' | 'reset' | 'alreadyRegistered';
}

/** Queues an account email in the caller's transaction, so it exists exactly when the change does. */
export async function enqueueAccountEmail(trx: Db, payload: AccountEmailPayload): Promise<void> {
  await enqueueJob(trx, { kind: ACCOUNT_EMAIL_JOB, payload });
}

type LinkPurpose = 'verify' | 'reset' | 'change_email';

/** Emails `to` a single-use link for the purpose; an earlier link for it stops working. */
export async function sendLink(
  db: Db,
  outbox: { mailer: Mailer; publicUrl: string },
  user: { id: number; name: string; locale: string },
  to: string,
  purpose: LinkPurpose,
): Promise<void> {
  const token = newToken();
  const now = Date.now();
  await users.expireEmailTokens(db, user.id, purpose, new Date(now).toISOString());
  await users.insertEmailToken(db, {
    id: sha256(token),
    user_id: user.id,
    purpose,
    email: to,
    created_at: new Date(now).toISOString(),
    expires_at: new Date(
      now + (purpose === 'reset' ? RESET_TOKEN_MS : VERIFY_TOKEN_MS),
    ).toISOString(),
    used_at: null,
  });
  const locale = checkLocale(user.locale);
  const path = {
    verify: '/account/verify',
    reset: '/account/reset',
    change_email: '/account/email/confirm',
  }[purpose];
  const link = `${outbox.publicUrl}${localePath(locale, path)}?token=${token}`;
  const kind = purpose === 'change_email' ? 'changeEmail' : purpose;
  await outbox.mailer.send(composeEmail(locale, kind, to, { name: user.name, link }));
}

/**
 * Runs the queued account emails. `outbox` is asked at each run, so the mailer and public
 * address are those of the app at that moment. Registered as not idempotent: after a crash in
 * the middle of sending, a person gets no second email.
 */
export function accountEmailHandler(
  outbox: () => { mailer: Mailer; publicUrl: string },
): JobHandler<AccountEmailPayload> {
  return async (payload, { db }) => {
    const user = await users.findUserById(db, payload.userId);
    // Deleted since, or confirmed since (a confirmation link would be of no use): nothing to send.
    if (!user || (payload.kind === 'verify' && user.email_verified_at !== null)) return;
    const { mailer, publicUrl } = outbox();
    if (payload.kind === 'alreadyRegistered') {
      const locale = checkLocale(user.locale);
      await mailer.send(
        composeEmail(locale, 'alreadyRegistered', user.email, {
          name: user.name,
          link: `${publicUrl}${localePath(locale, '/account/forgot')}`,
        }),
      );
      return;
    }
    await sendLink(db, { mailer, publicUrl }, user, user.email, payload.kind);
  };
}
