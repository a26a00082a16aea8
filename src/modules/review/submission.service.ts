import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  ConflictError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  TooManyRequestsError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Storage } from '../../core/storage.ts';
import { nowIso } from '../../core/text.ts';
import { hitLimit, peekThrottle } from '../../core/throttle.ts';
import type { Db } from '../../db/connect.ts';
import type { FileRow } from '../files/index.ts';
import { findFile, storeUpload } from '../files/index.ts';
import { cancelJobs } from '../jobs/index.ts';
import { suggestCityNames } from '../places/index.ts';
import {
  checkPracticeRecord,
  findPracticeRef,
  loadPracticeRecords,
  type PracticeDetail,
  practiceResource,
  previewPracticeRecord,
} from '../practices/index.ts';
import * as callRepo from './call.repository.ts';
import { refuseClosedCall } from './call.service.ts';
import * as repo from './review.repository.ts';
import type { CallRow, SubmissionRow } from './review.table.ts';
import * as assignmentRepo from './review-assignment.repository.ts';
import {
  canMove,
  checkDraft,
  EDITABLE_STATES,
  fromRecord,
  mergeStep,
  type Step,
  type SubmissionData,
  type SubmissionState,
} from './submission.model.ts';
import { notify, recordEvent, staffIds } from './submission-trail.ts';
import {
  draftReferences,
  parseData,
  readable,
  recordOf,
  type SubmissionView,
  stateOf,
  titleOf,
  viewOf,
} from './submission-view.ts';

/**
 * The author's side of a submission: drafts and the guided form, attachments, the preview,
 * sending it to the editors or withdrawing it, and proposals through the API.
 */

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

