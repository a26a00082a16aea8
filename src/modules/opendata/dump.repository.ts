import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { ExportDumpRow, ExportDumpTable } from './dump.table.ts';

export async function insertDump(db: Db, dump: Insertable<ExportDumpTable>): Promise<number> {
  const row = await db
    .insertInto('export_dumps')
    .values(dump)
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function insertDumpChunk(
  db: Db,
  dumpId: number,
  seq: number,
  data: Buffer,
): Promise<void> {
  await db.insertInto('export_dump_chunks').values({ dump_id: dumpId, seq, data }).execute();
}

/** Marks a dump complete; false when it is gone or was already complete. */
export async function completeDump(
  db: Db,
  id: number,
  values: {
    completed_at: string;
    record_count: number;
    byte_size: number;
    chunk_count: number;
    sha256: string;
  },
): Promise<boolean> {
  const result = await db
    .updateTable('export_dumps')
    .set(values)
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** The number of chunks a dump has and their bytes, as stored. */
export async function measureDumpChunks(
  db: Db,
  dumpId: number,
): Promise<{ chunks: number; bytes: number }> {
  const row = await db
    .selectFrom('export_dump_chunks')
    .select((eb) => [
      eb.fn.countAll<number>().as('chunks'),
      eb.fn.sum<number>(eb.fn('length', ['data'])).as('bytes'),
    ])
    .where('dump_id', '=', dumpId)
    .executeTakeFirst();
  return { chunks: Number(row?.chunks ?? 0), bytes: Number(row?.bytes ?? 0) };
}

/** Complete dumps of a format, newest first. */
export async function listCompleteDumps(
  db: Db,
  format: string,
  limit?: number,
): Promise<ExportDumpRow[]> {
  let query = db
    .selectFrom('export_dumps')
    .selectAll()
    .where('format', '=', format)
    .where('completed_at', 'is not', null)
    .orderBy('id', 'desc');
  if (limit !== undefined) query = query.limit(limit);
  return query.execute();
}

/** Incomplete dumps of a format begun before `before` (ISO): writers that died. */
export async function listAbandonedDumpIds(
  db: Db,
  format: string,
  before: string,
): Promise<number[]> {
  const rows = await db
    .selectFrom('export_dumps')
    .select('id')
    .where('format', '=', format)
    .where('completed_at', 'is', null)
    .where('created_at', '<', before)
    .execute();
  return rows.map((r) => r.id);
}

export async function deleteDumps(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('export_dump_chunks').where('dump_id', 'in', ids).execute();
  await db.deleteFrom('export_dumps').where('id', 'in', ids).execute();
}

export async function findDumpChunk(
  db: Db,
  dumpId: number,
  seq: number,
): Promise<Buffer | undefined> {
  const row = await db
    .selectFrom('export_dump_chunks')
    .select('data')
    .where('dump_id', '=', dumpId)
    .where('seq', '=', seq)
    .executeTakeFirst();
  return row?.data;
}

/**
 * Removes a dump and its chunks unless it was completed: what a writer that failed leaves. A
 * completed one stays, in case the failure came after its commit.
 */
export async function deleteDumpIfIncomplete(db: Db, id: number): Promise<void> {
  await db
    .deleteFrom('export_dump_chunks')
    .where('dump_id', '=', id)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('export_dumps')
          .select('id')
          .where('id', '=', id)
          .where('completed_at', 'is', null),
      ),
    )
    .execute();
  await db
    .deleteFrom('export_dumps')
    .where('id', '=', id)
    .where('completed_at', 'is', null)
    .execute();
}
