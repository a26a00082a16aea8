import type { FastifyRequest } from 'fastify';
import type { Static } from 'typebox';
import { viewOf } from '../../core/http/render.ts';
import { DOWNLOAD_MAX_ROWS, type Table } from '../../core/http/tabular-download.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import type { Db } from '../../db/connect.ts';
import { type LibraryQuery, libraryFiltersFrom } from './resource.model.ts';
import { searchLibrary } from './resource.service.ts';

/** The resources the library's words and filters select, as a table in the reader's language. */
export async function resourceTable(
  db: Db,
  request: FastifyRequest & { query: Static<typeof LibraryQuery> },
): Promise<Table> {
  const q = request.query;
  const ctx = viewOf(request);
  const result = await searchLibrary(db, request.locale, {
    q: q.q ?? '',
    filters: libraryFiltersFrom(q),
    yearFrom: q.year_from ?? null,
    yearTo: q.year_to ?? null,
    page: 1,
    perPage: DOWNLOAD_MAX_ROWS,
  });
  const site = ctx.publicUrl.replace(/\/+$/, '');
  return {
    columns: [
      ctx.text('download.column.title'),
      ctx.text('download.column.link'),
      ctx.text('download.column.type'),
      ctx.text('download.column.authors'),
      ctx.text('download.column.year'),
      ctx.text('download.column.themes'),
      ctx.text('download.column.language'),
      ctx.text('download.column.website'),
      ctx.text('download.column.summary'),
    ],
    rows: result.hits.map(({ card }) => [
      card.title,
      `${site}${ctx.href(`/resources/${card.slug}`)}`,
      ctx.text(`library.type.${card.type}` as MessageKey),
      card.authors,
      card.year,
      card.themes.map((theme) => theme.label).join('; '),
      ctx.language(card.displayLanguage),
      card.linkUrl,
      card.abstract,
    ]),
  };
}
