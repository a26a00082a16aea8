import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import {
  AppError,
  type FieldProblem,
  ForbiddenError,
  NotFoundError,
  UnauthenticatedError,
  ValidationError,
} from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import { type Problems, readText } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { AccountDataSection } from '../accounts/index.ts';
import { enqueueEmail } from '../jobs/index.ts';
import { declaredLanguagesOf } from '../people/index.ts';
import {
  getPractice,
  type PracticeDetail,
  publishPracticeTranslation,
  SECTION_KEYS,
  type SectionKey,
} from '../practices/index.ts';
import { MachineTranslationError, type MachineTranslator } from './machine-translation.ts';
import * as repo from './translation.repository.ts';
import type { OfferState, TranslationOfferRow } from './translation.table.ts';

/** The translatable fields, as the practice's own fields are limited (the interchange record's). */
export type TranslationField = 'title' | 'summary' | SectionKey;
export const FIELD_LIMITS: Record<TranslationField, number> = {
  title: 300,
  summary: 5000,
  ...(Object.fromEntries(SECTION_KEYS.map((key) => [key, 20_000])) as Record<SectionKey, number>),
};
/** The editors' message when they send a translation back. */
export const MESSAGE_MAX = 2000;

/** The original text of a practice, field by field (only the fields it has). */
export interface OriginalText {
  practiceId: number;
  slug: string;
  language: string;
  fields: { name: TranslationField; text: string }[];
}

export interface TranslationDraft {
  id: number | undefined;
  state: OfferState | undefined;
  values: Partial<Record<TranslationField, string>>;
  machineAssisted: boolean;
  editorMessage: string | null;
  updatedAt: string | undefined;
}

export interface TranslationWorkspace {
  original: OriginalText;
  locale: string;
  /** The published translation into this language, which a new one would replace. */
  publishedAt: string | null;
  draft: TranslationDraft;
  /** Whether the translator may change the text now (not while the editors have it). */
  editable: boolean;
}

/** What the practice page offers the reader who is signed in. */
export type TranslationOffer =
  | { kind: 'none' }
  | { kind: 'declareLanguages' }
  | { kind: 'translate'; missing: string[] };

function signedIn(actor: Actor) {
  if (actor.kind !== 'user') throw new UnauthenticatedError();
  return actor;
}

function sameLanguage(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase();
}

/** The languages the practice page offers a translator: theirs, not yet in the practice. */
export async function translationOfferFor(
  db: Db,
  actor: Actor,
  practice: Pick<PracticeDetail, 'language' | 'availableLanguages' | 'archivedAt'>,
): Promise<TranslationOffer> {
  if (actor.kind !== 'user' || !can(actor, 'translations.offer') || practice.archivedAt)
    return { kind: 'none' };
  const languages = await declaredLanguagesOf(db, actor.id);
  if (languages.length === 0) return { kind: 'declareLanguages' };
  const missing = languages.filter(
    (l) => !practice.availableLanguages.some((existing) => sameLanguage(existing, l)),
  );
  return { kind: 'translate', missing };
}

async function originalOf(db: Db, locale: Locale, slug: string): Promise<PracticeDetail> {
  const shown = await getPractice(db, locale, slug);
  if (shown.displayLanguage === shown.language) return shown;
  return getPractice(db, locale, slug, shown.language);
}

function originalText(practice: PracticeDetail): OriginalText {
  return {
    practiceId: practice.id,
    slug: practice.slug,
    language: practice.language,
    fields: [
      { name: 'title', text: practice.title },
      { name: 'summary', text: practice.summary },
      ...practice.sections.map((s) => ({ name: s.key, text: s.text })),
    ],
  };
}

function draftOf(row: TranslationOfferRow | undefined): TranslationDraft {
  if (!row)
    return {
      id: undefined,
      state: undefined,
      values: {},
      machineAssisted: false,
      editorMessage: null,
      updatedAt: undefined,
    };
  const values: Partial<Record<TranslationField, string>> = {};
  for (const name of ['title', 'summary', ...SECTION_KEYS] as const) {
    const text = row[name];
    if (text) values[name] = text;
  }
  return {
    id: row.id,
    state: row.state,
    values,
    machineAssisted: row.machine_assisted === 1,
    editorMessage: row.editor_message,
    updatedAt: row.updated_at,
  };
}

/**
 * Checks that the actor may translate this practice into `target`: a published practice, a
 * language the translator declared in their profile, other than the original's.
 */
