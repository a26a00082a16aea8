import type { Db } from '../../db/connect.ts';
import type { HarvestFilter } from './practice.model.ts';
import * as harvest from './practice-harvest.repository.ts';
import * as lists from './practice-list.repository.ts';

/**
 * What OAI-PMH harvesters (the opendata module) read of the practices: headers by date range
 * and set, in id order, archived ones included as deleted records.
 */

/** What a harvester sees of a practice before its metadata: archived ones are deleted records. */
export interface HarvestHeader {
  id: number;
  externalId: string;
  slug: string;
  countryCode: string;
  /** The later of its last update and its archiving, as stored (ISO 8601, UTC). */
  datestamp: string;
  archived: boolean;
  themes: string[];
}

async function withThemes(
  db: Db,
  rows: Awaited<ReturnType<typeof harvest.listHarvestRows>>,
): Promise<HarvestHeader[]> {
  const themes = await lists.listConceptIdsOfPractices(
    db,
    rows.map((r) => r.id),
    'theme',
  );
  return rows.map((row) => ({
    id: row.id,
    externalId: row.external_id,
    slug: row.slug,
    countryCode: row.country_code,
    datestamp: row.datestamp,
    archived: row.archived_at !== null,
    themes: themes
      .filter((t) => t.practice_id === row.id)
      .sort((a, b) => a.position - b.position)
      .map((t) => t.concept_id),
  }));
}

/** One page of a harvest, in id order, after `afterId`. */
export async function listHarvestHeaders(
  db: Db,
  filter: HarvestFilter,
  afterId: number,
  limit: number,
): Promise<HarvestHeader[]> {
  return withThemes(db, await harvest.listHarvestRows(db, filter, afterId, limit));
}

export async function findHarvestHeader(
  db: Db,
  externalId: string,
): Promise<HarvestHeader | undefined> {
  const row = await harvest.findHarvestRowByExternalId(db, externalId);
  return row ? (await withThemes(db, [row]))[0] : undefined;
}
