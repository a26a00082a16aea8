import { type Actor, ANONYMOUS, can, isRole } from '../../core/authz.ts';
import { announceContentChanged } from '../../core/content-version.ts';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import type { Storage } from '../../core/storage.ts';
import { nowIso } from '../../core/text.ts';
import { isTimeZone, zonedToUtc } from '../../core/time.ts';
import type { Db } from '../../db/connect.ts';
import { findFile, storeUpload } from '../files/file.service.ts';
import type { FileRow } from '../files/file.table.ts';
import { cancelJobs, type EmailKind, enqueueEmail } from '../jobs/job.service.ts';
import { getPlaceIndex } from '../places/place.service.ts';
import {
  findPracticeBySlug,
  findProposerOfPractice,
  type PracticeDetail,
} from '../practices/practice.service.ts';
import type { EvidenceLevel } from '../practices/practice.ts';
import {
  loadPracticeRecords,
  previewPracticeRecord,
  publishPracticeRecord,
  recordReferences,
  setPracticeArchived,
} from '../practices/practice-interchange.service.ts';
import { checkPracticeRecord } from '../practices/practice-record.validator.ts';
import { getTaxonomy } from '../taxonomy/taxonomy.service.ts';
import * as repo from './review.repository.ts';
import type { CallRow, SubmissionRow } from './review.table.ts';
import {
  type AssignmentState,
  canMove,
  checkDraft,
  DECISIONS,
  type Decision,
  type DraftReferences,
  EDITABLE_STATES,
  fromRecord,
  isEvidenceLevel,
  isSubmissionState,
  MIN_REVIEWERS,
  mergeStep,
  OPEN_STATES,
  RECOMMENDATIONS,
  type Recommendation,
  SCORES,
  type Step,
  type SubmissionData,
  type SubmissionState,
  toRawRecord,
} from './submission.ts';

/** Days before a review's deadline when the reviewer is reminded. */
export const REMINDER_DAYS_BEFORE = 2;
const DAY_MS = 24 * 3600_000;

// ───────────────────────────── Reading ─────────────────────────────

function parseData(row: Pick<SubmissionRow, 'data'>): SubmissionData {
  try {
    const value = JSON.parse(row.data) as unknown;
    return typeof value === 'object' && value !== null ? (value as SubmissionData) : {};
  } catch {
    return {};
  }
}

function stateOf(row: Pick<SubmissionRow, 'state'>): SubmissionState {
  if (!isSubmissionState(row.state)) throw new Error(`unknown submission state ${row.state}`);
  return row.state;
}

export function titleOf(data: SubmissionData): string {
  return data.title?.trim() || '';
}

async function draftReferences(db: Db): Promise<DraftReferences> {
  return recordReferences(db);
}

/** The submission if the actor may read it; otherwise "not found", so nothing is leaked. */
async function readable(db: Db, actor: Actor, id: number): Promise<SubmissionRow> {
  const row = await repo.findSubmissionById(db, id);
  if (
    !row ||
    !can(actor, 'submissions.read', { id: row.id, ownerId: row.author_user_id ?? undefined })
  )
    throw new NotFoundError('submission_not_found', `No submission ${id} is yours to see.`);
  return row;
}

async function editable(db: Db, actor: Actor, id: number): Promise<SubmissionRow> {
  const row = await readable(db, actor, id);
  if (!can(actor, 'submissions.edit', { id: row.id, ownerId: row.author_user_id ?? undefined }))
    throw new ForbiddenError('submission_not_yours', 'Only its author changes a submission.');
  if (!EDITABLE_STATES.includes(stateOf(row)))
    throw new ConflictError(
      'submission_locked',
      `This submission is ${row.state}; it can be changed only as a draft or when changes are requested.`,
    );
  return row;
}

export interface SubmissionFileView {
  id: number;
  name: string;
  mediaType: string;
  size: number;
  hasWebCopy: boolean;
}

export interface SubmissionEventView {
  from: string | null;
  to: string;
  message: string | null;
  at: string;
  actorName: string | null;
}

export interface SubmissionView {
  id: number;
  state: SubmissionState;
  round: number;
  data: SubmissionData;
  /** The country of the draft by name, in English (views show it beside the city). */
  countryName: string | null;
  authorId: number | null;
  practiceId: number | null;
  practiceSlug: string | null;
  call: { id: number; slug: string; title: string; closesAt: string; timeZone: string } | null;
  evidenceLevel: string | null;
  evidenceJustification: string | null;
  createdAt: string;
  updatedAt: string;
  submittedAt: string | null;
  decidedAt: string | null;
  files: SubmissionFileView[];
  events: SubmissionEventView[];
  /** What must still be done before it can be submitted. */
  missing: FieldProblem[];
  /** The reviewers' messages to the author, once the editor has decided on their round. */
  reviewerMessages: { reviewer: number; round: number; message: string }[];
}

async function viewOf(db: Db, row: SubmissionRow): Promise<SubmissionView> {
  const data = parseData(row);
  const [files, events, refs, call, assignments, practice, places] = await Promise.all([
    repo.listFilesOfSubmission(db, row.id),
    repo.listEventsOf(db, row.id),
    draftReferences(db),
    row.call_id === null ? undefined : repo.findCallById(db, row.call_id),
    repo.listAssignmentsOfSubmission(db, row.id),
    row.practice_id === null ? undefined : repo.findPracticeSlug(db, row.practice_id),
    getPlaceIndex(db, 'en'),
  ]);
  const state = stateOf(row);
  const decidedThisRound = ['changes_requested', 'published', 'rejected'].includes(state);
  const reviewerNumbers = new Map<number, number>();
  const reviewerMessages: SubmissionView['reviewerMessages'] = [];
  for (const a of assignments) {
    if (a.state !== 'completed' || !a.message_to_author) continue;
    if (a.round === row.round && !decidedThisRound) continue;
    if (!reviewerNumbers.has(a.reviewer_user_id))
      reviewerNumbers.set(a.reviewer_user_id, reviewerNumbers.size + 1);
    reviewerMessages.push({
      reviewer: reviewerNumbers.get(a.reviewer_user_id) as number,
      round: a.round,
      message: a.message_to_author,
    });
  }
  return {
    id: row.id,
    state,
    round: row.round,
    data,
    countryName: data.country ? (places.country(data.country)?.name ?? data.country) : null,
    authorId: row.author_user_id,
    practiceId: row.practice_id,
    practiceSlug: practice ?? null,
    call: call
      ? {
          id: call.id,
          slug: call.slug,
          title: call.title,
          closesAt: call.closes_at,
          timeZone: call.time_zone,
        }
      : null,
    evidenceLevel: row.evidence_level,
    evidenceJustification: row.evidence_justification,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    submittedAt: row.submitted_at,
    decidedAt: row.decided_at,
    files: files.map((f) => ({
      id: f.id,
      name: f.original_name,
      mediaType: f.media_type,
      size: f.size,
      hasWebCopy: f.web_key !== null,
    })),
    events: events.map((e) => ({
      from: e.from_state,
      to: e.to_state,
      message: e.message,
      at: e.created_at,
      actorName: e.actor_name,
    })),
    missing: checkDraft(data, refs, { complete: true }),
    reviewerMessages,
  };
}