async function translatable(
  db: Db,
  actor: Actor,
  readerLocale: Locale,
  slug: string,
  target: string,
) {
  const user = signedIn(actor);
  if (!can(user, 'translations.offer')) throw new ForbiddenError();
  const practice = await originalOf(db, readerLocale, slug);
  if (practice.archivedAt)
    throw new NotFoundError('practice_archived', 'An archived practice is not translated.');
  const declared = await declaredLanguagesOf(db, user.id);
  const locale = declared.find((l) => sameLanguage(l, target));
  if (!locale)
    throw new ForbiddenError(
      'language_not_declared',
      'Translate only into a language declared in your profile.',
    );
  if (sameLanguage(locale, practice.language))
    throw new NotFoundError('original_language', 'The practice is written in this language.');
  return { user, practice, locale };
}

/** The translator's form: the original beside their translation into `target`. */
export async function openTranslation(
  db: Db,
  actor: Actor,
  readerLocale: Locale,
  slug: string,
  target: string,
): Promise<TranslationWorkspace> {
  const { user, practice, locale } = await translatable(db, actor, readerLocale, slug, target);
  const row = await repo.findOpenOffer(db, user.id, practice.id, locale);
  const published = await getPractice(db, readerLocale, slug, locale);
  const isPublished = published.displayLanguage === locale;
  const draft = draftOf(row);
  // A new translation of a language already published starts from the published text.
  if (!row && isPublished) {
    draft.values = Object.fromEntries(
      originalText(published).fields.map((f) => [f.name, f.text]),
    ) as TranslationDraft['values'];
  }
  return {
    original: originalText(practice),
    locale,
    publishedAt: isPublished ? published.translatedAt : null,
    draft,
    editable: draft.state !== 'submitted',
  };
}

function readFields(
  input: Record<string, unknown>,
  original: OriginalText,
  required: boolean,
): { values: Partial<Record<TranslationField, string | null>>; problems: Problems } {
  const problems: Problems = [];
  const values: Partial<Record<TranslationField, string | null>> = {};
  for (const field of original.fields) {
    values[field.name] = readText(problems, field.name, input[field.name], {
      max: FIELD_LIMITS[field.name],
      required: required && (field.name === 'title' || field.name === 'summary'),
      singleLine: field.name === 'title',
    });
  }
  return { values, problems };
}

/** A failed machine translation, told on the form; what the translator typed stays. */
function machineProblem(error: MachineTranslationError): FieldProblem {
  const field = 'machine';
  const { message } = error;
  switch (error.reason) {
    case 'timeout':
      return { field, message, key: 'translation.machine.timeout' };
    case 'unreachable':
      return { field, message, key: 'translation.machine.unreachable' };
    case 'refused':
      return { field, message, key: 'translation.machine.refused' };
    case 'invalid':
      return { field, message, key: 'translation.machine.invalid' };
  }
}

export type TranslationIntent = 'save' | 'submit' | 'machine';

export interface SaveOutcome {
  id: number;
  state: OfferState;
  /** The fields the machine translation filled (for `machine`). */
  machineFilled: TranslationField[];
  /** What the form should show again: the text as saved. */
  values: Partial<Record<TranslationField, string>>;
}

/**
 * Saves the translator's text as their draft (`save`), sends it to the editors (`submit`), or
 * fills its empty fields with the machine translation of the original and saves that as the
 * draft, marked as begun from machine translation (`machine`). The machine's text is never
 * published without an editor: it goes no further than the draft.
 */
