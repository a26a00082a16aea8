import { diffWords } from 'diff';
import { NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { findCitiesByIds, getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import type { Scheme } from '../taxonomy/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import type { PracticeRecord } from './practice.model.ts';
import * as practices from './practice.repository.ts';
import type { ConceptRef } from './practice.service.ts';
import { SECTION_KEYS, type SectionKey } from './practice.table.ts';
import {
  attachmentOf,
  chooseDisplayLanguage,
  type PracticeDetail,
  policyAreasOf,
} from './practice-detail.service.ts';
import * as versionRepo from './practice-version.repository.ts';

export interface VersionListing {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
}

export interface PracticeHistory {
  slug: string;
  title: string;
  versions: VersionListing[];
}

async function practiceOf(db: Db, slug: string) {
  const row = await practices.findPracticeBySlug(db, slug);
  if (!row)
    throw new NotFoundError(
      'practice_not_found',
      `No practice is found at "${slug.slice(0, 100)}".`,
    );
  return row;
}

export async function getPracticeHistory(db: Db, slug: string): Promise<PracticeHistory> {
  const row = await practiceOf(db, slug);
  const versions = await versionRepo.listVersionsOf(db, row.id);
  return {
    slug: row.slug,
    title: row.title,
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: v.published_at,
      publishedBy: v.published_by_name,
    })),
  };
}

/** A piece of text in a comparison: unchanged, added in the newer version, or removed from it. */
export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

export interface FieldChange {
  /** A field of the interchange format, or `sections.<key>`. */
  field: string;
  parts: DiffPart[];
}

/** The fields compared, in the order a reader meets them on the practice page. */
function fieldsOf(record: PracticeRecord): [string, string][] {
  const list = (values: readonly (string | number)[]) => values.join(', ');
  return [
    ['title', record.title],
    ['summary', record.summary],
    ['type', record.type ?? ''],
    ['level', record.level ?? ''],
    ['status', record.status ?? ''],
    ['years', [record.start_year, record.end_year].filter((y) => y !== null).join('–')],
    ['country', record.country],
    ['city', record.city ?? ''],
    ['evidence_level', record.evidence_level],
    ['themes', list(record.themes)],
    ['target_groups', list(record.target_groups)],
    ['actor_type', list(record.actor_type)],
    ['gcm_objectives', list(record.gcm_objectives)],
    ['sdg_targets', list(record.sdg_targets)],
    ...SECTION_KEYS.map((key): [string, string] => [`sections.${key}`, record.sections[key] ?? '']),
    [
      'organisations',
      record.organisations
        .map(
          (o) =>
            `${o.name} (${o.role}${o.type ? `, ${o.type}` : ''})${o.website ? ` ${o.website}` : ''}`,
        )
        .join('\n'),
    ],
    [
      'sources',
      [record.source_url ?? '', ...record.sources.map((s) => `${s.title ?? ''} ${s.url}`.trim())]
        .filter(Boolean)
        .join('\n'),
    ],
  ];
}

/** Field by field, what changed between two versions of a record; unchanged fields are left out. */
export function diffRecords(older: PracticeRecord, newer: PracticeRecord): FieldChange[] {
  const before = new Map(fieldsOf(older));
  const changes: FieldChange[] = [];
  for (const [field, after] of fieldsOf(newer)) {
    const previous = before.get(field) ?? '';
    if (previous === after) continue;
    changes.push({
      field,
      parts: diffWords(previous, after).map((part) => ({
        text: part.value,
        change: part.added ? 'added' : part.removed ? 'removed' : 'same',
      })),
    });
  }
  return changes;
}

export interface VersionComparison {
  slug: string;
  title: string;
  from: VersionListing;
  to: VersionListing;
  changes: FieldChange[];
}

export async function compareVersions(
  db: Db,
  slug: string,
  fromVersion: number,
  toVersion: number,
): Promise<VersionComparison> {
  const row = await practiceOf(db, slug);
  const [from, to, listing] = await Promise.all([
    versionRepo.findVersion(db, row.id, fromVersion),
    versionRepo.findVersion(db, row.id, toVersion),
    versionRepo.listVersionsOf(db, row.id),
  ]);
  if (!from || !to)
    throw new NotFoundError(
      'version_not_found',
      `Practice "${row.slug}" has no version ${!from ? fromVersion : toVersion}.`,
    );
  const meta = (v: number): VersionListing => {
    const found = listing.find((l) => l.version === v);
    return {
      version: v,
      publishedAt: found?.published_at ?? '',
      publishedBy: found?.published_by_name ?? null,
    };
  };
  return {
    slug: row.slug,
    title: row.title,
    from: meta(fromVersion),
    to: meta(toVersion),
    changes: diffRecords(
      JSON.parse(from.data) as PracticeRecord,
      JSON.parse(to.data) as PracticeRecord,
    ),
  };
}

/** One published version of a practice, shown as it was published. */
export interface PracticeVersionView {
  /** The practice as published in this version, in the shape the practice page shows. */
  practice: PracticeDetail;
  version: number;
  /** The newest version: the one the practice page shows. */
  latest: number;
  publishedAt: string;
  isCurrent: boolean;
}

/**
 * Version `version` of a practice, as it was published: its interchange record mapped to the
 * detail the practice page renders, in `requestedLanguage` if the version has it, else in the
 * reader's locale if translated, else in its original language (as `getPractice` chooses).
 * Evidence justification and attachments are not part of a version record: they are shown for
 * the current version only.
 *
 *   await getPracticeVersion(db, 'en', 'welcome-desk', 2) // { version: 2, latest: 3, … }
 */
