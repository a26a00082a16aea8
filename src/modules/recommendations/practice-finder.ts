import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import type { PracticeCard } from '../practices/index.ts';

/**
 * Practices found by words, best first, for an editor linking them to a recommendation. Search
 * (a module above this one) answers it: system/wiring.ts gives it with `providePracticeFinder`, so
 * recommendations never import search.
 */
export type PracticeFinder = (
  db: Db,
  locale: Locale,
  words: string,
  limit: number,
) => Promise<PracticeCard[]>;

let provided: PracticeFinder | undefined;

export function providePracticeFinder(finder: PracticeFinder): void {
  provided = finder;
}

export function findPracticesByWords(
  db: Db,
  locale: Locale,
  words: string,
  limit: number,
): Promise<PracticeCard[]> {
  if (!provided) throw new Error('no practice finder: call wireModules() (system/wiring.ts) first');
  return provided(db, locale, words, limit);
}