export async function saveTranslation(
  db: Db,
  actor: Actor,
  readerLocale: Locale,
  slug: string,
  target: string,
  input: Record<string, unknown>,
  intent: TranslationIntent,
  machine: MachineTranslator | undefined,
): Promise<SaveOutcome> {
  const { user, practice, locale } = await translatable(db, actor, readerLocale, slug, target);
  const original = originalText(practice);
  const existing = await repo.findOpenOffer(db, user.id, practice.id, locale);
  if (
    existing &&
    !can(user, 'translations.edit', { id: existing.id, ownerId: existing.translator_id })
  )
    throw new ForbiddenError();
  if (existing?.state === 'submitted')
    throw new ValidationError(
      [
        {
          field: 'title',
          message: 'the editors are reading this translation; it can be changed once they answer',
          key: 'translation.error.withEditors',
        },
      ],
      'translation_with_editors',
    );
  const { values, problems } = readFields(input, original, intent === 'submit');
  if (problems.length > 0) throw new ValidationError(problems);
  const machineFilled: TranslationField[] = [];
  if (intent === 'machine') {
    if (!machine)
      throw new NotFoundError(
        'machine_translation_off',
        'Machine translation is not offered here.',
      );
    for (const field of original.fields) {
      if (values[field.name]) continue;
      try {
        values[field.name] = await machine.translate(field.text, original.language, locale);
      } catch (error) {
        if (!(error instanceof MachineTranslationError)) throw error;
        throw new ValidationError([machineProblem(error)], 'machine_translation_failed');
      }
      if (values[field.name]) machineFilled.push(field.name);
    }
  }
  const now = nowIso();
  const state: OfferState =
    intent === 'submit' ? 'submitted' : existing?.state === 'returned' ? 'returned' : 'draft';
  const columns = {
    title: values.title ?? null,
    summary: values.summary ?? null,
    ...(Object.fromEntries(SECTION_KEYS.map((key) => [key, values[key] ?? null])) as Record<
      SectionKey,
      string | null
    >),
  };
  const machineAssisted = machineFilled.length > 0 || existing?.machine_assisted === 1 ? 1 : 0;
  const id = await write(
    db,
    user,
    async ({ trx }) => {
      const offerId = existing
        ? await updatedOffer(trx, existing.id, {
            ...columns,
            state,
            machine_assisted: machineAssisted,
            updated_at: now,
            ...(intent === 'submit' ? { submitted_at: now } : {}),
          })
        : await repo.insertOffer(trx, {
            practice_id: practice.id,
            translator_id: user.id,
            locale,
            state,
            ...columns,
            machine_assisted: machineAssisted,
            editor_message: null,
            created_at: now,
            updated_at: now,
            submitted_at: intent === 'submit' ? now : null,
            decided_at: null,
            decided_by: null,
          });
      if (intent === 'submit') await tellEditors(trx, user, practice, locale, offerId, now);
      return offerId;
    },
    {
      audit: (offerId) =>
        intent === 'submit'
          ? {
              action: 'translation.submitted',
              subject: { type: 'translation', id: offerId },
              details: { practice: practice.id, locale, machine: machineAssisted === 1 },
            }
          : null,
    },
  );
  const saved: Partial<Record<TranslationField, string>> = {};
  for (const [key, value] of Object.entries(values))
    if (value) saved[key as TranslationField] = value;
  return { id, state, machineFilled, values: saved };
}

async function updatedOffer(
  db: Db,
  id: number,
  changes: Parameters<typeof repo.updateOffer>[2],
): Promise<number> {
  await repo.updateOffer(db, id, changes);
  return id;
}

/**
 * Emails every editor (not the translator) that a translation waits for them, each in their own
 * language when it is sent; a translation sent again after it came back is news again.
 */
async function tellEditors(
  db: Db,
  translator: { id: number; name: string },
  practice: PracticeDetail,
  locale: string,
  offerId: number,
  now: string,
): Promise<void> {
  for (const editorId of await repo.listEditorIds(db)) {
    if (editorId === translator.id) continue;
    await enqueueEmail(db, {
      userId: editorId,
      kind: 'translationSubmitted',
      values: { title: practice.title, translator: translator.name, language: locale },
      linkPath: `/editor/translations/${offerId}`,
      dedupeKey: `translation:${offerId}:submitted:${now}:${editorId}`,
    });
  }
}

// ───────────────────────────── The editors ─────────────────────────────

/** How many translations wait for the editors (their dashboard). */
export async function countTranslationQueue(db: Db): Promise<number> {
  return repo.countSubmittedOffers(db);
}

export type QueuedTranslation = Awaited<ReturnType<typeof repo.listSubmittedOffers>>[number];

export async function getTranslationQueue(db: Db, actor: Actor): Promise<QueuedTranslation[]> {
  const user = signedIn(actor);
  if (!can(user, 'translations.review')) throw new ForbiddenError();
  return repo.listSubmittedOffers(db);
}

export interface TranslationForReview {
  id: number;
  locale: string;
  state: OfferState;
  translatorName: string;
  original: OriginalText;
  draft: TranslationDraft;
  submittedAt: string | null;
  /** The editor may publish or send it back (it waits, and it is not their own). */
  decidable: boolean;
}

async function sentOffer(db: Db, id: number) {
  const row = await repo.findOffer(db, id);
  // A draft is its translator's alone: to anyone else it does not exist.
  if (!row || row.state === 'draft')
    throw new NotFoundError(
      'translation_not_found',
      `No translation sent to the editors has the id ${id}.`,
    );
  return row;
}

export async function getTranslationForReview(
  db: Db,
  actor: Actor,
  readerLocale: Locale,
  id: number,
): Promise<TranslationForReview> {
  const user = signedIn(actor);
  if (!can(user, 'translations.review')) throw new ForbiddenError();
  const row = await sentOffer(db, id);
  const practice = await originalOf(db, readerLocale, String(row.practice_id));
  return {
    id: row.id,
    locale: row.locale,
    state: row.state,
    translatorName: (await repo.findTranslatorName(db, row.translator_id)) ?? '',
    original: originalText(practice),
    draft: draftOf(row),
    submittedAt: row.submitted_at,
    decidable:
      row.state === 'submitted' &&
      can(user, 'translations.publish', { id: row.id, ownerId: row.translator_id }),
  };
}