export async function getSubmission(db: Db, actor: Actor, id: number): Promise<SubmissionView> {
  return viewOf(db, await readable(db, actor, id));
}

export interface SubmissionListing {
  id: number;
  title: string;
  state: SubmissionState;
  updatedAt: string;
  submittedAt: string | null;
  practiceSlug: string | null;
}

export async function listMySubmissions(db: Db, actor: Actor): Promise<SubmissionListing[]> {
  if (actor.kind !== 'user') return [];
  const rows = await repo.listSubmissionsOfAuthor(db, actor.id);
  return rows.map((r) => ({
    id: r.id,
    title: titleOf(parseData(r)),
    state: stateOf(r),
    updatedAt: r.updated_at,
    submittedAt: r.submitted_at,
    practiceSlug: r.practice_slug,
  }));
}

// ───────────────────────────── Calls ─────────────────────────────

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
  return (await repo.listCalls(db)).map(callView);
}

export async function getCall(
  db: Db,
  slug: string,
): Promise<{ call: CallView; practiceIds: number[] }> {
  const row = await repo.findCallBySlug(db, slug);
  if (!row) throw new NotFoundError('call_not_found', `No call for practices at "${slug}".`);
  return {
    call: callView(row),
    practiceIds: await repo.listPublishedPracticeIdsOfCall(db, row.id),
  };
}

export async function getCallById(db: Db, id: number): Promise<CallView> {
  const row = await repo.findCallById(db, id);
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
  const readText = (name: string, value: unknown, max: number): string => {
    const s = typeof value === 'string' ? value.replace(/\r\n?/g, '\n').trim() : '';
    if (s === '')
      problems.push({ field: name, message: 'is required', key: 'form.error.required' });
    else if (s.length > max)
      problems.push({
        field: name,
        message: `must be at most ${max} characters`,
        key: 'form.error.tooLong',
        values: { max },
      });
    return s;
  };
  const title = readText('title', input.title, 300);
  const description = readText('description', input.description, 20_000);
  const taxonomy = await getTaxonomy(db, 'en');
  const list = Array.isArray(input.themes) ? input.themes : input.themes ? [input.themes] : [];
  const themes = [...new Set(list.filter((t): t is string => typeof t === 'string'))];
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
  const slug = await uniqueSlug(toSlug(values.title, 'call'), (s) => repo.callSlugExists(db, s));
  const id = await repo.insertCall(db, {
    ...values,
    slug,
    created_by: actor.kind === 'user' ? actor.id : null,
    created_at: now,
    updated_at: now,
  });
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
  await repo.updateCall(db, id, { ...values, updated_at: nowIso() });
  return getCallById(db, id);
}

function refuseClosedCall(call: CallRow | undefined) {
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

// ───────────────────────────── Drafts ─────────────────────────────

async function recordEvent(
  db: Db,
  submissionId: number,
  actor: Actor,
  from: SubmissionState | null,
  to: SubmissionState,
  message: string | null = null,
) {
  await repo.insertEvent(db, {
    submission_id: submissionId,
    actor_user_id: actor.kind === 'user' ? actor.id : null,
    from_state: from,
    to_state: to,
    message,
    created_at: nowIso(),
  });
}

/** A new, empty draft, answering a call if one is named (only while it is open). */
export async function createSubmission(
  db: Db,
  actor: Actor,
  options: { callSlug?: string; data?: SubmissionData } = {},
): Promise<number> {
  if (actor.kind !== 'user' || !can(actor, 'submissions.create')) throw new ForbiddenError();
  let call: CallRow | undefined;
  if (options.callSlug) {
    call = await repo.findCallBySlug(db, options.callSlug);
    if (!call)
      throw new ValidationError([
        { field: 'call', message: 'is not a call for practices', key: 'form.error.choice' },
      ]);
    refuseClosedCall(call);
  }
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertSubmission(trx, {
      practice_id: null,
      author_user_id: actor.id,
      call_id: call?.id ?? null,
      state: 'draft',
      data: JSON.stringify({ language: 'en', ...options.data }),
      evidence_level: null,
      evidence_justification: null,
      created_at: now,
      updated_at: now,
      submitted_at: null,
      decided_at: null,
    });
    await recordEvent(trx, id, actor, null, 'draft');
    return id;
  });
}

/** The person who first proposed a practice, who may propose its next versions. */
export async function ownerOfPractice(db: Db, practiceId: number): Promise<number | undefined> {
  return findProposerOfPractice(db, practiceId);
}

/**
 * A draft of the next version of a published practice, starting from what is published. The
 * published version stays on the site until the new one is accepted. One new version at a time.
 */