export async function getPracticeVersion(
  db: Db,
  locale: Locale,
  slug: string,
  version: number,
  requestedLanguage?: string,
): Promise<PracticeVersionView> {
  const row = await practiceOf(db, slug);
  const [found, latest, organisations, taxonomy, places] = await Promise.all([
    versionRepo.findVersion(db, row.id, version),
    versionRepo.latestVersionNumber(db, row.id),
    practices.listOrganisationsOfPractices(db, [row.id]),
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
  ]);
  if (!found)
    throw new NotFoundError(
      'version_not_found',
      `Practice "${row.slug}" has no version ${String(version).slice(0, 12)}.`,
    );
  const record = JSON.parse(found.data) as PracticeRecord;
  const isCurrent = version === latest;
  // Coordinates are kept with the city, not the record: known when the place has not changed.
  const sameCity = record.city !== null && record.city === row.city_name && row.city_id !== null;
  const [cities, files] = await Promise.all([
    findCitiesByIds(db, sameCity && row.city_id !== null ? [row.city_id] : []),
    isCurrent ? practices.listFilesOfPractice(db, row.id) : Promise.resolve([]),
  ]);
  const practice = detailFromRecord(record, {
    taxonomy,
    places,
    locale,
    requestedLanguage,
    city: cities[0] ?? null,
    organisations,
  });
  return {
    practice: {
      ...practice,
      id: row.id,
      slug: row.slug,
      externalId: record.external_id ?? row.external_id,
      evidenceJustification: isCurrent ? row.evidence_justification : null,
      archivedAt: row.archived_at,
      attachments: files.map(attachmentOf),
      version,
      createdAt: row.created_at,
      updatedAt: found.published_at,
    },
    version,
    latest,
    publishedAt: found.published_at,
    isCurrent,
  };
}

export interface RecordContext {
  taxonomy: Taxonomy;
  places: PlaceIndex;
  locale: Locale;
  requestedLanguage?: string;
  city: PracticeDetail['city'];
  /** The organisations known now, to link those of the record by name. */
  organisations: { id: number; slug: string; name: string }[];
}

function sectionList(sections: Partial<Record<SectionKey, string>>) {
  return SECTION_KEYS.flatMap((key) => {
    const text = sections[key];
    return text ? [{ key, text }] : [];
  });
}

/**
 * An interchange record as the practice page shows it: labels from the taxonomy and place names
 * in the reader's locale, with the same choice of language as `getPractice`. Fields a record
 * does not hold (ids, dates, files) are left empty for the caller to fill.
 */
export function detailFromRecord(record: PracticeRecord, context: RecordContext): PracticeDetail {
  const { taxonomy, places, locale, requestedLanguage } = context;
  const availableLanguages = [
    record.language,
    ...Object.keys(record.translations).filter((l) => l !== record.language),
  ];
  const displayLanguage = chooseDisplayLanguage(
    availableLanguages,
    record.language,
    locale,
    requestedLanguage,
  );
  const translation =
    displayLanguage === record.language ? undefined : record.translations[displayLanguage];
  const refs = (scheme: Scheme, ids: readonly (string | number)[]): ConceptRef[] =>
    ids.map((id) => ({ id: String(id), label: taxonomy.label(scheme, String(id)) }));
  const themes = refs('theme', record.themes);
  const known = new Map(context.organisations.map((o) => [o.name, o]));
  return {
    id: 0,
    slug: '',
    externalId: record.external_id ?? '',
    title: translation?.title || record.title,
    summary: translation?.summary || record.summary,
    sections: SECTION_KEYS.flatMap((key) => {
      const text = translation?.sections?.[key] || record.sections[key];
      return text ? [{ key, text }] : [];
    }),
    language: record.language,
    displayLanguage,
    availableLanguages,
    // Versions stored before translations carried their date and status hold only the text.
    translatedAt: translation?.translated_at ?? null,
    machineTranslationReviewed: translation?.status === 'machine_translation_reviewed',
    languageVersions: [
      {
        language: record.language,
        status: 'original',
        translatedAt: null,
        title: record.title,
        summary: record.summary,
        sections: sectionList(record.sections),
      },
      ...Object.entries(record.translations)
        .filter(([language]) => language !== record.language)
        .map(([language, t]) => ({
          language,
          status: t.status ?? ('translation' as const),
          translatedAt: t.translated_at ?? null,
          title: t.title ?? null,
          summary: t.summary ?? null,
          sections: sectionList(t.sections ?? {}),
        })),
    ],
    type: record.type,
    level: record.level,
    status: record.status,
    startYear: record.start_year,
    endYear: record.end_year,
    country: {
      code: record.country,
      name: places.country(record.country)?.name ?? record.country,
    },
    regions: places.regionsOfCountry(record.country).map((r) => ({ code: r.code, name: r.name })),
    city: context.city,
    cityName: record.city,
    evidenceLevel: record.evidence_level,
    illustrative: record.illustrative,
    policyAreas: policyAreasOf(taxonomy, themes),
    themes,
    targetGroups: refs('target-group', record.target_groups),
    actorTypes: refs('actor-type', record.actor_type),
    gcmObjectives: refs('gcm-objective', record.gcm_objectives),
    sdgTargets: refs('sdg-target', record.sdg_targets),
    organisations: record.organisations.map((o) => ({
      id: known.get(o.name)?.id ?? 0,
      slug: known.get(o.name)?.slug ?? '',
      name: o.name,
      type: o.type,
      typeLabel: o.type ? taxonomy.label('actor-type', o.type) : null,
      role: o.role,
      website: o.website,
    })),
    sourceUrl: record.source_url,
    sources: record.sources,
    evidenceJustification: null,
    peerReview: null,
    archivedAt: null,
    attachments: [],
    version: 0,
    proposerId: undefined,
    createdAt: '',
    updatedAt: '',
  };
}