async function decidable(db: Db, actor: Actor, id: number) {
  const user = signedIn(actor);
  const row = await sentOffer(db, id);
  if (!can(user, 'translations.publish', { id: row.id, ownerId: row.translator_id }))
    throw new ForbiddenError();
  if (row.state !== 'submitted')
    throw new AppError(409, 'translation_decided', 'This translation has already been decided.');
  return { user, row };
}

/**
 * Publishes a translation sent to the editors: it becomes the practice's text in its language
 * (replacing the one there was), dated now, and its translator is told.
 */
export async function publishTranslation(
  db: Db,
  actor: Actor,
  readerLocale: Locale,
  id: number,
): Promise<{ slug: string; locale: string }> {
  const { user, row } = await decidable(db, actor, id);
  const practice = await originalOf(db, readerLocale, String(row.practice_id));
  if (!row.title || !row.summary)
    throw new ValidationError([
      {
        field: 'title',
        message: 'the translation has no title or summary',
        key: 'form.error.required',
      },
    ]);
  const now = nowIso();
  const sections: Partial<Record<SectionKey, string>> = {};
  for (const key of SECTION_KEYS) {
    const text = row[key];
    if (text) sections[key] = text;
  }
  await write(
    db,
    user,
    async ({ trx }) => {
      await publishPracticeTranslation(
        trx,
        row.practice_id,
        {
          locale: row.locale,
          title: row.title ?? '',
          summary: row.summary ?? '',
          sections,
          machineReviewed: row.machine_assisted === 1,
        },
        now,
      );
      await repo.updateOffer(trx, row.id, {
        state: 'published',
        decided_at: now,
        decided_by: user.id,
        editor_message: null,
      });
      await enqueueEmail(trx, {
        userId: row.translator_id,
        kind: 'translationPublished',
        values: { title: practice.title },
        linkPath: `/practices/${practice.slug}?lang=${encodeURIComponent(row.locale)}`,
        dedupeKey: `translation:${row.id}:published`,
      });
    },
    {
      audit: {
        action: 'translation.published',
        subject: { type: 'translation', id: row.id },
        details: {
          practice: row.practice_id,
          locale: row.locale,
          machine: row.machine_assisted === 1,
        },
      },
      contentChanged: true,
    },
  );
  return { slug: practice.slug, locale: row.locale };
}

/** Sends a translation back to its translator with the editors' message; they may change and resend it. */
export async function returnTranslation(
  db: Db,
  actor: Actor,
  readerLocale: Locale,
  id: number,
  input: { message?: unknown },
): Promise<void> {
  const problems: FieldProblem[] = [];
  const message = readText(problems, 'message', input.message, {
    max: MESSAGE_MAX,
    required: true,
  });
  const { user, row } = await decidable(db, actor, id);
  if (problems.length > 0 || !message) throw new ValidationError(problems);
  const practice = await originalOf(db, readerLocale, String(row.practice_id));
  const now = nowIso();
  await write(
    db,
    user,
    async ({ trx }) => {
      await repo.updateOffer(trx, row.id, {
        state: 'returned',
        editor_message: message,
        decided_at: now,
        decided_by: user.id,
      });
      await enqueueEmail(trx, {
        userId: row.translator_id,
        kind: 'translationReturned',
        values: { title: practice.title, message },
        linkPath: `/practices/${practice.slug}/translate/${encodeURIComponent(row.locale)}`,
        dedupeKey: `translation:${row.id}:returned:${now}`,
      });
    },
    {
      audit: {
        action: 'translation.returned',
        subject: { type: 'translation', id: row.id },
        details: { practice: row.practice_id, locale: row.locale },
      },
    },
  );
}

/** One's own translations and where each stands. */
export async function listOwnTranslations(db: Db, actor: Actor) {
  const user = signedIn(actor);
  return repo.listOffersOfTranslator(db, user.id);
}

/** One's translations, with their text, in the copy of one's data. */
export const translationsDataSection: AccountDataSection = {
  key: 'translations',
  gather: async (db, actor) => {
    const user = signedIn(actor);
    const rows = await repo.listOfferTextsOfTranslator(db, user.id);
    return rows.map((row) => ({
      practice: row.slug,
      language: row.locale,
      state: row.state,
      machine_assisted: row.machine_assisted === 1,
      title: row.title,
      summary: row.summary,
      sections: Object.fromEntries(
        SECTION_KEYS.flatMap((key) => (row[key] ? [[key, row[key]]] : [])),
      ),
      editor_message: row.editor_message,
      created_at: row.created_at,
      updated_at: row.updated_at,
      submitted_at: row.submitted_at,
    }));
  },
};
