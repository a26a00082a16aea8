import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import type { PlaceIndex } from '../places/index.ts';
import { loadCards, loadPracticeTexts, type PracticeCard } from '../practices/index.ts';
import type { Taxonomy } from '../taxonomy/index.ts';
import { Lru } from './lru.ts';

/**
 * Cards and texts of the practices recently shown on a page of results, kept per database while
 * content stays the same (dropped with the answers when the content version changes) and the
 * reader's language's taxonomy and place names are the same objects: a distinct query mostly
 * shows practices other queries showed, and reading their texts again cost more than the search.
 */
export interface PageData {
  version: string;
  /** By language then practice id; each entry remembers the labels it was made with. */
  cards: Lru<string, { card: PracticeCard; taxonomy: Taxonomy; places: PlaceIndex }>;
  /** By practice id: the texts a snippet is cut from ([summary, ...sections]), by language. */
  texts: Lru<number, Map<string, string[]>>;
}

/** Cards of the last few thousand practices shown; texts within a few megabytes. */
const CARDS_KEPT = 4000;
const TEXTS_KEPT = 2000;
const TEXT_BYTES = 32 * 1024 * 1024;

const pageDataOfDb = new WeakMap<Db, PageData>();

export function pageDataOf(db: Db, version: string): PageData {
  let kept = pageDataOfDb.get(db);
  if (!kept || kept.version !== version) {
    kept = {
      version,
      cards: new Lru(CARDS_KEPT),
      texts: new Lru(TEXTS_KEPT, textsWeight, TEXT_BYTES),
    };
    pageDataOfDb.set(db, kept);
  }
  return kept;
}

function textsWeight(versions: Map<string, string[]>): number {
  let chars = 0;
  for (const texts of versions.values()) for (const text of texts) chars += text.length;
  return 2 * chars + 256;
}

/** Cards for `ids` in that order, as `loadCards` gives them, loading only those not kept. */
export async function cardsOf(
  db: Db,
  kept: PageData,
  locale: Locale,
  ids: number[],
  taxonomy: Taxonomy,
  places: PlaceIndex,
): Promise<PracticeCard[]> {
  const keyOf = (id: number) => `${locale}\u0000${id}`;
  const found = new Map<number, PracticeCard>();
  const missing: number[] = [];
  for (const id of ids) {
    const entry = kept.cards.get(keyOf(id));
    if (entry && entry.taxonomy === taxonomy && entry.places === places) found.set(id, entry.card);
    else missing.push(id);
  }
  if (missing.length > 0) {
    for (const card of await loadCards(db, locale, missing)) {
      found.set(card.id, card);
      if (pageDataOfDb.get(db) === kept) kept.cards.set(keyOf(card.id), { card, taxonomy, places });
    }
  }
  return ids.flatMap((id) => {
    const card = found.get(id);
    return card ? [card] : [];
  });
}

/** For each of `ids`, its texts by language (the original's first), loading only those not kept. */
export async function textsOf(
  db: Db,
  kept: PageData,
  ids: number[],
): Promise<Map<number, Map<string, string[]>>> {
  const found = new Map<number, Map<string, string[]>>();
  const missing: number[] = [];
  for (const id of ids) {
    const versions = kept.texts.get(id);
    if (versions) found.set(id, versions);
    else missing.push(id);
  }
  if (missing.length > 0) {
    for (const practice of await loadPracticeTexts(db, missing)) {
      const versions = new Map<string, string[]>();
      for (const v of practice.versions)
        if (!versions.has(v.locale))
          versions.set(v.locale, [v.summary, ...v.sections.map((s) => s.text)]);
      found.set(practice.id, versions);
      if (pageDataOfDb.get(db) === kept) kept.texts.set(practice.id, versions);
    }
  }
  return found;
}