export async function proposeNewVersion(db: Db, actor: Actor, practiceSlug: string) {
  if (actor.kind !== 'user') throw new ForbiddenError();
  const practice = await findPracticeBySlug(db, practiceSlug);
  if (!practice) throw new NotFoundError('practice_not_found', `No practice "${practiceSlug}".`);
  const owner = await ownerOfPractice(db, practice.id);
  if (!can(actor, 'practices.propose', { id: practice.id, ownerId: owner }))
    throw new ForbiddenError(
      'not_allowed',
      'Only the editors and its author propose a new version.',
    );
  const open = await repo.findOpenSubmissionOfPractice(db, practice.id);
  if (open) {
    if (open.author_user_id === actor.id) return open.id;
    throw new ConflictError(
      'version_under_review',
      'A new version of this practice is already being prepared or reviewed.',
    );
  }
  const [record] = await loadPracticeRecords(db, [practice.id]);
  if (!record) throw new NotFoundError('practice_not_found', `No practice "${practiceSlug}".`);
  // The contact is not published, so it comes from the submission that published the practice;
  // the checklist is confirmed anew for every version.
  const previous = await repo.findLatestPublishedSubmission(db, practice.id);
  const earlier = previous ? parseData(previous) : {};
  const draft: SubmissionData = {
    ...fromRecord(record),
    contact_name: earlier.contact_name ?? '',
    contact_email: earlier.contact_email ?? '',
  };
  const now = nowIso();
  return db.transaction().execute(async (trx) => {
    const id = await repo.insertSubmission(trx, {
      practice_id: practice.id,
      author_user_id: actor.id,
      call_id: null,
      state: 'draft',
      data: JSON.stringify(draft),
      evidence_level: practice.evidence_level,
      evidence_justification: practice.evidence_justification,
      created_at: now,
      updated_at: now,
      submitted_at: null,
      decided_at: null,
    });
    await repo.copyPracticeFilesToSubmission(trx, practice.id, id);
    await recordEvent(trx, id, actor, null, 'draft');
    return id;
  });
}

/**
 * Saves one step of the form. What was typed is always kept, even where it is wrong; the
 * problems of this step are returned to be shown beside the fields.
 */
export async function saveStep(
  db: Db,
  actor: Actor,
  id: number,
  step: Step,
  form: Record<string, unknown>,
): Promise<FieldProblem[]> {
  // Two steps saved at once (two tabs) must both be kept: each save merges into the draft as it
  // is in the database and writes only if nobody wrote in between, else merges again.
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await editable(db, actor, id);
    const data = mergeStep(parseData(row), step, form);
    const saved = await repo.updateSubmissionIfUnchanged(db, id, row, {
      data: JSON.stringify(data),
      updated_at: nowIso(),
    });
    if (saved)
      return checkDraft(data, await draftReferences(db), { complete: false, steps: [step] });
  }
  throw new ConflictError('draft_busy', 'The draft is being changed elsewhere; try again.');
}

export async function attachFile(
  db: Db,
  storage: Storage,
  actor: Actor,
  id: number,
  upload: { filename: string; data: Buffer },
  maxBytes: number,
): Promise<void> {
  await editable(db, actor, id);
  const stored = await storeUpload(db, storage, {
    filename: upload.filename,
    data: upload.data,
    uploadedBy: actor.kind === 'user' ? actor.id : null,
    maxBytes,
  });
  if (!stored.ok)
    throw new ValidationError([
      {
        field: 'file',
        message: stored.error.message ?? 'is not accepted',
        key: stored.error.key,
        values: stored.error.values,
      },
    ]);
  await repo.addFileToSubmission(db, id, stored.file.id);
  await repo.updateSubmissionIfState(db, id, (await editable(db, actor, id)).state, {
    updated_at: nowIso(),
  });
}

export async function detachFile(db: Db, actor: Actor, id: number, fileId: number) {
  await editable(db, actor, id);
  if (!(await repo.removeFileFromSubmission(db, id, fileId)))
    throw new NotFoundError('file_not_found', `No file ${fileId} in this submission.`);
}

function recordOf(row: SubmissionRow, data: SubmissionData, evidenceLevel?: EvidenceLevel) {
  return toRawRecord(data, {
    externalId: `submission-${row.id}`,
    evidenceLevel:
      evidenceLevel ?? (isEvidenceLevel(row.evidence_level) ? row.evidence_level : 'not-evaluated'),
  });
}

/** The submission exactly as its page would be published, or what stops it from being shown. */
export async function previewSubmission(
  db: Db,
  actor: Actor,
  locale: Locale,
  id: number,
): Promise<{ ok: true; practice: PracticeDetail } | { ok: false; problems: FieldProblem[] }> {
  const row = await readable(db, actor, id);
  const data = parseData(row);
  const refs = await draftReferences(db);
  const missing = checkDraft(data, refs, { complete: true }).filter(
    (p) => !p.field.startsWith('check_'),
  );
  if (missing.length > 0) return { ok: false, problems: missing };
  const checked = checkPracticeRecord(recordOf(row, data), refs);
  if (!checked.ok) return { ok: false, problems: checked.problems };
  const files = await repo.listFilesOfSubmission(db, id);
  const practice = await previewPracticeRecord(db, locale, checked.record, {
    justification: row.evidence_justification,
    fileIds: files.map((f) => f.id),
  });
  return { ok: true, practice };
}

async function staffIds(db: Db): Promise<number[]> {
  return (await repo.listUsersWithRoles(db, ['editor', 'admin'])).map((u) => u.id);
}

async function notify(
  db: Db,
  userIds: Iterable<number>,
  kind: EmailKind,
  values: Record<string, string | number>,
  linkPath: string,
  dedupe: string,
) {
  for (const userId of new Set(userIds)) {
    await enqueueEmail(db, {
      userId,
      kind,
      values,
      linkPath,
      dedupeKey: `${dedupe}:${kind}:${userId}`,
    });
  }
}

/**
 * Sends a draft (or a revision after changes were requested) to the editors. Everything missing
 * is refused at once, in one list; the draft stays as it is.
 */
