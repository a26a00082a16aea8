import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { NotFoundError } from '../../core/errors.ts';
import { routeRateLimit } from '../../core/http/rate-limit-store.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import { ProblemSchema, readResponses, stringEnum } from '../../core/http/schemas.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import {
  AssessmentDetailSchema,
  exportOpenAssessments,
  presentOpenAssessmentDetail,
} from '../assessment/index.ts';
import { contentDisposition } from '../files/index.ts';
import type { Format } from '../practices/index.ts';
import { checkFilters as checkSearchFilters } from '../practices/index.ts';
import { SearchQuery, searchFiltersFrom } from '../search/index.ts';
import {
  createDumpJobHandler,
  DUMP_JOB,
  dumpBytes,
  latestDump,
  scheduleDumps,
} from './dump.service.ts';
import {
  EXPORT_ORDERS,
  exportChunks,
  exportEtag,
  licenceLink,
  MEDIA_TYPES,
  planExport,
} from './exports.service.ts';
import { purgeExpiredImports } from './import.service.ts';
import { ExportsPage } from './views/ExportsPage.tsx';

/**
 * Open data downloads:
 *
 *   GET /api/v1/exports/practices.csv?theme=housing   every published practice on housing, as CSV
 *   GET /api/v1/exports/practices.json                every published practice, JSON array
 *   GET /api/v1/exports/practices.ndjson?q=vivienda   a search's results, one per line
 *   GET /exports                                      the page: nightly file, formats, licence
 *   GET /exports/latest.ndjson.gz                     the newest nightly file (and latest.json)
 *
 * Exports are the interchange format v1 byte for byte as `clearinghouse export` writes it
 * (archived practices left out), streamed in constant memory, with the licence in a Link header.
 * The nightly file is read from the database, a chunk at a time, so every process serves it.
 */

const problem = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ProblemSchema } },
});

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);
const sectionsSchema = Type.Record(Type.String(), Type.String());

/** One record of the interchange format v1, as export writes it (docs/interchange.md). */
const RecordSchema = Type.Object(
  {
    external_id: nullable(Type.String()),
    title: Type.String(),
    language: Type.String(),
    summary: Type.String(),
    type: nullable(Type.String()),
    country: Type.String(),
    city: nullable(Type.String()),
    level: nullable(Type.String()),
    themes: Type.Array(Type.String()),
    target_groups: Type.Array(Type.String()),
    actor_type: Type.Array(Type.String()),
    organisations: Type.Array(
      Type.Object({
        name: Type.String(),
        type: nullable(Type.String()),
        role: Type.String(),
        website: nullable(Type.String()),
      }),
    ),
    status: nullable(Type.String()),
    start_year: nullable(Type.Integer()),
    end_year: nullable(Type.Integer()),
    sections: sectionsSchema,
    gcm_objectives: Type.Array(Type.Integer()),
    sdg_targets: Type.Array(Type.String()),
    evidence_level: Type.String(),
    source_url: nullable(Type.String()),
    sources: Type.Array(Type.Object({ title: nullable(Type.String()), url: Type.String() })),
    translations: Type.Record(
      Type.String(),
      Type.Object({
        title: Type.Optional(Type.String()),
        summary: Type.Optional(Type.String()),
        sections: Type.Optional(sectionsSchema),
        status: Type.Union(
          [Type.Literal('translation'), Type.Literal('machine_translation_reviewed')],
          {
            description:
              'A translation, or a machine translation an editor read before it was published',
          },
        ),
        translated_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], {
          description: 'When the translation was written; null when it was not recorded',
        }),
      }),
      { description: 'Every translation by language tag; the original is the record itself.' },
    ),
    illustrative: Type.Boolean(),
  },
  { description: 'One practice in the interchange format v1.' },
);

/** The search's words and filters (as GET /api/v1/search), without its paging. */
const searchProperties = Object.fromEntries(
  Object.entries(SearchQuery.properties).filter(
    ([name]) => !['page', 'per_page', 'sort'].includes(name),
  ),
) as Omit<typeof SearchQuery.properties, 'page' | 'per_page' | 'sort'>;

