import { createHash, randomBytes } from 'node:crypto';
import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  AppError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { hitLimit, hitThrottle } from '../../core/throttle.ts';
import { normaliseText, problem, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection } from '../accounts/index.ts';
import { recipientOf } from '../accounts/index.ts';
import {
  getOrganisation,
  listOrganisationAdminIds,
  organisationsAnsweringFor,
} from '../directory/index.ts';
import { enqueueEmail } from '../jobs/index.ts';
import { getListedPerson } from '../people/index.ts';
import { getPractice } from '../practices/index.ts';
import * as repo from './contact.repository.ts';

/**
 * The contact relay: a signed-in person writes to a person, an organisation or the people behind
 * a practice, and the message goes out by email with the sender's address as its Reply-To. No
 * page shows anyone's address; the recipient learns the sender's only by receiving the email,
 * and the sender learns the recipient's only if they answer. The people behind a practice are its
 * proposer and the admins of its lead organisations that answer for it (verified, or the
 * proposer's own): a name taken first in the directory does not bring its messages.
 */

export const RECIPIENT_KINDS = ['person', 'organisation', 'practice'] as const;

export type RecipientKind = (typeof RECIPIENT_KINDS)[number];

export const SUBJECT_MAX = 150;

export const MESSAGE_MIN = 10;

export const MESSAGE_MAX = 5000;

/** Web addresses allowed in one message: spam carries many, a real question one or two. */
export const LINKS_MAX = 3;

/**
 * Messages one sender may send in a day, as a multiple of the hourly limit (config
 * `contactRateLimitPerHour`): someone may write in a burst, but not at that pace all day.
 */
export const SENDER_DAILY_HOURS = 4;

/** Messages one recipient may receive from everyone together in a day. */
export const RECIPIENT_DAILY = 30;

const HOUR_MS = 3600_000;

const DAY_MS = 24 * HOUR_MS;

// What readText lets through of the control characters, and a header cannot hold.
const LINE_END = /[\t\n]/;

const LINK = /\bhttps?:\/\/|\bwww\./gi;

export interface ContactTarget {
  kind: RecipientKind;
  id: number;
  /** The person's or organisation's name, or the practice's title. */
  name: string;
  /** Its page on the site. */
  path: string;
  /** The address of its contact page. */
  contactPath: string;
}

/**
 * What the contact page offers. `open`: the form. `off`: the person or organisation does not
 * take messages. `nobody`: no one can receive them (a practice whose proposer and organisations
 * cannot be reached, an organisation without admins). `self`: one's own profile. `banned`: the
 * reader may no longer use the relay. `unconfirmed`: the reader's address is not confirmed.
 */
export type ContactState = 'open' | 'off' | 'nobody' | 'self' | 'banned' | 'unconfirmed';

export interface ContactPageView {
  target: ContactTarget;
  state: ContactState;
  /** A practice's organisations, offered when it has no contact. */
  organisations: { slug: string; name: string }[];
  /** For an organisation's admins and the editors: whether it takes messages, to change it. */
  settings: { accepts: boolean } | null;
}

interface Resolved extends ContactPageView {
  /** Who receives the message, the sender left out. */
  recipients: number[];
}

function signedIn(actor: Actor): Extract<Actor, { kind: 'user' }> {
  if (actor.kind !== 'user' || !can(actor, 'contact.send')) throw new ForbiddenError();
  return actor;
}

/** An organisation's admins and the editors switch its messages on and off. */
function mayManageOrganisation(actor: Actor, organisationId: number, admins: number[]): boolean {
  const ownerId = actor.kind === 'user' && admins.includes(actor.id) ? actor.id : undefined;
  return can(actor, 'organisations.edit', { id: organisationId, ownerId });
}

async function acceptingUsers(db: Db, userIds: number[]): Promise<number[]> {
  const refusing = new Set(await repo.listRefusingUsers(db, userIds));
  return userIds.filter((id) => !refusing.has(id));
}

function notFound(kind: RecipientKind, ref: string): NotFoundError {
  return new NotFoundError(`${kind}_not_found`, `No ${kind} is found at "${ref.slice(0, 100)}".`);
}

/**
 * Who receives a message about a practice: its proposer if they accept messages, and the admins
 * of its lead organisations that may answer for it (see organisationsAnsweringFor). What would
 * have reached the admins of an organisation nobody vouched for goes to the editors instead,
 * unless someone else receives it: they can answer, forward or verify. `senderId` is left out
 * of who counts as receiving; -1 when nobody is signed in.
 */