export async function submitSubmission(db: Db, actor: Actor, id: number): Promise<SubmissionState> {
  const row = await editable(db, actor, id);
  const data = parseData(row);
  const missing = checkDraft(data, await draftReferences(db), { complete: true });
  if (missing.length > 0) throw new ValidationError(missing, 'submission_incomplete');
  const from = stateOf(row);
  const to: SubmissionState = from === 'draft' ? 'submitted' : 'resubmitted';
  if (!canMove(from, to, 'author'))
    throw new ConflictError('illegal_transition', `A ${from} submission cannot be ${to}.`);
  if (from === 'draft' && row.call_id !== null)
    refuseClosedCall(await repo.findCallById(db, row.call_id));
  const now = nowIso();
  const title = titleOf(data);
  await db.transaction().execute(async (trx) => {
    const changed = await repo.updateSubmissionIfState(trx, id, from, {
      state: to,
      round: to === 'resubmitted' ? row.round + 1 : row.round,
      submitted_at: row.submitted_at ?? now,
      updated_at: now,
    });
    if (!changed) throw new ConflictError('state_changed', 'The submission changed meanwhile.');
    await recordEvent(trx, id, actor, from, to);
    const dedupe = `submission:${id}:${to}:${row.round}`;
    if (row.author_user_id !== null)
      await notify(
        trx,
        [row.author_user_id],
        'submissionReceived',
        { title },
        `/submissions/${id}`,
        dedupe,
      );
    await notify(
      trx,
      await staffIds(trx),
      'submissionNew',
      { title },
      `/editor/submissions/${id}`,
      dedupe,
    );
  });
  return to;
}

export async function withdrawSubmission(db: Db, actor: Actor, id: number): Promise<void> {
  const row = await readable(db, actor, id);
  if (!can(actor, 'submissions.edit', { id, ownerId: row.author_user_id ?? undefined }))
    throw new ForbiddenError('submission_not_yours', 'Only its author withdraws a submission.');
  const from = stateOf(row);
  if (!canMove(from, 'withdrawn', 'author'))
    throw new ConflictError('illegal_transition', `A ${from} submission cannot be withdrawn.`);
  await db.transaction().execute(async (trx) => {
    if (
      !(await repo.updateSubmissionIfState(trx, id, from, {
        state: 'withdrawn',
        updated_at: nowIso(),
      }))
    )
      throw new ConflictError('state_changed', 'The submission changed meanwhile.');
    await recordEvent(trx, id, actor, from, 'withdrawn');
    await cancelJobs(trx, `reminder:${id}:`);
    for (const a of await repo.listUnfinishedAssignmentIds(trx, id))
      await repo.updateAssignmentIfState(trx, a, 'invited', { state: 'withdrawn' });
  });
}

// ───────────────────────────── The editors ─────────────────────────────

function requireEditor(actor: Actor) {
  if (!can(actor, 'submissions.manage')) throw new ForbiddenError();
}

export const QUEUE_STATES = [
  'submitted',
  'in_review',
  'resubmitted',
  'changes_requested',
  'published',
  'rejected',
  'withdrawn',
  'archived',
  'draft',
] as const;

export interface QueueFilters {
  state?: SubmissionState;
  callId?: number;
  theme?: string;
  region?: string;
  /** Waiting at least this many days since it was submitted. */
  olderThanDays?: number;
  page: number;
}

export interface QueueItem {
  id: number;
  title: string;
  state: SubmissionState;
  round: number;
  authorName: string | null;
  callTitle: string | null;
  country: string;
  themes: string[];
  submittedAt: string | null;
  updatedAt: string;
  isNewVersion: boolean;
}

export const QUEUE_PAGE_SIZE = 50;

export async function getQueue(
  db: Db,
  actor: Actor,
  filters: QueueFilters,
): Promise<{ items: QueueItem[]; total: number }> {
  requireEditor(actor);
  const states = filters.state ? [filters.state] : [...OPEN_STATES];
  const submittedBefore =
    filters.olderThanDays !== undefined
      ? new Date(Date.now() - filters.olderThanDays * DAY_MS).toISOString()
      : undefined;
  // The queue is small next to the catalogue: filters on the draft's contents run here.
  const rows = await repo.listQueue(db, {
    states,
    callId: filters.callId,
    submittedBefore,
    limit: 5000,
    offset: 0,
  });
  const places = await getPlaceIndex(db, 'en');
  const items = rows
    .map((r) => ({ row: r, data: parseData(r) }))
    .filter(({ data }) => !filters.theme || (data.themes ?? []).includes(filters.theme))
    .filter(
      ({ data }) =>
        !filters.region ||
        (data.country !== undefined &&
          places.regionsOfCountry(data.country).some((region) => region.code === filters.region)),
    )
    .map(
      ({ row, data }): QueueItem => ({
        id: row.id,
        title: titleOf(data),
        state: stateOf(row),
        round: row.round,
        authorName: row.author_name,
        callTitle: row.call_title,
        country: data.country ?? '',
        themes: data.themes ?? [],
        submittedAt: row.submitted_at,
        updatedAt: row.updated_at,
        isNewVersion: row.practice_id !== null && stateOf(row) !== 'published',
      }),
    );
  const start = (filters.page - 1) * QUEUE_PAGE_SIZE;
  return { items: items.slice(start, start + QUEUE_PAGE_SIZE), total: items.length };
}

