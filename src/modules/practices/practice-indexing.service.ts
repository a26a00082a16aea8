import type { Db } from '../../db/connect.ts';
import { isPeerReviewed, peerReviewOf } from './peer-review.ts';
import type { SectionKey } from './practice.model.ts';
import * as practices from './practice.repository.ts';
import { SECTION_KEYS } from './practice.table.ts';
import * as lists from './practice-list.repository.ts';

/**
 * What search indexes and exports stream of practices: the texts of every language version,
 * the facets search counts by, and ids in batches.
 */

export interface PracticeTexts {
  id: number;
  /** The original first, then each translation. */
  versions: {
    locale: string;
    isOriginal: boolean;
    title: string;
    summary: string;
    body: string;
    sections: { key: SectionKey; text: string }[];
  }[];
}

/** Every language version of each practice, with translated fields falling back to the original. */
export async function loadPracticeTexts(db: Db, ids: number[]): Promise<PracticeTexts[]> {
  const { practices: rows, translations } = await practices.findTextsByIds(db, ids);
  const byPractice = new Map<number, typeof translations>();
  for (const t of translations) {
    const list = byPractice.get(t.practice_id) ?? [];
    list.push(t);
    byPractice.set(t.practice_id, list);
  }
  return rows.map((row) => {
    const sectionsOf = (source: Partial<Record<SectionKey, string | null>>) =>
      SECTION_KEYS.flatMap((key) => {
        const text = source[key] || row[key];
        return text ? [{ key, text }] : [];
      });
    const original = SECTION_KEYS.flatMap((key) =>
      row[key] ? [{ key, text: row[key] as string }] : [],
    );
    return {
      id: row.id,
      versions: [
        {
          locale: row.language,
          isOriginal: true,
          title: row.title,
          summary: row.summary,
          sections: original,
          body: original.map((s) => s.text).join('\n'),
        },
        ...(byPractice.get(row.id) ?? []).map((t) => {
          const sections = sectionsOf(t);
          return {
            locale: t.locale,
            isOriginal: false,
            title: t.title || row.title,
            summary: t.summary || row.summary,
            sections,
            // Only the translated sections are indexed under this language.
            body: SECTION_KEYS.flatMap((key) => (t[key] ? [t[key] as string] : [])).join('\n'),
          };
        }),
      ],
    };
  });
}

/** What search filters and counts a listed practice by: its attributes and its concepts. */
export interface PracticeFacets {
  id: number;
  type: string | null;
  countryCode: string;
  evidence: string;
  status: string | null;
  startYear: number | null;
  updatedAt: string;
  peerReviewed: boolean;
  /** Themes, target groups and actor types, in the order they were recorded. */
  concepts: { scheme: string; id: string }[];
}

/** The facets of every listed practice (archived ones leave search), or of `ids` alone, in id order. */
export async function listPracticeFacets(db: Db, ids?: number[]): Promise<PracticeFacets[]> {
  const [rows, concepts] = await Promise.all([
    lists.listFacetRows(db, ids),
    lists.listAllPracticeConcepts(db, ids),
  ]);
  const byId = new Map<number, PracticeFacets>();
  for (const row of rows)
    byId.set(row.id, {
      id: row.id,
      type: row.type,
      countryCode: row.country_code,
      evidence: row.evidence_level,
      status: row.status,
      startYear: row.start_year,
      updatedAt: row.updated_at,
      peerReviewed: isPeerReviewed(peerReviewOf(row)),
      concepts: [],
    });
  for (const c of concepts)
    byId.get(c.practice_id)?.concepts.push({ scheme: c.scheme, id: c.concept_id });
  return [...byId.values()];
}

/** One batch of practice ids after `afterId` in id order, archived ones included. */
export async function listEveryPracticeIdAfter(db: Db, afterId: number, limit: number) {
  return lists.listPracticeIdsAfter(db, afterId, limit);
}

/** One batch of listed practice ids after `afterId` in id order: archived ones leave the lists. */
export async function listListedPracticeIdsAfter(db: Db, afterId: number, limit: number) {
  return lists.listPracticeIdsAfter(db, afterId, limit, { excludeArchived: true });
}