async function practiceCandidates(
  db: Db,
  practice: { proposerId: number | undefined; organisations: { id: number; role: string }[] },
  senderId: number,
): Promise<number[]> {
  const lead = practice.organisations.filter((o) => o.role === 'lead').map((o) => o.id);
  const refusing = new Set(await repo.listRefusingOrganisations(db, lead));
  const open = lead.filter((id) => !refusing.has(id));
  const answering = new Set(await organisationsAnsweringFor(db, open, practice.proposerId));
  const adminsOf = await Promise.all(
    open.map(async (id) => ({ id, admins: await listOrganisationAdminIds(db, id) })),
  );
  const admins = adminsOf.filter((o) => answering.has(o.id)).flatMap((o) => o.admins);
  const proposer = practice.proposerId === undefined ? [] : [practice.proposerId];
  const candidates = [...new Set([...(await acceptingUsers(db, proposer)), ...admins])];
  const unvouched = adminsOf.some((o) => !answering.has(o.id) && o.admins.length > 0);
  if (unvouched && candidates.every((id) => id === senderId)) return repo.listStaffIds(db);
  return candidates;
}

/**
 * Whether anyone can receive a message about this practice, asked before the reader signs in,
 * so that the page says so instead of sending them to register for nothing.
 */
export async function practiceHasContact(
  db: Db,
  practice: { proposerId: number | undefined; organisations: { id: number; role: string }[] },
): Promise<boolean> {
  return (await practiceCandidates(db, practice, -1)).length > 0;
}

/** The recipient named in the address, who would receive a message, and what the reader may do. */
async function resolve(
  db: Db,
  actor: Extract<Actor, { kind: 'user' }>,
  locale: Locale,
  kind: RecipientKind,
  ref: string,
): Promise<Resolved> {
  let target: ContactTarget;
  let candidates: number[] = [];
  let off = false;
  let organisations: { slug: string; name: string }[] = [];
  let settings: { accepts: boolean } | null = null;
  if (kind === 'person') {
    const id = /^\d{1,9}$/.test(ref) ? Number(ref) : Number.NaN;
    const person = Number.isInteger(id) ? await getListedPerson(db, id) : undefined;
    if (!person) throw notFound(kind, ref);
    target = {
      kind,
      id,
      name: person.name,
      path: `/people/${id}`,
      contactPath: `/contact/person/${id}`,
    };
    candidates = [id];
    off = (await repo.findPreference(db, id))?.accepts_messages === 0;
  } else if (kind === 'organisation') {
    const organisation = await getOrganisation(db, locale, ref);
    target = {
      kind,
      id: organisation.id,
      name: organisation.name,
      path: `/organisations/${organisation.slug}`,
      contactPath: `/contact/organisation/${organisation.slug}`,
    };
    const admins = await listOrganisationAdminIds(db, organisation.id);
    const accepts =
      (await repo.findOrganisationSetting(db, organisation.id))?.accepts_messages !== 0;
    off = !accepts;
    // The organisation's own switch decides, not each admin's personal one (which is about
    // messages to them as a person). Nobody manages it (never claimed, or its last admin left):
    // the editors answer for it, and can forward or hand it to whoever claims it.
    candidates = admins.length > 0 ? admins : await repo.listStaffIds(db);
    if (mayManageOrganisation(actor, organisation.id, admins)) settings = { accepts };
  } else {
    const practice = await getPractice(db, locale, ref).catch((error: unknown) => {
      throw error instanceof NotFoundError ? notFound(kind, ref) : error;
    });
    target = {
      kind,
      id: practice.id,
      name: practice.title,
      path: `/practices/${practice.slug}`,
      contactPath: `/contact/practice/${practice.slug}`,
    };
    organisations = practice.organisations.map((o) => ({ slug: o.slug, name: o.name }));
    candidates = await practiceCandidates(db, practice, actor.id);
  }
  const recipients = candidates.filter((id) => id !== actor.id);
  let state: ContactState = 'open';
  if (await repo.findBan(db, actor.id)) state = 'banned';
  else if (!(await recipientOf(db, actor.id))) state = 'unconfirmed';
  else if (kind === 'person' && !can(actor, 'contact.writeTo', { id: target.id })) state = 'self';
  else if (off) state = 'off';
  else if (recipients.length === 0) state = 'nobody';
  return { target, state, organisations, settings, recipients };
}

