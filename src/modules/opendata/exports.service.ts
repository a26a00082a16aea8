import { createHash } from 'node:crypto';
import { Writable } from 'node:stream';
import { readContentVersion } from '../../core/content-version.ts';
import { DEFAULT_LOCALE } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import {
  createRecordWriter,
  type Format,
  listListedPracticeIdsAfter,
  loadPracticeRecords,
  MAX_PER_PAGE,
  type PracticeRecord,
} from '../practices/index.ts';
import { type SearchFilters, search } from '../search/index.ts';

/**
 * Open data: every published (not archived) practice, or the results of a search, in the
 * interchange format v1 exactly as `clearinghouse export` writes it (docs/interchange.md). The
 * nightly gzip'd NDJSON file of everything is made from these in `dump.service.ts`.
 *
 *   const plan = await planExport(db, { q: '', filters, order: 'id' });
 *   reply.send(Readable.from(exportChunks(db, plan, 'csv'), { objectMode: false }));
 *
 * Records are read in batches, each in a short transaction of its own, and written as they are
 * read: memory holds one batch whatever the number of practices, and a slow download never
 * holds a database connection (SQLite has one) between batches.
 */

export interface Licence {
  name: string;
  url: string;
}

/** `id`: the interchange order (as the command line exports); the others follow the search. */
export const EXPORT_ORDERS = ['id', 'relevance', 'newest'] as const;
export type ExportOrder = (typeof EXPORT_ORDERS)[number];

export interface ExportSelection {
  q: string;
  filters: SearchFilters;
  order: ExportOrder;
}

/** Every published practice by id (keyset batches), or a fixed list of ids from a search. */
export type ExportPlan = { kind: 'all' } | { kind: 'ids'; ids: number[] };

const BATCH_SIZE = 200;

export const MEDIA_TYPES: Record<Format, string> = {
  csv: 'text/csv; charset=utf-8; header=present',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** The RFC 8288 link naming the licence, for every export and the nightly file. */
export function licenceLink(licence: Licence): string {
  return `<${licence.url}>; rel="license"`;
}

function selectsEverything(selection: ExportSelection): boolean {
  return (
    selection.q.trim() === '' &&
    selection.order === 'id' &&
    Object.values(selection.filters).every((values) => values.length === 0)
  );
}

/**
 * Decides what an export holds before anything is sent, so that an unknown filter value is
 * refused with a 400 (ValidationError naming the parameter). A search is run through the search
 * service page by page for its ids (a few bytes each), in its order or, by default, in id order.
 */
export async function planExport(db: Db, selection: ExportSelection): Promise<ExportPlan> {
  if (selectsEverything(selection)) return { kind: 'all' };
  const ids: number[] = [];
  for (let page = 1; ; page++) {
    const result = await search(db, {
      q: selection.q,
      filters: selection.filters,
      page,
      perPage: MAX_PER_PAGE,
      sort: selection.order === 'relevance' ? 'relevance' : 'newest',
      locale: DEFAULT_LOCALE,
      log: false,
    });
    for (const hit of result.hits) ids.push(hit.card.id);
    if (page >= result.pageCount || result.hits.length === 0) break;
  }
  if (selection.order === 'id') ids.sort((a, b) => a - b);
  return { kind: 'ids', ids };
}

/** The records of a plan, one batch at a time, each batch read in its own short transaction. */
async function* recordBatches(
  db: Db,
  plan: ExportPlan,
  batchSize: number,
): AsyncGenerator<PracticeRecord[]> {
  if (plan.kind === 'ids') {
    for (let start = 0; start < plan.ids.length; start += batchSize) {
      const ids = plan.ids.slice(start, start + batchSize);
      yield await db.transaction().execute((trx) => loadPracticeRecords(trx, ids));
    }
    return;
  }
  let afterId = 0;
  for (;;) {
    const batch = await db.transaction().execute(async (trx) => {
      const ids = await listListedPracticeIdsAfter(trx, afterId, batchSize);
      return { ids, records: await loadPracticeRecords(trx, ids) };
    });
    const last = batch.ids.at(-1);
    if (last === undefined) return;
    yield batch.records;
    afterId = last;
  }
}

/** Keeps what the interchange writer writes until it is taken: never pushes back. */
class Collector extends Writable {
  private chunks: Buffer[] = [];

  constructor() {
    super({ highWaterMark: 1 << 30 });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(chunk);
    callback();
  }

  take(): Buffer | undefined {
    if (this.chunks.length === 0) return undefined;
    const bytes = Buffer.concat(this.chunks);
    this.chunks = [];
    return bytes;
  }
}

/**
 * The export's bytes, one chunk per batch of records, written by the interchange writers (the
 * same bytes as `clearinghouse export`). Pull-driven: the next batch is read only when the
 * consumer asks for more, and stopping the iteration (a client gone) stops the reading.
 */
export async function* exportChunks(
  db: Db,
  plan: ExportPlan,
  format: Format,
  options: { batchSize?: number; counter?: { records: number } } = {},
): AsyncGenerator<Buffer> {
  const collector = new Collector();
  const writer = createRecordWriter(format, collector);
  for await (const records of recordBatches(db, plan, options.batchSize ?? BATCH_SIZE)) {
    for (const record of records) await writer.write(record);
    if (options.counter) options.counter.records += records.length;
    const bytes = collector.take();
    if (bytes) yield bytes;
  }
  await writer.end();
  const rest = collector.take();
  if (rest) yield rest;
}

/**
 * A validator for caches: it changes with every write to public content (the content version),
 * and differs by format, selection and licence. Weak, since compression may change the bytes.
 */
export async function exportEtag(db: Db, parts: string[]): Promise<string> {
  const version = await readContentVersion(db);
  const digest = createHash('sha256')
    .update([version, ...parts].join('\u0000'))
    .digest('base64url')
    .slice(0, 27);
  return `W/"${digest}"`;
}