/** A new, empty draft, answering a call if one is named (only while it is open). */
export async function createSubmission(
  db: Db,
  actor: Actor,
  options: { callSlug?: string; data?: SubmissionData } = {},
): Promise<number> {
  if (actor.kind !== 'user' || !can(actor, 'submissions.create')) throw new ForbiddenError();
  let call: CallRow | undefined;
  if (options.callSlug) {
    call = await callRepo.findCallBySlug(db, options.callSlug);
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

/**
 * A draft of the next version of a published practice, starting from what is published. The
 * published version stays on the site until the new one is accepted. One new version at a time.
 */
export async function proposeNewVersion(db: Db, actor: Actor, practiceSlug: string) {
  if (actor.kind !== 'user') throw new ForbiddenError();
  const practice = await findPracticeRef(db, { slug: practiceSlug });
  if (!practice) throw new NotFoundError('practice_not_found', `No practice "${practiceSlug}".`);
  // The person who first proposed the practice may propose its next versions.
  if (!can(actor, 'practices.propose', await practiceResource(db, practice.id)))
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
      evidence_level: practice.evidenceLevel,
      evidence_justification: practice.evidenceJustification,
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

/**
 * What a step saved without a fault still lacks, to say before moving on: the fields a complete
 * submission needs that are empty, and the gazetteer's places a city name not known as written
 * may have meant ("Did you mean Lisbon?").
 */
export async function stepGaps(
  db: Db,
  actor: Actor,
  id: number,
  step: Step,
): Promise<FieldProblem[]> {
  const data = parseData(await editable(db, actor, id));
  const gaps = checkDraft(data, await draftReferences(db), { complete: true, steps: [step] });
  if (step === 'place' && data.city && data.country) {
    const names = await suggestCityNames(data.country, data.city);
    if (names.length > 0)
      gaps.push({
        field: 'city',
        message: `is not known as written; did you mean ${names.join(', ')}?`,
        key: 'form.error.didYouMeanCity',
        values: { names: names.join(' · '), city: data.city },
      });
  }
  return gaps;
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

const HOUR_MS = 3600_000;

/** The count of what one account sent to the editors, shared by the form and the API. */
function sendingKey(actor: Actor): string {
  return `submission:${actor.kind === 'user' ? actor.id : 'anonymous'}`;
}

function tooManySubmissions(perHour: number, retryAfterSeconds: number): TooManyRequestsError {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
  return new TooManyRequestsError(
    retryAfterSeconds,
    [
      {
        field: 'submission',
        message: `at most ${perHour} submissions an hour; try again in ${minutes} minutes`,
        key: 'submission.error.rateLimited',
        values: { max: perHour, minutes },
      },
    ],
    'submission_rate_limited',
  );
}

/**
 * Sends a draft (or a revision after changes were requested) to the editors. Everything missing
 * is refused at once, in one list; the draft stays as it is. Each sending emails every editor,
 * so one account may send at most `perHour` in an hour (0: no limit); past it the draft stays
 * as it is and TooManyRequestsError says when to try again.
 */
export async function submitSubmission(
  db: Db,
  actor: Actor,
  id: number,
  perHour: number,
): Promise<SubmissionState> {
  const row = await editable(db, actor, id);
  const data = parseData(row);
  const missing = checkDraft(data, await draftReferences(db), { complete: true });
  if (missing.length > 0) throw new ValidationError(missing, 'submission_incomplete');
  const from = stateOf(row);
  const to: SubmissionState = from === 'draft' ? 'submitted' : 'resubmitted';
  if (!canMove(from, to, 'author'))
    throw new ConflictError('illegal_transition', `A ${from} submission cannot be ${to}.`);
  if (from === 'draft' && row.call_id !== null)
    refuseClosedCall(await callRepo.findCallById(db, row.call_id));
  const now = nowIso();
  const title = titleOf(data);
  await db.transaction().execute(async (trx) => {
    // Counted in the transaction: a sending refused here, or failing later, gives its count back.
    const limit = await hitLimit(trx, sendingKey(actor), perHour, HOUR_MS);
    if (!limit.allowed) throw tooManySubmissions(perHour, limit.retryAfterSeconds);
    const changed = await repo.updateSubmissionIfState(trx, id, from, {
      state: to,
      round: to === 'resubmitted' ? row.round + 1 : row.round,
      submitted_at: row.submitted_at ?? now,
      updated_at: now,
    });
    if (!changed) throw new ConflictError('state_changed', 'The submission changed meanwhile.');
    await recordEvent(trx, id, actor, from, to);
    // Kept per round: the editors of a revision see what changed since the round before.
    await repo.insertRound(trx, {
      submission_id: id,
      round: to === 'resubmitted' ? row.round + 1 : row.round,
      data: row.data,
      submitted_at: now,
    });
    const dedupe = `submission:${id}:${to}:${row.round}`;
    // A revision answers the editors' request: nobody should take it for a new submission.
    const revised = to === 'resubmitted';
    const values = { title, round: revised ? row.round + 1 : row.round };
    if (row.author_user_id !== null)
      await notify(
        trx,
        [row.author_user_id],
        revised ? 'revisionReceived' : 'submissionReceived',
        values,
        `/submissions/${id}`,
        dedupe,
      );
    await notify(
      trx,
      await staffIds(trx),
      revised ? 'submissionRevised' : 'submissionNew',
      values,
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
    for (const a of await assignmentRepo.listUnfinishedAssignmentIds(trx, id))
      await assignmentRepo.updateAssignmentIfState(trx, a, 'invited', { state: 'withdrawn' });
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
    if (await assignmentRepo.hasOpenedAsReviewer(db, submissionId, actor.id)) return true;
  }
  return false;
}

// ───────────────────────────── The API ─────────────────────────────

/**
 * A practice proposed through the API: an interchange record, the contact of its implementer
 * and the checklist, checked like the form and sent to the editors at once. The evidence level
 * is the editors' to set, so any level given is ignored. It counts against the same `perHour`
 * as the form.
 */
export async function submitFromApi(
  db: Db,
  actor: Actor,
  body: Record<string, unknown>,
  perHour: number,
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
  // Refused before the draft is made, so that a refusal leaves nothing behind; the sending
  // itself counts, in its transaction (two requests racing past this check leave a draft).
  if (perHour > 0) {
    const sent = await peekThrottle(db, sendingKey(actor));
    if (sent.count >= perHour) throw tooManySubmissions(perHour, sent.retryAfterSeconds);
  }
  const id = await createSubmission(db, actor, {
    callSlug: typeof call === 'string' && call !== '' ? call : undefined,
    data,
  });
  return { id, state: await submitSubmission(db, actor, id, perHour) };
}