export async function getContactPage(
  db: Db,
  actor: Actor,
  locale: Locale,
  kind: RecipientKind,
  ref: string,
): Promise<ContactPageView> {
  const { recipients: _, ...view } = await resolve(db, signedIn(actor), locale, kind, ref);
  return view;
}

/** Why a message cannot be sent, as a refusal the page shows in place of the form. */
export class ContactRefused extends AppError {
  constructor(readonly state: Exclude<ContactState, 'open'>) {
    const messages: Record<Exclude<ContactState, 'open'>, string> = {
      off: 'This recipient does not accept messages through the site.',
      nobody: 'No one can receive messages for this recipient.',
      self: 'You cannot send a message to yourself.',
      banned: 'You can no longer send messages through the site.',
      unconfirmed: 'Confirm your email address before you send messages.',
    };
    super(403, `contact_${state}`, messages[state]);
  }
}

export interface ContactInput {
  subject?: unknown;
  message?: unknown;
  /** The honeypot: people leave it empty, form-filling robots do not. */
  website?: unknown;
}

/**
 * The subject or the message: required text within its bounds, long enough to be a message, and
 * a subject on one line (it becomes the email's subject header). Returns what was typed,
 * normalised, even when refused: the links are counted over it.
 */
function readMessageText(
  problems: FieldProblem[],
  field: string,
  value: unknown,
  limits: { min: number; max: number; multiline: boolean },
): string {
  const text = readText(problems, field, value, { max: limits.max, required: true });
  if (text !== null && text.length < limits.min)
    problems.push({
      field,
      message: `must be at least ${limits.min} characters`,
      key: 'contact.error.tooShort',
      values: { min: limits.min },
    });
  else if (text !== null && !limits.multiline && LINE_END.test(text))
    problems.push(problem(field, 'must be a single line', 'contact.error.singleLine'));
  return text ?? normaliseText(typeof value === 'string' ? value : '');
}

/** How many web addresses a text holds. */
export function countLinks(text: string): number {
  return text.match(LINK)?.length ?? 0;
}

function checkMessage(input: ContactInput): { subject: string; body: string } {
  const problems: FieldProblem[] = [];
  const subject = readMessageText(problems, 'subject', input.subject, {
    min: 1,
    max: SUBJECT_MAX,
    multiline: false,
  });
  const body = readMessageText(problems, 'message', input.message, {
    min: MESSAGE_MIN,
    max: MESSAGE_MAX,
    multiline: true,
  });
  if (!problems.some((p) => p.field === 'message') && countLinks(`${subject} ${body}`) > LINKS_MAX)
    problems.push({
      field: 'message',
      message: `may contain at most ${LINKS_MAX} web addresses`,
      key: 'contact.error.links',
      values: { max: LINKS_MAX },
    });
  if (problems.length > 0) throw new ValidationError(problems);
  return { subject, body };
}

function tooMany(retryAfterSeconds: number): TooManyRequestsError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new TooManyRequestsError(
    retryAfterSeconds,
    [
      {
        field: 'send',
        message: `too many messages: try again in ${minutes} minutes`,
        key: 'contact.error.rate',
        values: { minutes },
      },
    ],
    'contact_rate_limited',
  );
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Sends a message: checked, counted against the limits, stored, and queued as one email to each
 * recipient, all in one transaction. A filled honeypot is answered as a success, and nothing is
 * sent or kept. Refused when the recipient or the sender cannot use the relay (ContactRefused),
 * and past `perHour` messages of the sender in an hour, or four times that in a day
 * (TooManyRequestsError; 0 lifts both).
 */
