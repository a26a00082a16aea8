import { NotFoundError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { findPracticeRef, loadCards } from '../practices/index.ts';
import { findRecommendationCards, findRecommendationId } from '../recommendations/index.ts';
import type { SubjectKind } from './discussion.table.ts';

/**
 * What a discussion is about: a practice or a recommendation, found by its slug or its id, with
 * its title and address in the reader's language.
 */

export interface Subject {
  kind: SubjectKind;
  id: number;
  slug: string;
  title: string;
  path: string;
}

export const pathOf = (kind: SubjectKind, slug: string) =>
  kind === 'practice' ? `/practices/${slug}` : `/recommendations/${slug}`;
export const keyOf = (kind: string, id: number) => `${kind}:${id}`;

/** Titles and addresses of the subjects of some comments, in the reader's language. */
export async function loadSubjects(
  db: Db,
  locale: Locale,
  refs: { subject_kind: SubjectKind; subject_id: number }[],
): Promise<Map<string, Subject>> {
  const ids = (kind: SubjectKind) => [
    ...new Set(refs.filter((r) => r.subject_kind === kind).map((r) => r.subject_id)),
  ];
  const [practices, recommendations] = await Promise.all([
    loadCards(db, locale, ids('practice')),
    findRecommendationCards(db, locale, ids('recommendation')),
  ]);
  const subjects = new Map<string, Subject>();
  for (const [kind, cards] of [
    ['practice', practices],
    ['recommendation', recommendations],
  ] as const)
    for (const card of cards)
      subjects.set(keyOf(kind, card.id), {
        kind,
        id: card.id,
        slug: card.slug,
        title: card.title,
        path: pathOf(kind, card.slug),
      });
  return subjects;
}

export async function subjectById(db: Db, kind: SubjectKind, id: number): Promise<Subject> {
  const subject = (await loadSubjects(db, 'en', [{ subject_kind: kind, subject_id: id }])).get(
    keyOf(kind, id),
  );
  if (!subject) throw new NotFoundError(`${kind}_not_found`, `No ${kind} has the id ${id}.`);
  return subject;
}

export async function subjectIdBySlug(db: Db, kind: SubjectKind, slug: string): Promise<number> {
  if (kind === 'recommendation') return findRecommendationId(db, slug);
  const row = await findPracticeRef(db, { slug });
  if (!row)
    throw new NotFoundError(
      'practice_not_found',
      `No practice is found at "${slug.slice(0, 100)}".`,
    );
  return row.id;
}