const ExportQuery = Type.Object({
  ...searchProperties,
  sort: Type.Optional(
    stringEnum(EXPORT_ORDERS, {
      default: 'id',
      description:
        'id (the interchange order, as `clearinghouse export`), or the order of the search: relevance or newest.',
    }),
  ),
});

const FORMAT_DOCS: Record<Format, { summary: string; body: object }> = {
  csv: {
    summary: 'Published practices as CSV (interchange format v1)',
    body: { type: 'string', description: 'CSV with a header row: the interchange columns.' },
  },
  json: {
    summary: 'Published practices as a JSON array (interchange format v1)',
    body: Type.Array(RecordSchema),
  },
  ndjson: {
    summary: 'Published practices as NDJSON, one per line (interchange format v1)',
    body: { type: 'string', description: 'One interchange record (JSON) per line.' },
  },
};

const EXTENSIONS: Record<Format, string> = { csv: 'csv', json: 'json', ndjson: 'ndjson' };

export async function exportsRoutes(app: TypedApp) {
  const { licence } = app.config;

  const cacheControl = (request: FastifyRequest) =>
    request.actor.kind === 'user' ? 'private, no-store' : 'public, no-cache';

  for (const format of Object.keys(FORMAT_DOCS) as Format[]) {
    const docs = FORMAT_DOCS[format];
    const mediaType = (MEDIA_TYPES[format].split(';')[0] ?? '').trim();
    app.get(
      `/api/v1/exports/practices.${EXTENSIONS[format]}`,
      {
        config: {
          access: 'public',
          rateLimit: routeRateLimit(app.config, app.config.searchRateLimitPerMinute),
        },
        schema: {
          tags: ['exports'],
          summary: docs.summary,
          description: `Every published practice (archived ones left out), or those a search selects: the same words and filters as GET /api/v1/search (repeat a filter for OR; different filters combine with AND). Every field is present, exactly as \`clearinghouse export --format ${format}\` writes it (see docs/interchange.md), streamed as it is read. The licence is in the Link header (rel="license"); the ETag changes whenever published content changes.`,
          querystring: ExportQuery,
          produces: [mediaType],
          response: {
            200: {
              description: 'The practices, as an attachment.',
              headers: {
                link: { type: 'string', description: 'The licence: <URL>; rel="license".' },
                etag: { type: 'string', description: 'Changes when published content changes.' },
                'content-disposition': { type: 'string' },
              },
              content: { [mediaType]: { schema: docs.body } },
            },
            304: Type.Null({
              description: 'Not Modified: If-None-Match names the current ETag. No body.',
            }),
            400: problem(
              'A parameter is invalid or unknown: `errors` names each one (`field`) and what is wrong.',
            ),
            429: problem('Too many requests: try again after the seconds in Retry-After.'),
            503: problem('The service is busy: try again after the seconds in Retry-After.'),
          },
        },
      },
      async (request, reply) => {
        const query = request.query;
        const selection = {
          q: query.q ?? '',
          filters: searchFiltersFrom(query),
          order: query.sort ?? 'id',
        };
        // An unknown filter value is a 400 naming it, before any validator or body.
        selection.filters = await checkSearchFilters(app.readDb, selection.filters);
        const etag = await exportEtag(app.readDb, [
          format,
          JSON.stringify(selection),
          licence.name,
          licence.url,
        ]);
        reply
          .header('link', licenceLink(licence))
          .header('etag', etag)
          .header('cache-control', cacheControl(request));
        const inm = request.headers['if-none-match'];
        if (
          typeof inm === 'string' &&
          inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag.replace(/^W\//, ''))
        )
          return reply.code(304).send(null);
        const plan = await planExport(app.readDb, selection);
        reply
          .type(MEDIA_TYPES[format])
          .header('content-disposition', contentDisposition('attachment', `practices.${format}`));
        if (request.method === 'HEAD') return reply.send();
        return reply.send(
          Readable.from(exportChunks(app.readDb, plan, format), { objectMode: false }),
        );
      },
    );
  }

  // Few enough (a handful per city) to send in one piece.
  app.get(
    '/api/v1/exports/assessments.json',
    {
      config: {
        access: 'public',
        rateLimit: routeRateLimit(app.config, app.config.searchRateLimitPerMinute),
      },
      schema: {
        tags: ['exports'],
        summary:
          'Every published city self-assessment with its scores and answers, as a JSON array',
        description:
          'Only published assessments (accepted by the editors and shared by the city); private ones never. Illustrative examples made for the demonstration are included with `illustrative: true`. The licence is in the Link header (rel="license").',
        response: {
          200: Type.Array(AssessmentDetailSchema, {
            description: 'The assessments; the licence is in the Link header.',
          }),
          ...readResponses,
        },
      },
    },
    async (request, reply) => {
      const assessments = await exportOpenAssessments(app.readDb);
      reply
        .header('link', licenceLink(licence))
        .header('cache-control', cacheControl(request))
        .header('content-disposition', contentDisposition('attachment', 'assessments.json'));
      return assessments.map((a) => presentOpenAssessmentDetail(a, app.config.publicUrl));
    },
  );

  app.get(
    '/exports',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const dump = await latestDump(app.readDb);
      // The page changes with the nightly file, not with the content version: no page cache.
      reply.header('cache-control', 'public, max-age=300');
      return sendHtml(reply, ExportsPage({ ctx: viewOf(request), dump, licence }));
    },
  );

  const newest = async () => {
    const dump = await latestDump(app.readDb);
    if (!dump)
      throw new NotFoundError(
        'dump_not_found',
        'The first nightly file has not been made yet; the exports under /api/v1/exports/ work meanwhile.',
      );
    return dump;
  };
  /** Sets the validators; true when the client's copy is current (If-None-Match first). */
  const revalidated = (
    request: FastifyRequest,
    reply: FastifyReply,
    etag: string,
    lastModified: Date,
  ) => {
    reply
      .header('etag', etag)
      .header('last-modified', lastModified.toUTCString())
      .header('cache-control', 'public, no-cache')
      .header('link', licenceLink(licence));
    const inm = request.headers['if-none-match'];
    if (typeof inm === 'string') return inm.split(',').some((t) => t.trim() === etag);
    const ims = Date.parse(request.headers['if-modified-since'] ?? '');
    // HTTP dates have whole seconds.
    return !Number.isNaN(ims) && Math.floor(lastModified.getTime() / 1000) * 1000 <= ims;
  };

  app.get(
    '/exports/latest.ndjson.gz',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const dump = await newest();
      if (revalidated(request, reply, `"${dump.sha256}"`, new Date(dump.generated_at)))
        return reply.code(304).send();
      reply
        .type('application/gzip')
        .header('content-disposition', contentDisposition('attachment', dump.file))
        .header('content-length', String(dump.bytes));
      // Fastify's HEAD answers "Content-Length: 0" to an empty send, but keeps the header set
      // here for a stream: an empty one, so that HEAD reads no chunk.
      if (request.method === 'HEAD') return reply.send(Readable.from([]));
      return reply.send(Readable.from(dumpBytes(app.readDb, dump), { objectMode: false }));
    },
  );

  app.get(
    '/exports/latest.json',
    { config: { access: 'public' }, schema: { hide: true } },
    async (request, reply) => {
      const { id: _id, chunks: _chunks, ...manifest } = await newest();
      if (revalidated(request, reply, `"${manifest.sha256}.json"`, new Date(manifest.generated_at)))
        return reply.code(304).send();
      return reply.type('application/json; charset=utf-8').send(manifest);
    },
  );
}

/**
 * The nightly open-data file: registers the job kind and, in a process that runs jobs, queues
 * today's and the next night's when the app is ready (idempotent: one job per day, ever). Each
 * run queues the next night's itself, so the schedule carries on without a restart.
 */
export function registerDumpJob(app: FastifyInstance): void {
  app.jobs.register(
    DUMP_JOB,
    createDumpJobHandler({
      licence: app.config.licence,
      after: async (now) => {
        await purgeExpiredImports(app.storage, now);
      },
    }),
    { idempotent: true },
  );
  if (app.config.jobWorker) app.addHook('onReady', async () => scheduleDumps(app.db, new Date()));
}
