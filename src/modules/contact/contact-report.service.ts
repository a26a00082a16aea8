import { type Actor, ANONYMOUS } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { ForbiddenError, NotFoundError } from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { enqueueEmail } from '../jobs/index.ts';
import * as repo from './contact.repository.ts';
import { hashToken, RECIPIENT_KINDS, type RecipientKind } from './contact.service.ts';

/**
 * Reports of abuse: the recipient of a message reports it through the link in its email, the
 * editors see the reported messages and may bar their senders from the relay.
 */

const REPORTS_SHOWN = 200;

export interface ReportView {
  subject: string;
  sentAt: string;
  reportedAt: string | null;
}

async function messageOfToken(db: Db, token: string) {
  const row = /^[\w-]{20,100}$/.test(token)
    ? await repo.findMessageByTokenHash(db, hashToken(token))
    : undefined;
  if (!row) throw new NotFoundError('contact_message_not_found', 'This report link is not valid.');
  return row;
}

/** The message a report link is about, for whoever holds the link (no sign-in needed). */
export async function getReport(db: Db, token: string): Promise<ReportView> {
  const row = await messageOfToken(db, token);
  return { subject: row.subject, sentAt: row.created_at, reportedAt: row.reported_at };
}

/**
 * Records a report of abuse and tells the editors, once: reporting again changes nothing. The
 * holder of the link is the recipient of the email, so no sign-in is asked.
 */
export async function reportMessage(db: Db, token: string): Promise<ReportView> {
  const row = await messageOfToken(db, token);
  const now = nowIso();
  await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      if (!(await repo.markReported(trx, row.id, now))) return false;
      for (const userId of await repo.listStaffIds(trx))
        await enqueueEmail(trx, {
          userId,
          kind: 'contactReported',
          linkPath: '/editor/contact-reports',
          dedupeKey: `contact-report:${row.id}:${userId}`,
        });
      return true;
    },
    {
      audit: (reported) =>
        reported
          ? { action: 'contact.reported', subject: { type: 'contact_message', id: row.id } }
          : null,
    },
  );
  return { subject: row.subject, sentAt: row.created_at, reportedAt: row.reported_at ?? now };
}

export interface ReportedMessage {
  id: number;
  senderId: number;
  senderName: string;
  recipientKind: RecipientKind;
  recipientLabel: string;
  subject: string;
  body: string;
  sentAt: string;
  reportedAt: string;
  senderBanned: boolean;
}

export async function listContactReports(db: Db, actor: Actor): Promise<ReportedMessage[]> {
  if (!can(actor, 'contact.moderate')) throw new ForbiddenError();
  const rows = await repo.listReportedMessages(db, REPORTS_SHOWN);
  return rows.map((r) => ({
    id: r.id,
    senderId: r.sender_user_id,
    senderName: r.sender_name,
    recipientKind: (RECIPIENT_KINDS as readonly string[]).includes(r.recipient_kind)
      ? (r.recipient_kind as RecipientKind)
      : 'person',
    recipientLabel: r.recipient_label,
    subject: r.subject,
    body: r.body,
    sentAt: r.created_at,
    reportedAt: r.reported_at ?? r.created_at,
    senderBanned: r.banned_at !== null,
  }));
}

/** Bars (or lets back) the sender of a message from the relay. */
export async function setSenderBanned(
  db: Db,
  actor: Actor,
  messageId: number,
  banned: boolean,
): Promise<void> {
  if (actor.kind !== 'user' || !can(actor, 'contact.moderate')) throw new ForbiddenError();
  const message = await repo.findMessageSender(db, messageId);
  if (!message) throw new NotFoundError('contact_message_not_found', 'No message has this number.');
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (banned) await repo.insertBan(trx, message.sender_user_id, actor.id, nowIso());
      else await repo.deleteBan(trx, message.sender_user_id);
    },
    {
      audit: {
        action: banned ? 'contact.sender_banned' : 'contact.sender_unbanned',
        subject: { type: 'user', id: message.sender_user_id },
        details: { message_id: messageId },
      },
    },
  );
}
