import type { Insertable } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { FileRow, FileTable } from './file.table.ts';

export async function insertFile(db: Db, file: Insertable<FileTable>): Promise<FileRow> {
  return db.insertInto('files').values(file).returningAll().executeTakeFirstOrThrow();
}

export async function findFileById(db: Db, id: number): Promise<FileRow | undefined> {
  return db.selectFrom('files').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Returns the deleted row, so its bytes can be removed after the row is gone. */
export async function deleteFileById(db: Db, id: number): Promise<FileRow | undefined> {
  return db.deleteFrom('files').where('id', '=', id).returningAll().executeTakeFirst();
}

/** How many files are stored and their uploaded bytes (web copies of images not counted). */
export async function sumFiles(db: Db): Promise<{ count: number; bytes: number }> {
  const row = await db
    .selectFrom('files')
    .select((eb) => [eb.fn.countAll<number>().as('count'), eb.fn.sum<number>('size').as('bytes')])
    .executeTakeFirst();
  return { count: Number(row?.count ?? 0), bytes: Number(row?.bytes ?? 0) };
}
