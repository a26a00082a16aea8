import { randomUUID } from 'node:crypto';
import { announceContentChanged, markContentChanged } from '../../core/content-version.ts';
import { contentWrites, contentWritten } from '../../core/content-writes.ts';
import type { FieldProblem } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import { nowIso } from '../../core/text.ts';
import type { Db } from '../../db/connect.ts';
import { resolveOrganisation } from '../directory/index.ts';
import { getPlaceIndex, resolveCity } from '../places/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import type { RawRecord, RecordWriter } from './interchange-format.ts';
import type { PracticeRecord, Sections, TranslationStatus } from './practice.model.ts';
import * as practices from './practice.repository.ts';
import { SECTION_KEYS, type SectionKey } from './practice.table.ts';
import { getPractice, type PracticeDetail } from './practice-detail.service.ts';
import * as lists from './practice-list.repository.ts';
import { checkPracticeRecord, type RecordReferences } from './practice-record.validator.ts';
import * as versions from './practice-version.repository.ts';

export interface RecordProblem extends FieldProblem {
  /** 1-based record number in the file. */
  record: number;
}

export interface ImportReport {
  read: number;
  created: number;
  updated: number;
  invalid: number;
  problems: RecordProblem[];
  warnings: RecordProblem[];
  /** False when nothing was written: a dry run, or invalid records without --skip-invalid. */
  committed: boolean;
}

export interface ImportOptions {
  dryRun?: boolean;
  skipInvalid?: boolean;
  onRecord?: (report: ImportReport) => void;
}

class Rollback extends Error {}

export async function recordReferences(db: Db): Promise<RecordReferences> {
  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  return {
    hasConcept: (scheme, id) => taxonomy.has(scheme, id),
    hasCountry: (code) => places.country(code) !== undefined,
  };
}

/**
 * Imports interchange records in one transaction: all or nothing, unless `skipInvalid`, which
 * writes the valid records and reports the others. A record whose external_id exists updates
 * that practice instead of adding a second one. Every problem names the record and the field.
 */
export async function importPractices(
  db: Db,
  records: AsyncIterable<RawRecord>,
  options: ImportOptions = {},
): Promise<ImportReport> {
  const refs = await recordReferences(db);
  const report: ImportReport = {
    read: 0,
    created: 0,
    updated: 0,
    invalid: 0,
    problems: [],
    warnings: [],
    committed: false,
  };
  try {
    await db.transaction().execute(async (trx) => {
      // What follows the practices (the search index) is written in the same transaction.
      const writes = contentWrites(trx);
      for await (const raw of records) {
        report.read++;
        const check = raw.error
          ? { ok: false as const, problems: [raw.error] }
          : checkPracticeRecord(raw.value, refs);
        if (!check.ok) {
          report.invalid++;
          report.problems.push(...check.problems.map((p) => ({ record: raw.number, ...p })));
        } else if (report.invalid === 0 || options.skipInvalid) {
          report.warnings.push(...check.warnings.map((w) => ({ record: raw.number, ...w })));
          const saved = await savePracticeRecord(trx, check.record);
          await writes.written('practices', [saved.id]);
          report.warnings.push(...saved.warnings.map((w) => ({ record: raw.number, ...w })));
          if (saved.outcome === 'created') report.created++;
          else report.updated++;
        }
        options.onRecord?.(report);
      }
      if (options.dryRun || (report.invalid > 0 && !options.skipInvalid)) throw new Rollback();
      await writes.finish();
      if (report.created + report.updated > 0) await markContentChanged(trx);
    });
    report.committed = true;
    if (report.created + report.updated > 0) announceContentChanged();
  } catch (error) {
    if (!(error instanceof Rollback)) throw error;
  }
  return report;
}

function sectionColumns(sections: Sections | undefined) {
  return Object.fromEntries(SECTION_KEYS.map((key) => [key, sections?.[key] ?? null])) as Record<
    (typeof SECTION_KEYS)[number],
    string | null
  >;
}

