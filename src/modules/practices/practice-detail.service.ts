import { NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { findCitiesByIds, getPlaceIndex } from '../places/index.ts';
import type { Scheme } from '../taxonomy/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import type { LanguageStatus, SectionKey } from './practice.model.ts';
import * as practices from './practice.repository.ts';
import type { ConceptRef } from './practice.service.ts';
import { SECTION_KEYS } from './practice.table.ts';
import * as versions from './practice-version.repository.ts';

/** One practice as its page and the API show it, in the language asked for or the reader's. */

export interface PracticeDetail {
  id: number;
  slug: string;
  externalId: string;
  title: string;
  summary: string;
  sections: { key: SectionKey; text: string }[];
  language: string;
  displayLanguage: string;
  availableLanguages: string[];
  /** When the translation shown was written; null for the original or an undated translation. */
  translatedAt: string | null;
  /** The translation shown began as machine translation and an editor read it. */
  machineTranslationReviewed: boolean;
  /** Every language version, the original first: what each says and how it came to be. */
  languageVersions: LanguageVersion[];
  type: string | null;
  level: string | null;
  status: string | null;
  startYear: number | null;
  endYear: number | null;
  country: { code: string; name: string };
  regions: { code: string; name: string }[];
  city: {
    id: number;
    name: string;
    latitude: number | null;
    longitude: number | null;
    population: number | null;
  } | null;
  cityName: string | null;
  evidenceLevel: string;
  illustrative: boolean;
  policyAreas: ConceptRef[];
  themes: ConceptRef[];
  targetGroups: ConceptRef[];
  actorTypes: ConceptRef[];
  gcmObjectives: ConceptRef[];
  sdgTargets: ConceptRef[];
  organisations: {
    id: number;
    slug: string;
    name: string;
    type: string | null;
    typeLabel: string | null;
    role: string;
    website: string | null;
  }[];
  sourceUrl: string | null;
  sources: { title: string | null; url: string }[];
  /** Why the editors gave this evidence level, when they said. */
  evidenceJustification: string | null;
  /** The peer review of the published version; null when it was imported or never reviewed. */
  peerReview: { reviewers: number; decidedAt: string; override: string | null } | null;
  archivedAt: string | null;
  attachments: PracticeAttachment[];
  /** The number of the published version shown; 0 before versions were kept. */
  version: number;
  /** Who proposed it through review, if anyone: they may propose its next versions. */
  proposerId: number | undefined;
  createdAt: string;
  updatedAt: string;
}

/** One language version of a practice; a translation's untranslated fields are null. */
export interface LanguageVersion {
  language: string;
  status: LanguageStatus;
  /** Null for the original, and for a translation stored before dates were kept. */
  translatedAt: string | null;
  title: string | null;
  summary: string | null;
  sections: { key: SectionKey; text: string }[];
}

export interface PracticeAttachment {
  id: number;
  name: string;
  mediaType: string;
  size: number;
  /** A resized copy for the page, for images. */
  hasWebCopy: boolean;
}

async function findPractice(db: Db, idOrSlug: string) {
  if (/^\d+$/.test(idOrSlug)) {
    const byId = await practices.findPracticeById(db, Number(idOrSlug));
    if (byId) return byId;
  }
  return practices.findPracticeBySlug(db, idOrSlug);
}

/**
 * One practice, shown in `requestedLanguage` if that version exists, else in the reader's
 * locale if translated, else in its original language.
 */
export async function getPractice(
  db: Db,
  locale: Locale,
  idOrSlug: string,
  requestedLanguage?: string,
): Promise<PracticeDetail> {
  const row = await findPractice(db, idOrSlug);
  if (!row)
    throw new NotFoundError(
      'practice_not_found',
      `No practice is found at "${idOrSlug.slice(0, 100)}".`,
    );
  const ids = [row.id];
  const [
    concepts,
    organisations,
    sources,
    translations,
    cities,
    taxonomy,
    places,
    files,
    version,
    proposerId,
  ] = await Promise.all([
    practices.listConceptsOfPractices(db, ids),
    practices.listOrganisationsOfPractices(db, ids),
    practices.listSourcesOfPractices(db, ids),
    practices.listTranslationsOfPractices(db, ids),
    findCitiesByIds(db, row.city_id === null ? [] : [row.city_id]),
    getTaxonomy(db, locale),
    getPlaceIndex(db, locale),
    practices.listFilesOfPractice(db, row.id),
    versions.latestVersionNumber(db, row.id),
    practices.findProposerOfPractice(db, row.id),
  ]);
  const availableLanguages = [row.language, ...translations.map((t) => t.locale)];
  const displayLanguage = chooseDisplayLanguage(
    availableLanguages,
    row.language,
    locale,
    requestedLanguage,
  );
  const translation = translations.find((t) => t.locale === displayLanguage);
  const textOf = (key: 'title' | 'summary' | SectionKey) => translation?.[key] || row[key];
  const refs = (scheme: Scheme): ConceptRef[] =>
    concepts
      .filter((c) => c.scheme === scheme)
      .map((c) => ({ id: c.concept_id, label: taxonomy.label(scheme, c.concept_id) }));
  const themes = refs('theme');
  const city = cities[0];
  return {
    id: row.id,
    slug: row.slug,
    externalId: row.external_id,
    title: textOf('title') ?? row.title,
    summary: textOf('summary') ?? row.summary,
    sections: SECTION_KEYS.flatMap((key) => {
      const body = textOf(key);
      return body ? [{ key, text: body }] : [];
    }),
    language: row.language,
    displayLanguage,
    availableLanguages,
    translatedAt: translation?.translated_at ?? null,
    machineTranslationReviewed: translation?.machine_reviewed === 1,
    languageVersions: [
      {
        language: row.language,
        status: 'original',
        translatedAt: null,
        title: row.title,
        summary: row.summary,
        sections: sectionsOf(row),
      },
      ...translations.map(
        (t): LanguageVersion => ({
          language: t.locale,
          status: t.machine_reviewed === 1 ? 'machine_translation_reviewed' : 'translation',
          translatedAt: t.translated_at,
          title: t.title || null,
          summary: t.summary || null,
          sections: sectionsOf(t),
        }),
      ),
    ],
    type: row.type,
    level: row.level,
    status: row.status,
    startYear: row.start_year,
    endYear: row.end_year,
    country: {
      code: row.country_code,
      name: places.country(row.country_code)?.name ?? row.country_code,
    },
    regions: places.regionsOfCountry(row.country_code).map((r) => ({ code: r.code, name: r.name })),
    city: city
      ? {
          id: city.id,
          name: city.name,
          latitude: city.latitude,
          longitude: city.longitude,
          population: city.population,
        }
      : null,
    cityName: row.city_name,
    evidenceLevel: row.evidence_level,
    illustrative: row.illustrative === 1,
    policyAreas: policyAreasOf(taxonomy, themes),
    themes,
    targetGroups: refs('target-group'),
    actorTypes: refs('actor-type'),
    gcmObjectives: refs('gcm-objective'),
    sdgTargets: refs('sdg-target'),
    organisations: organisations.map((o) => ({
      id: o.id,
      slug: o.slug,
      name: o.name,
      type: o.type,
      typeLabel: o.type ? taxonomy.label('actor-type', o.type) : null,
      role: o.role,
      website: o.website,
    })),
    sourceUrl: row.source_url,
    sources,
    evidenceJustification: row.evidence_justification,
    peerReview:
      row.peer_reviewed_at === null
        ? null
        : {
            reviewers: row.peer_reviewers ?? 0,
            decidedAt: row.peer_reviewed_at,
            override: row.review_override,
          },
    archivedAt: row.archived_at,
    attachments: files.map(attachmentOf),
    version,
    proposerId,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function sectionsOf(texts: Record<SectionKey, string | null>): LanguageVersion['sections'] {
  return SECTION_KEYS.flatMap((key) => {
    const text = texts[key];
    return text ? [{ key, text }] : [];
  });
}

/** The language asked for if the practice is in it, else the reader's if it is, else its original. */
export function chooseDisplayLanguage(
  available: string[],
  original: string,
  locale: Locale,
  requested: string | undefined,
): string {
  if (requested && available.includes(requested)) return requested;
  return available.includes(locale) ? locale : original;
}

export function attachmentOf(file: {
  id: number;
  original_name: string;
  media_type: string;
  size: number;
  web_key: string | null;
}): PracticeAttachment {
  return {
    id: file.id,
    name: file.original_name,
    mediaType: file.media_type,
    size: file.size,
    hasWebCopy: file.web_key !== null,
  };
}

/** The policy areas of these themes, each once, in the order their first theme comes. */
export function policyAreasOf(taxonomy: Taxonomy, themes: ConceptRef[]): ConceptRef[] {
  const areas = new Map<string, ConceptRef>();
  for (const theme of themes) {
    const parent = taxonomy.get('theme', theme.id)?.parentId;
    if (parent && !areas.has(parent))
      areas.set(parent, { id: parent, label: taxonomy.label('policy-area', parent) });
  }
  return [...areas.values()];
}