export interface Pipeline {
  counts: Record<SubmissionState, number>;
  /** Days from first submission to decision, the median over decided submissions. */
  medianDaysToDecision: number | null;
  decided: number;
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export async function getPipeline(db: Db, actor: Actor): Promise<Pipeline> {
  requireEditor(actor);
  const [counts, times] = await Promise.all([
    repo.countSubmissionsByState(db),
    repo.listDecisionTimes(db),
  ]);
  const result = Object.fromEntries(QUEUE_STATES.map((s) => [s, 0])) as Record<
    SubmissionState,
    number
  >;
  for (const c of counts) if (isSubmissionState(c.state)) result[c.state] = Number(c.count);
  const days = times.map(
    (t) => (Date.parse(t.decided_at as string) - Date.parse(t.submitted_at as string)) / DAY_MS,
  );
  const m = median(days);
  return {
    counts: result,
    medianDaysToDecision: m === null ? null : Math.round(m * 10) / 10,
    decided: days.length,
  };
}

export interface AssignmentForEditor {
  id: number;
  reviewerId: number;
  reviewerName: string;
  round: number;
  state: AssignmentState;
  dueAt: string;
  conflictStatement: string | null;
  review: {
    scores: Record<(typeof SCORES)[number], number>;
    proposedEvidenceLevel: string;
    recommendation: string;
    messageToAuthor: string;
    messageToEditor: string;
    submittedAt: string;
  } | null;
}

export interface EditorSubmissionView {
  submission: SubmissionView;
  authorName: string | null;
  assignments: AssignmentForEditor[];
  /** People who may review it: reviewers and editors, never its author. */
  candidates: { id: number; name: string }[];
  /** How many more reviewers the current round needs to reach the minimum. */
  reviewersNeeded: number;
  decisions: Decision[];
}

export async function getSubmissionForEditor(
  db: Db,
  actor: Actor,
  id: number,
): Promise<EditorSubmissionView> {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const [submission, assignments, people, author] = await Promise.all([
    viewOf(db, row),
    repo.listAssignmentsOfSubmission(db, id),
    repo.listUsersWithRoles(db, ['reviewer', 'editor', 'admin']),
    row.author_user_id === null ? undefined : repo.findUserRoleAndName(db, row.author_user_id),
  ]);
  const active = assignments.filter(
    (a) => a.round === row.round && !['conflict', 'withdrawn'].includes(a.state),
  );
  const busy = new Set(active.map((a) => a.reviewer_user_id));
  const state = stateOf(row);
  return {
    submission,
    authorName: author?.name ?? null,
    assignments: assignments.map((a) => ({
      id: a.id,
      reviewerId: a.reviewer_user_id,
      reviewerName: a.reviewer_name,
      round: a.round,
      state: a.state as AssignmentState,
      dueAt: a.due_at,
      conflictStatement: a.conflict_statement,
      review:
        a.submitted_at === null
          ? null
          : {
              scores: {
                relevance: a.score_relevance ?? 0,
                results: a.score_results ?? 0,
                evidence: a.score_evidence ?? 0,
                transferability: a.score_transferability ?? 0,
                sustainability: a.score_sustainability ?? 0,
                rights: a.score_rights ?? 0,
              },
              proposedEvidenceLevel: a.proposed_evidence_level ?? '',
              recommendation: a.recommendation ?? '',
              messageToAuthor: a.message_to_author ?? '',
              messageToEditor: a.message_to_editor ?? '',
              submittedAt: a.submitted_at,
            },
    })),
    candidates: people
      .filter((p) => mayReview(p, row) && !busy.has(p.id))
      .map((p) => ({ id: p.id, name: p.name })),
    reviewersNeeded: Math.max(0, MIN_REVIEWERS - active.length),
    decisions: DECISIONS.filter((d) => canMove(state, d, 'editor')),
  };
}

/** Whether a person on the roster may be chosen to review the submission (never its author). */
function mayReview(person: { id: number; name: string; role: string }, row: SubmissionRow) {
  const asReviewer: Actor = isRole(person.role)
    ? {
        kind: 'user',
        id: person.id,
        role: person.role,
        name: person.name,
        via: 'session',
        scopes: ['read', 'write'],
      }
    : ANONYMOUS;
  return can(asReviewer, 'submissions.review', {
    id: row.id,
    ownerId: row.author_user_id ?? undefined,
  });
}

/**
 * Invites reviewers for the current round, each with a deadline, and moves the submission into
 * review. The round must end up with at least MIN_REVIEWERS reviewers who have not declared a
 * conflict, so a single opinion never decides.
 */
export async function assignReviewers(
  db: Db,
  actor: Actor,
  id: number,
  input: { reviewerIds: unknown; dueDate: unknown },
): Promise<void> {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const state = stateOf(row);
  if (!['submitted', 'resubmitted', 'in_review'].includes(state))
    throw new ConflictError(
      'illegal_transition',
      `A ${state} submission cannot be sent to reviewers.`,
    );
  const problems: FieldProblem[] = [];
  const list = Array.isArray(input.reviewerIds) ? input.reviewerIds : [input.reviewerIds];
  const ids = [
    ...new Set(
      list
        .filter((v): v is string | number => typeof v === 'string' || typeof v === 'number')
        .map((v) => String(v).trim())
        .filter((v) => v !== ''),
    ),
  ];
  const reviewerIds: number[] = [];
  const candidates = await repo.listUsersWithRoles(db, ['reviewer', 'editor', 'admin']);
  const assignments = await repo.listAssignmentsOfSubmission(db, id);
  const active = assignments.filter(
    (a) => a.round === row.round && !['conflict', 'withdrawn'].includes(a.state),
  );
  const declined = new Set(
    assignments
      .filter((a) => a.round === row.round && a.state === 'conflict')
      .map((a) => a.reviewer_user_id),
  );
  for (const raw of ids) {
    const reviewerId = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (
      !candidates.some((c) => c.id === reviewerId && mayReview(c, row)) ||
      declined.has(reviewerId)
    ) {
      problems.push({
        field: 'reviewers',
        message: 'names someone who cannot review this submission',
        key: 'review.error.reviewer',
      });
      break;
    }
    if (!active.some((a) => a.reviewer_user_id === reviewerId)) reviewerIds.push(reviewerId);
  }
  if (problems.length === 0 && active.length + reviewerIds.length < MIN_REVIEWERS)
    problems.push({
      field: 'reviewers',
      message: `choose at least ${MIN_REVIEWERS} reviewers`,
      key: 'review.error.minReviewers',
      values: { count: MIN_REVIEWERS },
    });
  const due = typeof input.dueDate === 'string' ? input.dueDate.trim() : '';
  const dueAt = /^\d{4}-\d{2}-\d{2}$/.test(due) ? zonedToUtc(`${due}T23:59`, 'UTC') : undefined;
  if (!dueAt)
    problems.push({ field: 'due_date', message: 'must be a date', key: 'form.error.date' });
  else if (dueAt <= nowIso())
    problems.push({
      field: 'due_date',
      message: 'must be in the future',
      key: 'form.error.future',
    });
  if (problems.length > 0) throw new ValidationError(problems);
  const title = titleOf(parseData(row));
  await db.transaction().execute(async (trx) => {
    const now = nowIso();
    if (state !== 'in_review') {
      if (
        !(await repo.updateSubmissionIfState(trx, id, state, {
          state: 'in_review',
          updated_at: now,
        }))
      )
        throw new ConflictError('state_changed', 'The submission changed meanwhile.');
      await recordEvent(trx, id, actor, state, 'in_review');
    }
    for (const reviewerId of reviewerIds) {
      const assignmentId = await repo.insertAssignment(trx, {
        submission_id: id,
        reviewer_user_id: reviewerId,
        round: row.round,
        state: 'invited',
        assigned_by: actor.kind === 'user' ? actor.id : null,
        assigned_at: now,
        due_at: dueAt as string,
        declared_at: null,
        conflict_statement: null,
        completed_at: null,
      });
      const values = { title, due: (dueAt as string).slice(0, 10) };
      const link = `/review/assignments/${assignmentId}`;
      await enqueueEmail(trx, {
        userId: reviewerId,
        kind: 'reviewAssigned',
        values,
        linkPath: link,
        dedupeKey: `assignment:${assignmentId}:assigned`,
      });
      const remindAt = Date.parse(dueAt as string) - REMINDER_DAYS_BEFORE * DAY_MS;
      if (remindAt > Date.now())
        await enqueueEmail(trx, {
          userId: reviewerId,
          kind: 'reviewReminder',
          values,
          linkPath: link,
          runAt: new Date(remindAt),
          dedupeKey: `reminder:${id}:${assignmentId}`,
        });
    }
  });
}

export interface DecisionInput {
  decision: unknown;
  message: unknown;
  evidenceLevel?: unknown;
  justification?: unknown;
}

/**
 * The editor's decision, with a message to the author: changes requested, published (with the
 * evidence level and why), or rejected. Publishing writes the practice, or its new version,
 * with its search documents and its version history, in the same transaction.
 */
export async function decide(
  db: Db,
  actor: Actor,
  id: number,
  input: DecisionInput,
): Promise<{ state: SubmissionState; practiceSlug?: string }> {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const from = stateOf(row);
  const problems: FieldProblem[] = [];
  const decision = (DECISIONS as readonly unknown[]).includes(input.decision)
    ? (input.decision as Decision)
    : undefined;
  if (!decision)
    problems.push({ field: 'decision', message: 'is required', key: 'form.error.required' });
  const message =
    typeof input.message === 'string' ? input.message.replace(/\r\n?/g, '\n').trim() : '';
  if (message === '')
    problems.push({ field: 'message', message: 'is required', key: 'form.error.required' });
  else if (message.length > 10_000)
    problems.push({
      field: 'message',
      message: 'must be at most 10000 characters',
      key: 'form.error.tooLong',
      values: { max: 10_000 },
    });
  let level: EvidenceLevel | undefined;
  let justification = '';
  if (decision === 'published') {
    level = isEvidenceLevel(input.evidenceLevel) ? input.evidenceLevel : undefined;
    if (!level)
      problems.push({
        field: 'evidence_level',
        message: 'is required',
        key: 'form.error.required',
      });
    justification =
      typeof input.justification === 'string'
        ? input.justification.replace(/\r\n?/g, '\n').trim()
        : '';
    if (justification === '')
      problems.push({ field: 'justification', message: 'is required', key: 'form.error.required' });
    else if (justification.length > 5000)
      problems.push({
        field: 'justification',
        message: 'must be at most 5000 characters',
        key: 'form.error.tooLong',
        values: { max: 5000 },
      });
  }
  if (problems.length > 0) throw new ValidationError(problems);
  const to = decision as Decision;
  if (!canMove(from, to, 'editor'))
    throw new ConflictError('illegal_transition', `A ${from} submission cannot be ${to}.`);

  const data = parseData(row);
  const title = titleOf(data);
  let checkedRecord: ReturnType<typeof checkPracticeRecord> | undefined;
  if (to === 'published') {
    checkedRecord = checkPracticeRecord(recordOf(row, data, level), await draftReferences(db));
    if (!checkedRecord.ok) throw new ValidationError(checkedRecord.problems, 'record_invalid');
  }
  const now = nowIso();
  let practiceSlug: string | undefined;
  await db.transaction().execute(async (trx) => {
    let practiceId = row.practice_id;
    if (checkedRecord?.ok) {
      const files = await repo.listFilesOfSubmission(trx, id);
      const published = await publishPracticeRecord(trx, checkedRecord.record, {
        justification,
        fileIds: files.map((f) => f.id),
        submissionId: id,
        publishedBy: actor.kind === 'user' ? actor.id : null,
      });
      practiceId = published.id;
      practiceSlug = published.slug;
    }
    const changed = await repo.updateSubmissionIfState(trx, id, from, {
      state: to,
      practice_id: practiceId,
      evidence_level: level ?? row.evidence_level,
      evidence_justification: to === 'published' ? justification : row.evidence_justification,
      decided_at: to === 'changes_requested' ? row.decided_at : now,
      updated_at: now,
    });
    if (!changed) throw new ConflictError('state_changed', 'The submission changed meanwhile.');
    await recordEvent(trx, id, actor, from, to, message);
    // The round is over: reviewers still working are released and no longer reminded.
    await cancelJobs(trx, `reminder:${id}:`);
    const kind: EmailKind =
      to === 'published'
        ? 'submissionPublished'
        : to === 'rejected'
          ? 'submissionRejected'
          : 'changesRequested';
    if (row.author_user_id !== null)
      await notify(
        trx,
        [row.author_user_id],
        kind,
        { title, message },
        practiceSlug ? `/practices/${practiceSlug}` : `/submissions/${id}`,
        `submission:${id}:${to}:${row.round}`,
      );
  });
  if (to === 'published') announceContentChanged();
  return { state: to, practiceSlug };
}

/** Takes a published practice off the lists and search; its page stays, marked archived. */
export async function archiveSubmission(db: Db, actor: Actor, id: number, message: unknown) {
  requireEditor(actor);
  const row = await repo.findSubmissionById(db, id);
  if (!row) throw new NotFoundError('submission_not_found', `No submission ${id}.`);
  const from = stateOf(row);
  if (!canMove(from, 'archived', 'editor') || row.practice_id === null)
    throw new ConflictError('illegal_transition', `A ${from} submission cannot be archived.`);
  const practiceId = row.practice_id;
  const note = typeof message === 'string' ? message.trim().slice(0, 10_000) : '';
  await db.transaction().execute(async (trx) => {
    if (
      !(await repo.updateSubmissionIfState(trx, id, from, {
        state: 'archived',
        updated_at: nowIso(),
      }))
    )
      throw new ConflictError('state_changed', 'The submission changed meanwhile.');
    await recordEvent(trx, id, actor, from, 'archived', note || null);
    await setPracticeArchived(trx, practiceId, true);
  });
  announceContentChanged();
}

// ───────────────────────────── The reviewers ─────────────────────────────

export interface AssignmentListing {
  id: number;
  submissionId: number;
  title: string;
  state: AssignmentState;
  round: number;
  dueAt: string;
  overdue: boolean;
}

export async function listMyAssignments(db: Db, actor: Actor): Promise<AssignmentListing[]> {
  if (actor.kind !== 'user') return [];
  const now = nowIso();
  return (await repo.listAssignmentsOfReviewer(db, actor.id)).map((a) => ({
    id: a.id,
    submissionId: a.submission_id,
    title: titleOf(parseData(a)),
    state: a.state as AssignmentState,
    round: a.round,
    dueAt: a.due_at,
    overdue: ['invited', 'accepted'].includes(a.state) && a.due_at < now,
  }));
}

export interface AssignmentView {
  id: number;
  state: AssignmentState;
  round: number;
  dueAt: string;
  /** Enough to recognise a conflict of interest: title, organisations, place. */
  identification: { title: string; organisations: string[]; country: string; city: string };
  /** The whole submission, once no conflict was declared. */
  submission?: SubmissionView;
  review?: AssignmentForEditor['review'];
}

async function ownAssignment(db: Db, actor: Actor, id: number) {
  const assignment = await repo.findAssignmentById(db, id);
  if (
    !assignment ||
    !can(actor, 'reviews.write', { id: assignment.id, ownerId: assignment.reviewer_user_id })
  )
    throw new NotFoundError('assignment_not_found', `No review assignment ${id} is yours.`);
  const submission = await repo.findSubmissionById(db, assignment.submission_id);
  if (!submission) throw new NotFoundError('assignment_not_found', `No review assignment ${id}.`);
  return { assignment, submission };
}

export async function getAssignment(db: Db, actor: Actor, id: number): Promise<AssignmentView> {
  const { assignment, submission } = await ownAssignment(db, actor, id);
  const data = parseData(submission);
  const state = assignment.state as AssignmentState;
  const view: AssignmentView = {
    id: assignment.id,
    state,
    round: assignment.round,
    dueAt: assignment.due_at,
    identification: {
      title: titleOf(data),
      organisations: (data.organisations ?? []).map((o) => o.name),
      country: data.country ?? '',
      city: data.city ?? '',
    },
  };
  if (state === 'accepted' || state === 'completed') {
    view.submission = await viewOf(db, submission);
    // The reviewer sees the submission, not the editors' or other reviewers' notes on it.
    view.submission.reviewerMessages = [];
    if (state === 'completed') {
      const all = await repo.listAssignmentsOfSubmission(db, submission.id);
      const mine = all.find((a) => a.id === assignment.id);
      if (mine?.submitted_at)
        view.review = {
          scores: {
            relevance: mine.score_relevance ?? 0,
            results: mine.score_results ?? 0,
            evidence: mine.score_evidence ?? 0,
            transferability: mine.score_transferability ?? 0,
            sustainability: mine.score_sustainability ?? 0,
            rights: mine.score_rights ?? 0,
          },
          proposedEvidenceLevel: mine.proposed_evidence_level ?? '',
          recommendation: mine.recommendation ?? '',
          messageToAuthor: mine.message_to_author ?? '',
          messageToEditor: mine.message_to_editor ?? '',
          submittedAt: mine.submitted_at,
        };
    }
  }
  return view;
}

/**
 * Before opening a submission the reviewer says whether they have a conflict of interest. A
 * conflict hands the assignment back to the editors, who are told, and the submission stays
 * closed to this reviewer.
 */
export async function declareInterests(
  db: Db,
  actor: Actor,
  id: number,
  input: { conflict: unknown; statement: unknown },
): Promise<'accepted' | 'conflict'> {
  const { assignment, submission } = await ownAssignment(db, actor, id);
  if (assignment.state !== 'invited')
    throw new ConflictError('already_declared', 'Interests were already declared for this review.');
  const conflict = input.conflict === 'yes' ? true : input.conflict === 'no' ? false : undefined;
  const statement =
    typeof input.statement === 'string' ? input.statement.replace(/\r\n?/g, '\n').trim() : '';
  const problems: FieldProblem[] = [];
  if (conflict === undefined)
    problems.push({ field: 'conflict', message: 'is required', key: 'form.error.required' });
  if (conflict && statement === '')
    problems.push({
      field: 'statement',
      message: 'say briefly what the conflict is',
      key: 'review.error.statement',
    });
  if (statement.length > 2000)
    problems.push({
      field: 'statement',
      message: 'must be at most 2000 characters',
      key: 'form.error.tooLong',
      values: { max: 2000 },
    });
  if (problems.length > 0) throw new ValidationError(problems);
  const now = nowIso();
  const to = conflict ? 'conflict' : 'accepted';
  await db.transaction().execute(async (trx) => {
    const changed = await repo.updateAssignmentIfState(trx, id, 'invited', {
      state: to,
      declared_at: now,
      conflict_statement: statement || null,
    });
    if (!changed) throw new ConflictError('already_declared', 'Interests were already declared.');
    if (conflict) {
      await cancelJobs(trx, `reminder:${submission.id}:${id}`);
      await notify(
        trx,
        await staffIds(trx),
        'reviewConflict',
        { title: titleOf(parseData(submission)) },
        `/editor/submissions/${submission.id}`,
        `assignment:${id}`,
      );
    }
  });
  return to;
}

export interface ReviewInput {
  [name: string]: unknown;
}

export async function submitReview(
  db: Db,
  actor: Actor,
  id: number,
  input: ReviewInput,
): Promise<void> {
  const { assignment, submission } = await ownAssignment(db, actor, id);
  if (assignment.state !== 'accepted')
    throw new ConflictError(
      assignment.state === 'invited' ? 'interests_not_declared' : 'review_closed',
      assignment.state === 'invited'
        ? 'Declare your interests before reviewing.'
        : 'This review can no longer be changed.',
    );
  if (!['in_review', 'submitted', 'resubmitted'].includes(submission.state))
    throw new ConflictError('review_closed', 'The editors have already decided on this round.');
  const problems: FieldProblem[] = [];
  const scores = {} as Record<(typeof SCORES)[number], number>;
  for (const score of SCORES) {
    const raw = input[`score_${score}`];
    const value = typeof raw === 'string' && /^[1-5]$/.test(raw.trim()) ? Number(raw) : Number.NaN;
    if (Number.isNaN(value))
      problems.push({
        field: `score_${score}`,
        message: 'choose a score from 1 to 5',
        key: 'review.error.score',
      });
    scores[score] = value;
  }
  const level = isEvidenceLevel(input.proposed_evidence_level)
    ? input.proposed_evidence_level
    : undefined;
  if (!level)
    problems.push({
      field: 'proposed_evidence_level',
      message: 'is required',
      key: 'form.error.required',
    });
  const recommendation = (RECOMMENDATIONS as readonly unknown[]).includes(input.recommendation)
    ? (input.recommendation as Recommendation)
    : undefined;
  if (!recommendation)
    problems.push({ field: 'recommendation', message: 'is required', key: 'form.error.required' });
  const readText = (name: string, required: boolean) => {
    const raw = input[name];
    const value = typeof raw === 'string' ? raw.replace(/\r\n?/g, '\n').trim() : '';
    if (value === '' && required)
      problems.push({ field: name, message: 'is required', key: 'form.error.required' });
    else if (value.length > 10_000)
      problems.push({
        field: name,
        message: 'must be at most 10000 characters',
        key: 'form.error.tooLong',
        values: { max: 10_000 },
      });
    return value;
  };
  const toAuthor = readText('message_to_author', true);
  const toEditor = readText('message_to_editor', false);
  if (problems.length > 0) throw new ValidationError(problems);
  const now = nowIso();
  await db.transaction().execute(async (trx) => {
    const changed = await repo.updateAssignmentIfState(trx, id, 'accepted', {
      state: 'completed',
      completed_at: now,
    });
    if (!changed) throw new ConflictError('review_closed', 'This review was already sent.');
    await repo.insertReview(trx, {
      assignment_id: id,
      score_relevance: scores.relevance,
      score_results: scores.results,
      score_evidence: scores.evidence,
      score_transferability: scores.transferability,
      score_sustainability: scores.sustainability,
      score_rights: scores.rights,
      proposed_evidence_level: level as string,
      recommendation: recommendation as string,
      message_to_author: toAuthor,
      message_to_editor: toEditor,
      submitted_at: now,
    });
    await cancelJobs(trx, `reminder:${submission.id}:${id}`);
    await notify(
      trx,
      await staffIds(trx),
      'reviewSubmitted',
      { title: titleOf(parseData(submission)) },
      `/editor/submissions/${submission.id}`,
      `assignment:${id}`,
    );
  });
}

// ───────────────────────────── Files ─────────────────────────────

/**
 * How much of an uploaded file someone may read: the author, the editors and the reviewers who
 * opened its submission, all of it; anyone else, for a published practice's file, only what is
 * published (for an image, the web copy, whose metadata such as a GPS position was removed).
 */
export async function readableFile(
  db: Db,
  actor: Actor,
  fileId: number,
): Promise<{ file: FileRow; access: 'full' | 'published' }> {
  const file = await findFile(db, fileId);
  const access = file ? await fileAccess(db, actor, fileId) : 'none';
  if (!file || access === 'none') throw new NotFoundError('file_not_found', `No file ${fileId}.`);
  return { file, access };
}

async function fileAccess(
  db: Db,
  actor: Actor,
  fileId: number,
): Promise<'full' | 'published' | 'none'> {
  if (await mayReadSubmittedFile(db, actor, fileId)) return 'full';
  return (await repo.isFileOfVisiblePractice(db, fileId)) ? 'published' : 'none';
}

async function mayReadSubmittedFile(db: Db, actor: Actor, fileId: number): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  for (const submissionId of await repo.submissionIdsHoldingFile(db, fileId)) {
    const row = await repo.findSubmissionById(db, submissionId);
    if (!row) continue;
    if (can(actor, 'submissions.read', { id: row.id, ownerId: row.author_user_id ?? undefined }))
      return true;
    if (await repo.hasOpenedAsReviewer(db, submissionId, actor.id)) return true;
  }
  return false;
}