/** Creates or updates (by external_id) one checked practice with everything attached to it. */
export async function savePracticeRecord(
  db: Db,
  record: PracticeRecord,
): Promise<{ outcome: 'created' | 'updated'; id: number; warnings: FieldProblem[] }> {
  const warnings: FieldProblem[] = [];
  const now = nowIso();
  let cityId: number | null = null;
  if (record.city) {
    const city = await resolveCity(db, record.country, record.city);
    cityId = city.cityId;
    if (city.match === 'none') {
      warnings.push({
        field: 'city',
        message: `"${record.city}" is not a known place in ${record.country}; kept as written`,
      });
    } else if (city.match === 'near') {
      warnings.push({
        field: 'city',
        message: `"${record.city}" was matched to ${city.gazetteerName} (${record.country}); check it is the same place`,
      });
    }
  }
  const columns = {
    title: record.title,
    summary: record.summary,
    type: record.type,
    language: record.language,
    status: record.status,
    start_year: record.start_year,
    end_year: record.end_year,
    level: record.level,
    country_code: record.country,
    city_id: cityId,
    city_name: record.city,
    evidence_level: record.evidence_level,
    illustrative: record.illustrative ? 1 : 0,
    source_url: record.source_url,
    ...sectionColumns(record.sections),
    updated_at: now,
  };

  const existing = record.external_id
    ? await practices.findPracticeByExternalId(db, record.external_id)
    : undefined;
  let id: number;
  let outcome: 'created' | 'updated';
  if (existing) {
    id = existing.id;
    outcome = 'updated';
    await practices.updatePractice(db, id, columns);
  } else {
    if (!record.external_id) {
      const twin = await practices.findPracticeIdByTitleAndCountry(
        db,
        record.title,
        record.country,
      );
      if (twin) {
        warnings.push({
          field: 'external_id',
          message: `missing, and practice "${twin.slug}" has the same title and country; give it external_id "${twin.external_id}" to update it instead`,
        });
      }
    }
    const englishTitle = record.translations.en?.title;
    const base = toSlug(record.title, englishTitle ? toSlug(englishTitle, 'practice') : 'practice');
    const slug = await uniqueSlug(base, (s) => practices.practiceSlugExists(db, s));
    id = await practices.insertPractice(db, {
      ...columns,
      slug,
      external_id: record.external_id ?? randomUUID(),
      created_at: now,
    });
    outcome = 'created';
  }

  await practices.replacePracticeConcepts(db, id, [
    ...record.themes.map((c) => ({ scheme: 'theme', concept_id: c })),
    ...record.target_groups.map((c) => ({ scheme: 'target-group', concept_id: c })),
    ...record.actor_type.map((c) => ({ scheme: 'actor-type', concept_id: c })),
    ...record.gcm_objectives.map((c) => ({ scheme: 'gcm-objective', concept_id: String(c) })),
    ...record.sdg_targets.map((c) => ({ scheme: 'sdg-target', concept_id: c })),
  ]);

  const links: { organisation_id: number; role: string }[] = [];
  for (const organisation of record.organisations) {
    const organisationId = await resolveOrganisation(db, {
      name: organisation.name,
      type: organisation.type,
      website: organisation.website,
      countryCode: record.country,
      cityId: record.level === 'local' || record.level === null ? cityId : null,
    });
    links.push({ organisation_id: organisationId, role: organisation.role });
  }
  await practices.replacePracticeOrganisations(db, id, links);
  await practices.replacePracticeSources(db, id, record.sources);
  await practices.replacePracticeTranslations(
    db,
    id,
    Object.entries(record.translations).map(([locale, t]) => ({
      locale,
      title: t.title ?? null,
      summary: t.summary ?? null,
      ...sectionColumns(t.sections),
      ...(t.translated_at ? { translated_at: t.translated_at } : {}),
      ...(t.status
        ? { machine_reviewed: t.status === 'machine_translation_reviewed' ? 1 : 0 }
        : {}),
    })),
  );
  return { outcome, id, warnings };
}

function sectionsOf(row: Record<(typeof SECTION_KEYS)[number], string | null>): Sections {
  const sections: Sections = {};
  for (const key of SECTION_KEYS) {
    const text = row[key];
    if (text !== null && text !== '') sections[key] = text;
  }
  return sections;
}

/** How a stored translation came to be, in the words of the interchange format and the API. */
export function translationStatusOf(row: { machine_reviewed: number }): TranslationStatus {
  return row.machine_reviewed === 1 ? 'machine_translation_reviewed' : 'translation';
}

