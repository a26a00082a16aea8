import type { Db } from '../../db/connect.ts';

// Apart from practice.repository.ts, which holds the practice record: this is the directory's
// merge of two organisations, reaching into the practices that name them.

/**
 * The practices naming one organisation name another: a practice naming both keeps one line, as
 * lead if either was.
 */
export async function moveOrganisationLinks(db: Db, fromId: number, intoId: number) {
  const of = (id: number) =>
    db.selectFrom('practice_organisations').select('practice_id').where('organisation_id', '=', id);
  await db
    .updateTable('practice_organisations')
    .set({ role: 'lead' })
    .where('organisation_id', '=', intoId)
    .where('practice_id', 'in', of(fromId).where('role', '=', 'lead'))
    .execute();
  await db
    .deleteFrom('practice_organisations')
    .where('organisation_id', '=', fromId)
    .where('practice_id', 'in', of(intoId))
    .execute();
  await db
    .updateTable('practice_organisations')
    .set({ organisation_id: intoId })
    .where('organisation_id', '=', fromId)
    .execute();
}