// ───────────────────────────── The API ─────────────────────────────

/**
 * A practice proposed through the API: an interchange record, the contact of its implementer
 * and the checklist, checked like the form and sent to the editors at once. The evidence level
 * is the editors' to set, so any level given is ignored.
 */
export async function submitFromApi(
  db: Db,
  actor: Actor,
  body: Record<string, unknown>,
): Promise<{ id: number; state: SubmissionState }> {
  if (actor.kind !== 'user' || !can(actor, 'submissions.create')) throw new ForbiddenError();
  const { contact_name, contact_email, checklist, call, ...record } = body;
  const refs = await draftReferences(db);
  const checked = checkPracticeRecord(
    { ...record, evidence_level: 'not-evaluated', illustrative: false },
    refs,
  );
  if (!checked.ok) throw new ValidationError(checked.problems);
  const ticks =
    typeof checklist === 'object' && checklist !== null
      ? (checklist as Record<string, unknown>)
      : {};
  const data: SubmissionData = {
    ...fromRecord(checked.record),
    external_id: undefined,
    contact_name: typeof contact_name === 'string' ? contact_name.trim() : '',
    contact_email: typeof contact_email === 'string' ? contact_email.trim().toLowerCase() : '',
    checklist: Object.fromEntries(
      (['relates', 'implemented', 'results', 'contact', 'consent'] as const).map((item) => [
        item,
        ticks[item] === true,
      ]),
    ),
  };
  const problems = checkDraft(data, refs, { complete: true }).map((p) =>
    p.field.startsWith('check_') ? { ...p, field: `checklist.${p.field.slice(6)}` } : p,
  );
  if (problems.length > 0) throw new ValidationError(problems);
  const id = await createSubmission(db, actor, {
    callSlug: typeof call === 'string' && call !== '' ? call : undefined,
    data,
  });
  return { id, state: await submitSubmission(db, actor, id) };
}