/** Rebuilds interchange records from the database, in the order of `ids`. */
export async function loadPracticeRecords(db: Db, ids: number[]): Promise<PracticeRecord[]> {
  const [rows, concepts, organisations, sources, translations] = await Promise.all([
    practices.findPracticesByIds(db, ids),
    practices.listConceptsOfPractices(db, ids),
    practices.listOrganisationsOfPractices(db, ids),
    practices.listSourcesOfPractices(db, ids),
    practices.listTranslationsOfPractices(db, ids),
  ]);
  return rows.map((row) => {
    const mine = concepts.filter((c) => c.practice_id === row.id);
    const ofScheme = (scheme: string) =>
      mine.filter((c) => c.scheme === scheme).map((c) => c.concept_id);
    const translated: PracticeRecord['translations'] = {};
    for (const t of translations.filter((x) => x.practice_id === row.id)) {
      const entry: PracticeRecord['translations'][string] = {};
      if (t.title) entry.title = t.title;
      if (t.summary) entry.summary = t.summary;
      const s = sectionsOf(t);
      if (Object.keys(s).length > 0) entry.sections = s;
      entry.status = translationStatusOf(t);
      entry.translated_at = t.translated_at;
      translated[t.locale] = entry;
    }
    return {
      external_id: row.external_id,
      title: row.title,
      language: row.language,
      summary: row.summary,
      type: row.type as PracticeRecord['type'],
      country: row.country_code,
      city: row.city_name,
      level: row.level as PracticeRecord['level'],
      themes: ofScheme('theme'),
      target_groups: ofScheme('target-group'),
      actor_type: ofScheme('actor-type'),
      organisations: organisations
        .filter((o) => o.practice_id === row.id)
        .map((o) => ({
          name: o.name,
          type: o.type,
          role: o.role as PracticeRecord['organisations'][number]['role'],
          website: o.website,
        })),
      status: row.status as PracticeRecord['status'],
      start_year: row.start_year,
      end_year: row.end_year,
      sections: sectionsOf(row),
      gcm_objectives: ofScheme('gcm-objective').map(Number),
      sdg_targets: ofScheme('sdg-target'),
      evidence_level: row.evidence_level as PracticeRecord['evidence_level'],
      source_url: row.source_url,
      sources: sources
        .filter((s) => s.practice_id === row.id)
        .map((s) => ({ title: s.title, url: s.url })),
      translations: translated,
      illustrative: row.illustrative === 1,
    };
  });
}

/**
 * Writes every practice, in id order, in batches: memory stays flat however large the database.
 * Runs inside one read transaction so the export is a consistent snapshot.
 */
export async function exportPractices(
  db: Db,
  writer: RecordWriter,
  options: { batchSize?: number; onProgress?: (done: number) => void } = {},
): Promise<{ exported: number }> {
  const batchSize = options.batchSize ?? 200;
  let exported = 0;
  await db.transaction().execute(async (trx) => {
    let afterId = 0;
    for (;;) {
      const ids = await lists.listPracticeIdsAfter(trx, afterId, batchSize);
      if (ids.length === 0) break;
      for (const record of await loadPracticeRecords(trx, ids)) {
        await writer.write(record);
        exported++;
      }
      afterId = ids.at(-1) ?? afterId;
      options.onProgress?.(exported);
    }
  });
  await writer.end();
  return { exported };
}

export interface PublicationInput {
  justification: string | null;
  fileIds: number[];
  submissionId: number | null;
  publishedBy: number | null;
  /** The peer review behind this version: completed reviews, and the reason if fewer than two. */
  review?: { reviewers: number; override: string | null };
}

/**
 * Publishes a reviewed practice, new or a new version of one, in the caller's transaction: the
 * practice and its search documents change together, and the published state is kept as a
 * numbered version so the history can show what changed. A practice that existed before versions
 * were kept gets its current state saved as version 1 first.
 */
