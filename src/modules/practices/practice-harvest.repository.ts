import { type SelectQueryBuilder, sql } from 'kysely';
import type { Db } from '../../db/connect.ts';
import type { Database } from '../../db/database.ts';
import type { HarvestFilter } from './practice.model.ts';
import type { PracticeTable } from './practice.table.ts';

type PracticeSelect = SelectQueryBuilder<Database & { p: PracticeTable }, 'p', object>;

/** The queries of OAI-PMH harvesting (see practice-harvest.service.ts). */

// Every practice, archived ones included (they are reported as deleted records), in id order.

/** When a practice last changed as a harvester sees it: archiving it is a change too. */
const harvestDatestamp = sql<string>`case when p.archived_at is not null and p.archived_at > p.updated_at then p.archived_at else p.updated_at end`;

function applyHarvestFilter(query: PracticeSelect, f: HarvestFilter): PracticeSelect {
  let result = query;
  if (f.from !== undefined) result = result.where(harvestDatestamp, '>=', f.from);
  if (f.before !== undefined) result = result.where(harvestDatestamp, '<', f.before);
  const themes = f.themes;
  if (themes !== undefined)
    result = result.where((eb) => {
      let concepts = eb
        .selectFrom('practice_concepts')
        .select('practice_id')
        .where('scheme', '=', 'theme');
      if (themes !== 'any') concepts = concepts.where('concept_id', 'in', themes);
      return eb('p.id', 'in', concepts);
    });
  if (f.countryCodes !== undefined) result = result.where('p.country_code', 'in', f.countryCodes);
  return result;
}

function selectHarvestRow(query: PracticeSelect) {
  return query.select([
    'p.id',
    'p.external_id',
    'p.slug',
    'p.country_code',
    'p.updated_at',
    'p.archived_at',
    harvestDatestamp.as('datestamp'),
  ]);
}

export async function listHarvestRows(db: Db, f: HarvestFilter, afterId: number, limit: number) {
  return selectHarvestRow(applyHarvestFilter(db.selectFrom('practices as p'), f))
    .where('p.id', '>', afterId)
    .orderBy('p.id')
    .limit(limit)
    .execute();
}

export async function countHarvestRows(db: Db, f: HarvestFilter): Promise<number> {
  const row = await applyHarvestFilter(db.selectFrom('practices as p'), f)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function findHarvestRowByExternalId(db: Db, externalId: string) {
  return selectHarvestRow(db.selectFrom('practices as p'))
    .where('p.external_id', '=', externalId)
    .executeTakeFirst();
}

export async function findEarliestUpdatedAt(db: Db): Promise<string | undefined> {
  const row = await db
    .selectFrom('practices')
    .select((eb) => eb.fn.min('updated_at').as('earliest'))
    .executeTakeFirst();
  return row?.earliest ?? undefined;
}
