import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { viewOf } from '../../core/http/render.ts';
import { DOWNLOAD_MAX_ROWS, type Table } from '../../core/http/tabular-download.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import type { Db } from '../../db/connect.ts';
import { search } from './practice-search.service.ts';
import type { SearchQuery } from './search.model.ts';
import { searchFiltersFrom } from './search.model.ts';

/**
 * The practices a search or list page shows, every page of them, as a table in the reader's
 * language: theme, country and evidence names come from the taxonomy and the catalogues, and
 * titles from a translation where one exists, as on the page.
 */
export async function practiceTable(
  db: Db,
  request: FastifyRequest & { query: Static<typeof SearchQuery> },
): Promise<Table> {
  const q = request.query;
  const ctx = viewOf(request);
  const result = await search(db, {
    q: q.q ?? '',
    filters: searchFiltersFrom(q),
    page: 1,
    perPage: DOWNLOAD_MAX_ROWS,
    sort: q.sort ?? 'relevance',
    locale: request.locale,
    exact: q.exact === '1',
    log: false,
  });
  const site = ctx.publicUrl.replace(/\/+$/, '');
  return {
    columns: [
      ctx.text('download.column.title'),
      ctx.text('download.column.link'),
      ctx.text('download.column.city'),
      ctx.text('download.column.country'),
      ctx.text('download.column.themes'),
      ctx.text('download.column.evidence'),
      ctx.text('download.column.startYear'),
      ctx.text('download.column.endYear'),
      ctx.text('download.column.language'),
      ctx.text('download.column.summary'),
      ctx.text('download.column.updated'),
    ],
    rows: result.hits.map(({ card }) => [
      card.title,
      `${site}${ctx.href(`/practices/${card.slug}`)}`,
      card.cityName,
      card.countryName,
      card.themes.map((theme) => theme.label).join('; '),
      ctx.text(`evidence.${card.evidenceLevel}.label` as MessageKey),
      card.startYear,
      card.endYear,
      ctx.language(card.displayLanguage),
      card.summary,
      card.updatedAt.slice(0, 10),
    ]),
  };
}