export async function publishPracticeRecord(
  db: Db,
  record: PracticeRecord,
  input: PublicationInput,
): Promise<{ id: number; slug: string; version: number }> {
  const now = nowIso();
  const existing = record.external_id
    ? await practices.findPracticeByExternalId(db, record.external_id)
    : undefined;
  let latest = existing ? await versions.latestVersionNumber(db, existing.id) : 0;
  if (existing && latest === 0) {
    const [before] = await loadPracticeRecords(db, [existing.id]);
    await versions.insertVersion(db, {
      practice_id: existing.id,
      version: 1,
      data: JSON.stringify(before),
      submission_id: null,
      published_by: null,
      published_at: existing.updated_at,
    });
    latest = 1;
  }
  const saved = await savePracticeRecord(db, record);
  await practices.updatePractice(db, saved.id, {
    evidence_justification: input.justification,
    archived_at: null,
    peer_reviewers: input.review?.reviewers ?? null,
    peer_reviewed_at: input.review ? now : null,
    review_override: input.review?.override ?? null,
  });
  await practices.replacePracticeFiles(db, saved.id, input.fileIds);
  const [published] = await loadPracticeRecords(db, [saved.id]);
  const version = latest + 1;
  await versions.insertVersion(db, {
    practice_id: saved.id,
    version,
    data: JSON.stringify(published),
    submission_id: input.submissionId,
    published_by: input.publishedBy,
    published_at: now,
  });
  await contentWritten(db, 'practices', [saved.id]);
  await markContentChanged(db);
  const row = await practices.findPracticeById(db, saved.id);
  return { id: saved.id, slug: row?.slug ?? '', version };
}

/** Takes a practice out of lists and search; its page stays, marked as archived. */
export async function setPracticeArchived(db: Db, practiceId: number, archived: boolean) {
  const now = nowIso();
  // The change of date tells harvesters and feeds that the record changed (left or came back).
  await practices.updatePractice(db, practiceId, {
    archived_at: archived ? now : null,
    updated_at: now,
  });
  // Search keeps its state of each practice up to date from these announcements.
  await contentWritten(db, 'practices', [practiceId]);
  await markContentChanged(db);
}

class PreviewDone extends Error {
  constructor(readonly detail: PracticeDetail) {
    super('preview');
  }
}

/**
 * A practice exactly as it would be published: written through the same path as publication,
 * read back through the same path as the practice page, and rolled back, so nothing is kept.
 */
export async function previewPracticeRecord(
  db: Db,
  locale: Locale,
  record: PracticeRecord,
  input: Pick<PublicationInput, 'justification' | 'fileIds'>,
): Promise<PracticeDetail> {
  try {
    await db.transaction().execute(async (trx) => {
      const saved = await savePracticeRecord(trx, record);
      await practices.updatePractice(trx, saved.id, {
        evidence_justification: input.justification,
        archived_at: null,
      });
      await practices.replacePracticeFiles(trx, saved.id, input.fileIds);
      throw new PreviewDone(await getPractice(trx, locale, String(saved.id), record.language));
    });
  } catch (error) {
    if (error instanceof PreviewDone) return error.detail;
    throw error;
  }
  throw new Error('preview: the transaction ended without a result');
}

/** One language's text of a practice, as a translator wrote it and an editor published it. */
export interface PublishedTranslation {
  locale: string;
  title: string;
  summary: string;
  sections: Partial<Record<SectionKey, string>>;
  /** It began as machine translation, read by an editor before publication. */
  machineReviewed: boolean;
}

/**
 * Writes a practice's translation into one language, replacing the one it had, dated now; the
 * caller's write (its transaction, audit and content version) holds it. The search index follows.
 */
export async function publishPracticeTranslation(
  db: Db,
  practiceId: number,
  translation: PublishedTranslation,
  now: string = nowIso(),
): Promise<void> {
  const sections = Object.fromEntries(
    SECTION_KEYS.map((key) => [key, translation.sections[key] ?? null]),
  ) as Record<SectionKey, string | null>;
  await practices.upsertPracticeTranslation(db, {
    practice_id: practiceId,
    locale: translation.locale,
    title: translation.title,
    summary: translation.summary,
    ...sections,
    translated_at: now,
    machine_reviewed: translation.machineReviewed ? 1 : 0,
  });
  // The change of date tells harvesters and feeds that the record changed.
  await practices.updatePractice(db, practiceId, { updated_at: now });
  await contentWritten(db, 'practices', [practiceId]);
}
