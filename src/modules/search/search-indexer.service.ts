import { ANONYMOUS } from '../../core/actor.ts';
import type { ContentWrites } from '../../core/content-writes.ts';
import { nowIso } from '../../core/text.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { listResourceIdsAfter, loadResourceTexts } from '../library/index.ts';
import { listEveryPracticeIdAfter, loadPracticeTexts } from '../practices/index.ts';
import { engineOf } from './engines/engine.ts';
import type { IndexedDocument } from './engines/search-index.ts';
import * as repository from './search.repository.ts';
import { analyzeText, isStopword, words } from './text-analysis.ts';

/** The words of a practice's texts that "did you mean" may propose, each once. */
export function termsOf(versions: { title: string; summary: string; body: string }[]): Set<string> {
  const seen = new Set<string>();
  for (const v of versions) {
    for (const w of words(`${v.title} ${v.summary} ${v.body}`)) {
      if (
        !w.unspaced &&
        w.folded.length >= 3 &&
        /^\p{L}+$/u.test(w.folded) &&
        !isStopword(w.folded)
      )
        seen.add(w.folded);
    }
  }
  return seen;
}

/**
 * Indexes practices inside the caller's transaction, so the index never disagrees with what was
 * written. Word counts for "did you mean" are gathered and written once, at `flush`.
 */
class Indexer {
  private readonly terms = new Map<string, number>();

  /** `fresh`: the index was just cleared (a rebuild), so there is nothing to replace. */
  constructor(
    private readonly db: Db,
    private readonly fresh = false,
  ) {}

  async index(ids: number[]): Promise<number> {
    const engine = engineOf(this.db);
    let documents = 0;
    for (const practice of await loadPracticeTexts(this.db, ids)) {
      const docs: IndexedDocument[] = practice.versions.map((v) => ({
        locale: v.locale,
        isOriginal: v.isOriginal,
        title: analyzeText(v.title, v.locale),
        summary: analyzeText(v.summary, v.locale),
        body: analyzeText(v.body, v.locale),
      }));
      await engine.replaceDocuments(this.db, practice.id, docs, this.fresh);
      documents += docs.length;
      for (const term of termsOf(practice.versions))
        this.terms.set(term, (this.terms.get(term) ?? 0) + 1);
    }
    return documents;
  }

  async flush(): Promise<void> {
    if (this.terms.size > 0) await repository.addTermCounts(this.db, this.terms);
    this.terms.clear();
  }
}

/** Rebuilds the whole index in one transaction; `onProgress(done, total)` after each batch. */
export async function reindexAll(
  db: Db,
  total: number,
  onProgress?: (done: number) => void,
): Promise<{ practices: number; documents: number; resources: number }> {
  let practices = 0;
  let documents = 0;
  let resources = 0;
  // A rebuild from stored content: it decides nothing, so it records no audit row.
  await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      await engineOf(trx).clear(trx);
      await engineOf(trx, 'resources').clear(trx);
      await repository.clearTerms(trx);
      const indexer = new Indexer(trx, true);
      let afterId = 0;
      for (;;) {
        const ids = await listEveryPracticeIdAfter(trx, afterId, 500);
        if (ids.length === 0) break;
        documents += await indexer.index(ids);
        practices += ids.length;
        afterId = ids.at(-1) ?? afterId;
        onProgress?.(Math.min(practices, total));
      }
      await indexer.flush();
      // Every process builds its search state anew (see search-state.ts).
      await repository.recordChanges(trx, 'all', [0], nowIso());
      afterId = 0;
      for (;;) {
        const ids = await listResourceIdsAfter(trx, afterId, 500);
        if (ids.length === 0) break;
        documents += await indexResources(trx, ids, true);
        resources += ids.length;
        afterId = ids.at(-1) ?? afterId;
      }
    },
    { contentChanged: true },
  );
  return { practices, documents, resources };
}

/**
 * Indexes resources of the library inside the caller's transaction, with the same analysis as
 * practices: the original and each translation, title, abstract and authors. `fresh`: the index
 * was just cleared. Returns the number of language versions indexed.
 */
export async function indexResources(db: Db, ids: number[], fresh = false): Promise<number> {
  const engine = engineOf(db, 'resources');
  let documents = 0;
  for (const resource of await loadResourceTexts(db, ids)) {
    const docs: IndexedDocument[] = resource.versions.map((v) => ({
      locale: v.locale,
      isOriginal: v.isOriginal,
      title: analyzeText(v.title, v.locale),
      summary: analyzeText(v.abstract, v.locale),
      body: analyzeText(resource.authors, v.locale),
    }));
    await engine.replaceDocuments(db, resource.id, docs, fresh);
    documents += docs.length;
  }
  return documents;
}

/** How long the record of changed items is kept: any process reads it within seconds. */
const CHANGES_KEPT_MS = 24 * 3600_000;

/**
 * Keeps the index in step with the content modules' writes, in their transaction: connected with
 * `observeContentWrites` by `wireModules()` (system/wiring.ts). Word counts of practices are written once, at
 * `finish`, however many practices the transaction wrote (an import of thousands).
 */
export function indexContentWrites(db: Db): ContentWrites {
  const practices = new Indexer(db);
  return {
    async written(collection, ids) {
      if (collection === 'practices') await practices.index(ids);
      else await indexResources(db, ids);
      // Every process's search state follows these items alone, from this record.
      await repository.recordChanges(db, collection, ids, nowIso());
    },
    async finish() {
      await practices.flush();
      await repository.deleteChangesBefore(
        db,
        new Date(Date.now() - CHANGES_KEPT_MS).toISOString(),
      );
    },
  };
}
