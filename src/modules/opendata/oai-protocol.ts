import { createHash } from 'node:crypto';
import type { HarvestFilter } from '../practices/index.ts';

/**
 * The protocol's own pieces of OAI-PMH (see oai.service.ts for the repository): its verbs and
 * error codes, its UTC dates and ranges, and the resumption tokens that carry a harvest from
 * one page to the next, signed so that a changed token is refused.
 */

export const TOKEN_TTL_SECONDS = 24 * 60 * 60;
export const METADATA_PREFIX = 'oai_dc';
export const SET_SPEC = /^[A-Za-z0-9\-_.!~*'()]+(:[A-Za-z0-9\-_.!~*'()]+)*$/;

export const VERBS = [
  'Identify',
  'ListMetadataFormats',
  'ListSets',
  'GetRecord',
  'ListIdentifiers',
  'ListRecords',
] as const;
export type Verb = (typeof VERBS)[number];

export type OaiErrorCode =
  | 'badArgument'
  | 'badResumptionToken'
  | 'badVerb'
  | 'cannotDisseminateFormat'
  | 'idDoesNotExist'
  | 'noRecordsMatch'
  | 'noMetadataFormats'
  | 'noSetHierarchy';

export interface OaiProblem {
  code: OaiErrorCode;
  message: string;
}

export class OaiError extends Error {
  constructor(readonly problems: OaiProblem[]) {
    super(problems.map((p) => `${p.code}: ${p.message}`).join('; '));
  }
}

export const fail = (code: OaiErrorCode, message: string): never => {
  throw new OaiError([{ code, message }]);
};

// ---- Dates -----------------------------------------------------------------------------------

/** `YYYY-MM-DDThh:mm:ssZ`, the repository's granularity. */
export function toDatestamp(value: string | Date): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return date.toISOString().slice(0, 19).concat('Z');
}

export interface ParsedDate {
  granularity: 'day' | 'second';
  /** Milliseconds since the epoch, at the start of the day or second. */
  time: number;
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const SECOND = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/;

export function parseUtcDate(value: string): ParsedDate | undefined {
  const match = SECOND.exec(value) ?? DAY.exec(value);
  if (!match) return undefined;
  const [y, mo, d, h = 0, mi = 0, s = 0] = match.slice(1).map(Number) as number[];
  const date = new Date(Date.UTC(2000, (mo as number) - 1, d, h, mi, s));
  date.setUTCFullYear(y as number);
  const same =
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === (mo as number) - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === s;
  if (!same) return undefined;
  return { granularity: match.length === 7 ? 'second' : 'day', time: date.getTime() };
}

/** Stored timestamps are ISO strings: compare against ISO strings, up to year 9999. */
function isoBound(time: number): string | undefined {
  const iso = new Date(time).toISOString();
  return /^\d{4}-/.test(iso) ? iso : undefined;
}

export interface DateRange {
  from?: string;
  until?: string;
  filter: Pick<HarvestFilter, 'from' | 'before'>;
}

export function checkDateRange(from: string | undefined, until: string | undefined): DateRange {
  const problems: OaiProblem[] = [];
  const parse = (name: string, value: string | undefined) => {
    if (value === undefined) return undefined;
    const parsed = parseUtcDate(value);
    if (!parsed)
      problems.push({
        code: 'badArgument',
        message: `${name}: "${value.slice(0, 40)}" is not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ`,
      });
    return parsed;
  };
  const f = parse('from', from);
  const u = parse('until', until);
  if (f && u) {
    if (f.granularity !== u.granularity)
      problems.push({
        code: 'badArgument',
        message: 'from and until must have the same granularity',
      });
    else if (f.time > u.time)
      problems.push({ code: 'badArgument', message: 'from is later than until' });
  }
  if (problems.length > 0) throw new OaiError(problems);
  const before = u ? u.time + (u.granularity === 'day' ? 86_400_000 : 1000) : undefined;
  return {
    from,
    until,
    filter: {
      from: f ? isoBound(f.time) : undefined,
      before: before === undefined ? undefined : isoBound(before),
    },
  };
}

// ---- Resumption tokens -----------------------------------------------------------------------

export interface TokenState {
  verb: 'ListIdentifiers' | 'ListRecords';
  from?: string;
  until?: string;
  set?: string;
  /** The last practice id sent. */
  afterId: number;
  /** How many records were sent before the page this token asks for. */
  cursor: number;
  /** Seconds since the epoch. */
  expires: number;
}

function checksum(body: string): string {
  return createHash('sha256').update(`oai-token:${body}`).digest('base64url').slice(0, 12);
}

export function encodeToken(state: TokenState): string {
  const body = Buffer.from(
    JSON.stringify({
      v: 1,
      verb: state.verb,
      m: METADATA_PREFIX,
      f: state.from,
      u: state.until,
      s: state.set,
      a: state.afterId,
      c: state.cursor,
      x: state.expires,
    }),
  ).toString('base64url');
  return `${body}.${checksum(body)}`;
}

const TOKEN_KEYS = new Set(['v', 'verb', 'm', 'f', 'u', 's', 'a', 'c', 'x']);
const MAX_TOKEN_LENGTH = 1000;

/** The state a token carries, each field checked; undefined for anything else. */
export function decodeToken(token: string, verb: Verb, now: Date): TokenState | undefined {
  if (token.length > MAX_TOKEN_LENGTH) return undefined;
  const [body, sum, ...rest] = token.split('.');
  if (!body || !sum || rest.length > 0 || !/^[A-Za-z0-9_-]+$/.test(body)) return undefined;
  if (checksum(body) !== sum) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return undefined;
  const t = raw as Record<string, unknown>;
  if (Object.keys(t).some((k) => !TOKEN_KEYS.has(k))) return undefined;
  const optionalText = (v: unknown) =>
    v === undefined || (typeof v === 'string' && v.length <= 100);
  const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;
  const nowSeconds = Math.floor(now.getTime() / 1000);
  const valid =
    t.v === 1 &&
    t.verb === verb &&
    (verb === 'ListIdentifiers' || verb === 'ListRecords') &&
    t.m === METADATA_PREFIX &&
    optionalText(t.f) &&
    optionalText(t.u) &&
    optionalText(t.s) &&
    (t.s === undefined || SET_SPEC.test(t.s as string)) &&
    count(t.a) &&
    count(t.c) &&
    count(t.x) &&
    (t.x as number) > nowSeconds &&
    (t.x as number) <= nowSeconds + TOKEN_TTL_SECONDS + 60;
  if (!valid) return undefined;
  try {
    checkDateRange(t.f as string | undefined, t.u as string | undefined);
  } catch {
    return undefined;
  }
  return {
    verb,
    from: t.f as string | undefined,
    until: t.u as string | undefined,
    set: t.s as string | undefined,
    afterId: t.a as number,
    cursor: t.c as number,
    expires: t.x as number,
  };
}