export async function sendContactMessage(
  db: Db,
  actor: Actor,
  locale: Locale,
  kind: RecipientKind,
  ref: string,
  input: ContactInput,
  perHour: number,
): Promise<{ outcome: 'sent' | 'ignored'; target: ContactTarget }> {
  const sender = signedIn(actor);
  const resolved = await resolve(db, sender, locale, kind, ref);
  if (resolved.state !== 'open') throw new ContactRefused(resolved.state);
  if (typeof input.website === 'string' && input.website.trim() !== '')
    return { outcome: 'ignored', target: resolved.target };
  const { subject, body } = checkMessage(input);
  const { target, recipients } = resolved;
  await write(
    db,
    sender,
    async ({ trx }) => {
      // Counted in the transaction: a refused message rolls its count back with it.
      for (const [key, limit, window] of [
        [`contact:hour:${sender.id}`, perHour, HOUR_MS],
        [`contact:day:${sender.id}`, perHour * SENDER_DAILY_HOURS, DAY_MS],
      ] as const) {
        const state = await hitLimit(trx, key, limit, window);
        if (!state.allowed) throw tooMany(state.retryAfterSeconds);
      }
      // Protects the recipient rather than limiting the sender, so no setting lifts it.
      const received = await hitThrottle(
        trx,
        `contact:to:${target.kind}:${target.id}`,
        RECIPIENT_DAILY,
        DAY_MS,
      );
      if (!received.allowed) throw tooMany(received.retryAfterSeconds);
      const token = randomBytes(24).toString('base64url');
      const id = await repo.insertMessage(trx, {
        sender_user_id: sender.id,
        recipient_kind: target.kind,
        recipient_id: target.id,
        recipient_label: target.name,
        subject,
        body,
        created_at: nowIso(),
        report_token_hash: hashToken(token),
        reported_at: null,
      });
      for (const userId of recipients)
        await enqueueEmail(trx, {
          userId,
          kind: 'contactMessage',
          values: {
            sender: sender.name,
            kind: target.kind,
            target: target.name,
            subject,
            message: body,
          },
          linkPath: `/contact/report/${token}`,
          replyToUserId: sender.id,
          dedupeKey: `contact:${id}:${userId}`,
        });
      return id;
    },
    {
      audit: (id) => ({
        action: 'contact.sent',
        subject: { type: 'contact_message', id },
        details: {
          recipient_kind: target.kind,
          recipient_id: target.id,
          recipients: recipients.length,
        },
      }),
    },
  );
  return { outcome: 'sent', target };
}

// ───────────────────────────── Preferences ─────────────────────────────

export async function getContactPreference(db: Db, actor: Actor): Promise<{ accepts: boolean }> {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id }))
    throw new ForbiddenError();
  return { accepts: (await repo.findPreference(db, actor.id))?.accepts_messages !== 0 };
}

function readChoice(value: unknown): boolean {
  if (value === 'yes') return true;
  if (value === 'no') return false;
  throw new ValidationError([
    { field: 'accepts', message: 'must be yes or no', key: 'contact.error.choice' },
  ]);
}

/** A person's own choice to receive messages through the site. */
export async function setContactPreference(
  db: Db,
  actor: Actor,
  input: { accepts?: unknown },
): Promise<{ accepts: boolean }> {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id }))
    throw new ForbiddenError();
  const accepts = readChoice(input.accepts);
  await write(db, actor, ({ trx }) => repo.upsertPreference(trx, actor.id, accepts, nowIso()), {
    audit: {
      action: 'contact.preference',
      subject: { type: 'user', id: actor.id },
      details: { accepts },
    },
  });
  return { accepts };
}

/** Whether an organisation takes messages: its admins and the editors decide. */
export async function setOrganisationContact(
  db: Db,
  actor: Actor,
  locale: Locale,
  slug: string,
  input: { accepts?: unknown },
): Promise<{ slug: string }> {
  const user = signedIn(actor);
  const organisation = await getOrganisation(db, locale, slug);
  const admins = await listOrganisationAdminIds(db, organisation.id);
  if (!mayManageOrganisation(user, organisation.id, admins)) throw new ForbiddenError();
  const accepts = readChoice(input.accepts);
  await write(
    db,
    user,
    ({ trx }) => repo.upsertOrganisationSetting(trx, organisation.id, accepts, nowIso()),
    {
      audit: {
        action: 'contact.organisation_setting',
        subject: { type: 'organisation', id: organisation.id },
        details: { accepts },
      },
    },
  );
  return { slug: organisation.slug };
}

/** The messages a person sent, and whether they accept messages, for the copy of their data. */
export async function exportOwnContactData(db: Db, actor: Actor) {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id }))
    return { accepts_messages: true, messages_sent: [] };
  const [preference, sent] = await Promise.all([
    getContactPreference(db, actor),
    repo.listMessagesSentBy(db, actor.id),
  ]);
  return { accepts_messages: preference.accepts, messages_sent: sent };
}

/** The contact preference and messages sent, in the copy of one's account data. */
export const contactDataSection: AccountDataSection = {
  key: 'contact',
  gather: (db, actor) => exportOwnContactData(db, actor),
};
