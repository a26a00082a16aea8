import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import { translator } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import { nowIso } from '../../core/text.ts';
import { isTimeZone, zonedToUtc } from '../../core/time.ts';
import { readList, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { getPlaceIndex } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import * as callRepo from './call.repository.ts';
import type { CallRow } from './review.table.ts';

/** Calls for practices: editors open them on a theme for a time; authors answer while open. */

export type CallPhase = 'upcoming' | 'open' | 'closed';

export function phaseOf(call: Pick<CallRow, 'opens_at' | 'closes_at'>, now = nowIso()): CallPhase {
  if (now < call.opens_at) return 'upcoming';
  return now < call.closes_at ? 'open' : 'closed';
}

export interface CallView {
  id: number;
  slug: string;
  title: string;
  description: string;
  themes: string[];
  opensAt: string;
  closesAt: string;
  timeZone: string;
  phase: CallPhase;
}

function callView(row: CallRow): CallView {
  let themes: string[] = [];
  try {
    const parsed = JSON.parse(row.themes) as unknown;
    if (Array.isArray(parsed)) themes = parsed.filter((t): t is string => typeof t === 'string');
  } catch {
    themes = [];
  }
  return {
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    themes,
    opensAt: row.opens_at,
    closesAt: row.closes_at,
    timeZone: row.time_zone,
    phase: phaseOf(row),
  };
}

export async function listCalls(db: Db): Promise<CallView[]> {
  return (await callRepo.listCalls(db)).map(callView);
}

export async function getCall(
  db: Db,
  slug: string,
): Promise<{ call: CallView; practiceIds: number[] }> {
  const row = await callRepo.findCallBySlug(db, slug);
  if (!row) throw new NotFoundError('call_not_found', `No call for practices at "${slug}".`);
  return {
    call: callView(row),
    practiceIds: await callRepo.listPublishedPracticeIdsOfCall(db, row.id),
  };
}

export async function getCallById(db: Db, id: number): Promise<CallView> {
  const row = await callRepo.findCallById(db, id);
  if (!row) throw new NotFoundError('call_not_found', `No call ${id}.`);
  return callView(row);
}

export interface CallInput {
  title?: unknown;
  description?: unknown;
  themes?: unknown;
  opens_at?: unknown;
  closes_at?: unknown;
  time_zone?: unknown;
}

async function checkCall(db: Db, input: CallInput) {
  const problems: FieldProblem[] = [];
  const title = readText(problems, 'title', input.title, { max: 300, required: true }) ?? '';
  const description =
    readText(problems, 'description', input.description, { max: 20_000, required: true }) ?? '';
  const taxonomy = await getTaxonomy(db, 'en');
  const themes = [...new Set(readList(input.themes))];
  if (themes.some((t) => !taxonomy.has('theme', t)))
    problems.push({
      field: 'themes',
      message: 'is not one of the choices',
      key: 'form.error.choice',
    });
  const timeZone = typeof input.time_zone === 'string' ? input.time_zone.trim() : '';
  if (!isTimeZone(timeZone))
    problems.push({
      field: 'time_zone',
      message: 'is not a known time zone',
      key: 'form.error.timeZone',
    });
  const instant = (name: string, value: unknown) => {
    const local = typeof value === 'string' ? value.trim() : '';
    if (local === '') {
      problems.push({ field: name, message: 'is required', key: 'form.error.required' });
      return undefined;
    }
    // A bad date-time is reported even when the time zone is wrong too, so both show at once.
    const zoneOk = isTimeZone(timeZone);
    const utc = zonedToUtc(local, zoneOk ? timeZone : 'UTC');
    if (!utc)
      problems.push({
        field: name,
        message: 'must be a date and time such as 2026-06-30T17:00',
        key: 'form.error.dateTime',
      });
    return zoneOk ? utc : undefined;
  };
  const opensAt = instant('opens_at', input.opens_at);
  const closesAt = instant('closes_at', input.closes_at);
  if (opensAt && closesAt && closesAt <= opensAt)
    problems.push({
      field: 'closes_at',
      message: 'must be after the opening',
      key: 'form.error.closesBeforeOpens',
    });
  if (problems.length > 0) throw new ValidationError(problems);
  return {
    title,
    description,
    themes: JSON.stringify(themes),
    opens_at: opensAt as string,
    closes_at: closesAt as string,
    time_zone: timeZone,
  };
}

export async function createCall(db: Db, actor: Actor, input: CallInput): Promise<CallView> {
  if (!can(actor, 'calls.manage')) throw new ForbiddenError();
  const values = await checkCall(db, input);
  const now = nowIso();
  const id = await write(
    db,
    actor,
    async ({ trx }) => {
      const slug = await uniqueSlug(toSlug(values.title, 'call'), (s) =>
        callRepo.callSlugExists(trx, s),
      );
      return callRepo.insertCall(trx, {
        ...values,
        slug,
        created_by: actor.kind === 'user' ? actor.id : null,
        created_at: now,
        updated_at: now,
      });
    },
    {
      audit: (id) => ({ action: 'call.created', subject: { type: 'call', id } }),
      contentChanged: true,
    },
  );
  return getCallById(db, id);
}

export async function updateCall(
  db: Db,
  actor: Actor,
  id: number,
  input: CallInput,
): Promise<CallView> {
  if (!can(actor, 'calls.manage')) throw new ForbiddenError();
  await getCallById(db, id);
  const values = await checkCall(db, input);
  await write(
    db,
    actor,
    ({ trx }) => callRepo.updateCall(trx, id, { ...values, updated_at: nowIso() }),
    { audit: { action: 'call.updated', subject: { type: 'call', id } }, contentChanged: true },
  );
  return getCallById(db, id);
}

/** Refuses a new submission to a call that is not open, naming when it opens or closed. */
export function refuseClosedCall(call: CallRow | undefined) {
  if (!call) return;
  const phase = phaseOf(call);
  if (phase === 'open') return;
  const refusal: FieldProblem =
    phase === 'upcoming'
      ? {
          field: 'call',
          message: `the call "${call.title}" is not open yet: it opens at ${call.opens_at}`,
          key: 'form.error.callNotOpen',
          values: { title: call.title },
        }
      : {
          field: 'call',
          message: `the call "${call.title}" closed at ${call.closes_at}; it takes no new submissions`,
          key: 'form.error.callClosed',
          values: { title: call.title },
        };
  throw new ValidationError([refusal], 'call_closed');
}

/**
 * What a new call's form starts with when it is opened on a theme and a region (from the
 * editors' coverage gaps): the theme ticked, and a title naming both. Unknown values are refused
 * naming the parameter.
 */
export async function callPrefill(
  db: Db,
  locale: Locale,
  query: { theme?: string; region?: string },
): Promise<{ themes?: string[]; title?: string }> {
  const [taxonomy, places] = await Promise.all([
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  const problems: FieldProblem[] = [];
  const theme = query.theme ? taxonomy.get('theme', query.theme) : undefined;
  if (query.theme && !theme)
    problems.push({ field: 'theme', message: `unknown theme "${query.theme}"` });
  const region = query.region ? places.region(query.region) : undefined;
  if (query.region && !region)
    problems.push({ field: 'region', message: `unknown region "${query.region}"` });
  if (problems.length > 0) throw new ValidationError(problems);
  if (!theme) return {};
  const text = translator(locale);
  const title = region
    ? text('call.prefill.title', { theme: theme.label, region: region.name })
    : theme.label;
  return { themes: [theme.id], title };
}
