import type { FastifyRequest } from 'fastify';
import { viewOf } from '../../core/http/render.ts';
import { DOWNLOAD_MAX_ROWS, type Table } from '../../core/http/tabular-download.ts';
import type { Db } from '../../db/connect.ts';
import {
  listOrganisations,
  type OrganisationListInput,
  type PracticeCounter,
} from './organisation.service.ts';

/** The organisations the directory's filters select, as a table in the reader's language. */
export async function organisationTable(
  db: Db,
  request: FastifyRequest,
  filters: Omit<OrganisationListInput, 'page' | 'perPage'>,
  countPractices: PracticeCounter,
): Promise<Table> {
  const ctx = viewOf(request);
  const result = await listOrganisations(
    db,
    request.locale,
    { ...filters, page: 1, perPage: DOWNLOAD_MAX_ROWS },
    countPractices,
  );
  const site = ctx.publicUrl.replace(/\/+$/, '');
  return {
    columns: [
      ctx.text('download.column.name'),
      ctx.text('download.column.link'),
      ctx.text('download.column.type'),
      ctx.text('download.column.city'),
      ctx.text('download.column.country'),
      ctx.text('download.column.website'),
      ctx.text('download.column.verified'),
      ctx.text('download.column.practices'),
    ],
    rows: result.items.map((o) => [
      o.name,
      `${site}${ctx.href(`/organisations/${o.slug}`)}`,
      o.typeLabel,
      o.cityName,
      o.countryName,
      o.website,
      ctx.text(o.verified ? 'download.yes' : 'download.no'),
      o.practiceCount,
    ]),
  };
}
