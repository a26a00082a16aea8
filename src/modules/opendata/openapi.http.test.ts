import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp } from '../../../test/helpers/app.ts';
import {
  createPreparedDatabase,
  type DialectName,
  dialects,
  type TestDatabase,
} from '../../../test/helpers/databases.ts';
import { createUser } from '../../../test/helpers/users.ts';
import type { Actor } from '../../core/actor.ts';
import { createApiToken } from '../accounts/api-token.service.ts';
import { insertAssessment } from '../assessment/assessment.repository.ts';
import { ensureFoundingOrganisations } from '../directory/founding-organisations.ts';
import { listEventChoices } from '../events/event.service.ts';
import { listResourceChoices, loadFoundingResources } from '../library/resource.service.ts';
import { saveOwnProfile } from '../people/people.service.ts';
import { importPractices } from '../practices/practice-interchange.service.ts';
import { loadFoundingPressRelease } from '../press/news.service.ts';
import {
  createRecommendation,
  linkPractice,
} from '../recommendations/recommendation-editing.service.ts';

/**
 * The API as a real client sees it: the OpenAPI document at /openapi.json validates, and every
 * GET operation it documents under /api/v1 answers with a status it documents, a body that its
 * schema accepts, the same paging and problem+json errors as the others, ETags and CORS.
 */

const EDGE = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/practices-edge.json', import.meta.url), 'utf8'),
) as unknown[];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

type JsonSchema = Record<string, unknown> & {
  properties?: Record<string, JsonSchema>;
  required?: string[];
};
interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header' | 'cookie';
  required?: boolean;
  schema: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value: unknown }>;
}
interface Response {
  description: string;
  content?: Record<string, { schema: JsonSchema }>;
}
interface Operation {
  tags?: string[];
  summary?: string;
  parameters?: Parameter[];
  responses: Record<string, Response>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
}
interface Documented {
  path: string;
  operation: Operation;
}

const ORIGIN = 'https://elsewhere.example';

/** A value for a parameter the samples below do not know: its example, enum or default. */
function documentedValue(parameter: Parameter): string | undefined {
  const value =
    parameter.example ??
    Object.values(parameter.examples ?? {})[0]?.value ??
    (parameter.schema.examples as unknown[] | undefined)?.[0] ??
    (parameter.schema.enum as unknown[] | undefined)?.[0] ??
    parameter.schema.default;
  return value === undefined ? undefined : String(value);
}

describe.each(dialects)(
  'the OpenAPI document and what the API answers on %s',
  (dialect: DialectName) => {
    let database: TestDatabase;
    let app: FastifyInstance;
    let doc: OpenApiDocument;
    let reads: Documented[];
    let practice: { id: number; slug: string };
    let personId: number;
    let assessmentId: number;
    const ajv = new Ajv2020({
      allErrors: true,
      // Unknown keywords are errors (a misspelt `maxLenght` would check nothing), except the few
      // that OpenAPI adds to JSON Schema.
      strictSchema: true,
      strictTypes: false,
      strictTuples: false,
      strictRequired: false,
    });
    addFormats.default(ajv);
    ajv.addVocabulary(['example', 'discriminator', 'xml', 'externalDocs']);
    const validators = new Map<JsonSchema, ValidateFunction>();
    const validatorOf = (schema: JsonSchema) => {
      let validate = validators.get(schema);
      if (!validate) {
        validate = ajv.compile(schema);
        validators.set(schema, validate);
      }
      return validate;
    };

    /** Path parameters filled from the imported data; several values where the route takes them. */
    const pathSamples = (): Record<string, string[]> => ({
      idOrSlug: [practice.slug, String(practice.id)],
      slug: [practice.slug],
      id: [String(practice.id)],
      personId: [String(personId)],
      assessmentId: [String(assessmentId)],
    });

    function urlsOf({ path, operation }: Documented, query: Record<string, string> = {}): string[] {
      const parameters = operation.parameters ?? [];
      let urls = [path];
      for (const parameter of parameters.filter((p) => p.in === 'path')) {
        const documented = documentedValue(parameter);
        const samples =
          pathSamples()[parameter.name] ?? (documented === undefined ? [] : [documented]);
        if (samples.length === 0)
          throw new Error(`${path}: no sample value for the path parameter ${parameter.name}`);
        urls = urls.flatMap((url) =>
          samples.map((v) => url.replace(`{${parameter.name}}`, encodeURIComponent(v))),
        );
      }
      const search = new URLSearchParams();
      for (const parameter of parameters.filter((p) => p.in === 'query' && p.required)) {
        const value = documentedValue(parameter);
        if (value === undefined)
          throw new Error(`${path}: the required parameter ${parameter.name} has no example`);
        search.set(parameter.name, value);
      }
      for (const [name, value] of Object.entries(query)) search.set(name, value);
      const qs = search.toString();
      return urls.map((url) => (qs ? `${url}?${qs}` : url));
    }

    const queryNames = (read: Documented) =>
      new Set((read.operation.parameters ?? []).filter((p) => p.in === 'query').map((p) => p.name));
    const isPaged = (read: Documented) => queryNames(read).has('page');

    /** Every problem with one answer, measured against what the document says of it. */
    function conformance(
      read: Documented,
      url: string,
      response: LightMyRequestResponse,
    ): string[] {
      const documented = read.operation.responses[String(response.statusCode)];
      if (!documented)
        return [
          `${url}: ${response.statusCode} is not documented (${response.body.slice(0, 200)})`,
        ];
      const mediaType = String(response.headers['content-type'] ?? '').split(';')[0] ?? '';
      if (!documented.content) {
        return response.body === '' ? [] : [`${url}: ${response.statusCode} should have no body`];
      }
      const media = documented.content[mediaType];
      if (!media)
        return [
          `${url}: ${response.statusCode} answered ${mediaType}, documented: ${Object.keys(documented.content).join(', ')}`,
        ];
      if (!/^application\/([\w.-]+\+)?json$/.test(mediaType)) return [];
      let body: unknown;
      try {
        body = response.json();
      } catch (error) {
        return [`${url}: ${response.statusCode} is not JSON (${(error as Error).message})`];
      }
      const validate = validatorOf(media.schema);
      if (validate(body)) return [];
      return [
        `${url}: ${response.statusCode} does not match its schema: ${ajv.errorsText(validate.errors)}`,
      ];
    }

    beforeAll(async () => {
      database = await createPreparedDatabase(dialect);
      const report = await importPractices(database.db, values(EDGE));
      expect(report.committed, JSON.stringify(report.problems)).toBe(true);
      // The founding event and press release, so the event and news reads have a record to answer.
      await loadFoundingPressRelease(database.db);
      await ensureFoundingOrganisations(database.db);
      await loadFoundingResources(database.db);
      practice = await database.db
        .selectFrom('practices')
        .select(['id', 'slug'])
        .orderBy('id')
        .executeTakeFirstOrThrow();
      // The recommendation its documented example names, supported by the first practice.
      const editor: Actor = {
        kind: 'user',
        id: await createUser(database.db, 'editor@openapi.test', 'editor'),
        role: 'editor',
        name: 'Editor',
        via: 'session',
        scopes: ['read', 'write'],
      };
      const { slug } = await createRecommendation(
        database.db,
        editor,
        {
          title: 'Open municipal services to all residents',
          text: 'Cities should open their services to every resident.',
          language: 'en',
          audiences: ['local'],
          themes: ['housing'],
        },
        { events: listEventChoices, resources: listResourceChoices },
      );
      await linkPractice(database.db, editor, slug, { practice: practice.slug, note: 'A model.' });
      // A listed public profile, for the people reads.
      personId = await createUser(database.db, 'expert@openapi.test', 'member', 'An Expert');
      await saveOwnProfile(
        database.db,
        { ...editor, id: personId, role: 'member', name: 'An Expert' },
        {
          listed: 'true',
          headline: 'Adviser',
          themes: ['housing'],
          languages: 'en',
          regions: ['150'],
        },
      );
      // A published self-assessment of the first practice's city, for the assessment reads.
      const at = new Date().toISOString();
      assessmentId = await insertAssessment(database.db, {
        city_id: (
          await database.db
            .selectFrom('practices')
            .select('city_id')
            .where('city_id', 'is not', null)
            .orderBy('id')
            .executeTakeFirstOrThrow()
        ).city_id as number,
        year: 2026,
        framework_version: '2026.1',
        state: 'accepted',
        share_publicly: 1,
        published_at: at,
        illustrative: 0,
        scores: JSON.stringify({ governance: 50, housing: null }),
        created_by: null,
        created_at: at,
        updated_at: at,
        submitted_at: at,
        decided_at: at,
        decided_by: null,
      });
      app = await buildTestApp(database);
      doc = (await app.inject('/openapi.json')).json() as OpenApiDocument;
      reads = Object.entries(doc.paths)
        .filter(([path, item]) => path.startsWith('/api/v1/') && item.get !== undefined)
        .map(([path, item]) => ({ path, operation: item.get as Operation }));
    });
    afterAll(async () => {
      await app.close();
      await database.drop();
    });

    it('serves an OpenAPI 3.1 document that validates', async () => {
      expect(doc.openapi).toBe('3.1.0');
      // The parser dereferences in place: it gets a copy.
      await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeDefined();
      expect(reads.map((r) => r.path)).toEqual(
        expect.arrayContaining([
          '/api/v1/practices',
          '/api/v1/practices/{idOrSlug}',
          '/api/v1/search',
          '/api/v1/taxonomy',
          '/api/v1/countries',
          '/api/v1/regions',
        ]),
      );
      // What the parser checks for Swagger 2 only: path templates and parameters agree, and no
      // parameter is declared twice.
      for (const [path, item] of Object.entries(doc.paths)) {
        const templated = [...path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
        for (const [method, operation] of Object.entries(item)) {
          const parameters = operation.parameters ?? [];
          const declared = parameters.filter((p) => p.in === 'path');
          expect(declared.map((p) => p.name).sort(), `${method} ${path}`).toEqual(templated);
          for (const p of declared) expect(p.required, `${method} ${path} ${p.name}`).toBe(true);
          const keys = parameters.map((p) => `${p.in} ${p.name}`);
          expect(new Set(keys).size, `${method} ${path}`).toBe(keys.length);
        }
      }
      // Every schema in it is valid JSON Schema 2020-12 (the OpenAPI schema leaves them unchecked).
      for (const [path, item] of Object.entries(doc.paths))
        for (const [method, operation] of Object.entries(item))
          for (const [status, response] of Object.entries(operation.responses))
            for (const media of Object.values(response.content ?? {}))
              expect(() => validatorOf(media.schema), `${method} ${path} ${status}`).not.toThrow();
    });

    it('documents every read route under /api/v1, each with a summary and a tag', () => {
      const documented = new Set(reads.map((r) => r.path));
      const routes = app.routeRules
        .filter((r) => r.method === 'GET' && r.url.startsWith('/api/v1/') && !r.url.includes('*'))
        .map((r) => r.url.replace(/:(\w+)/g, '{$1}'));
      expect(routes.filter((url) => !documented.has(url))).toEqual([]);
      for (const read of reads) {
        expect(read.operation.summary, read.path).toBeTruthy();
        expect(read.operation.tags?.length, read.path).toBeGreaterThan(0);
      }
    });

    it('answers every documented GET operation with a documented status and a body its schema accepts', async () => {
      const failures: string[] = [];
      for (const read of reads) {
        const names = queryNames(read);
        const variants: Record<string, string>[] = [{}];
        if (names.has('lang')) variants.push({ lang: 'fr' }, { lang: 'zh' });
        if (names.has('q')) variants.push({ q: 'housing refugees' }, { q: 'guichet' });
        if (isPaged(read)) variants.push({ page: '2', per_page: '1' });
        for (const variant of variants) {
          for (const url of urlsOf(read, variant)) {
            const response = await app.inject(url);
            if (response.statusCode !== 200)
              failures.push(`${url}: expected 200, got ${response.statusCode} ${response.body}`);
            failures.push(...conformance(read, url, response));
          }
        }
      }
      expect(failures).toEqual([]);
    });

    it('answers an unknown path parameter with a documented 404 (or 400) problem', async () => {
      const failures: string[] = [];
      for (const read of reads.filter((r) => r.path.includes('{'))) {
        const url = read.path.replace(/\{\w+\}/g, 'no-such-thing-here');
        const response = await app.inject(url);
        expect([400, 404], url).toContain(response.statusCode);
        expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
        failures.push(...conformance(read, url, response));
      }
      expect(failures).toEqual([]);
    });

    it('refuses a bad parameter the same way everywhere: a documented 400 problem naming the field', async () => {
      const failures: string[] = [];
      const expectProblem = async (
        read: Documented,
        query: Record<string, string>,
        field: string,
      ) => {
        for (const url of urlsOf(read, query).slice(0, 1)) {
          const response = await app.inject(url);
          failures.push(...conformance(read, url, response));
          if (response.statusCode !== 400) {
            failures.push(`${url}: expected 400, got ${response.statusCode}`);
            continue;
          }
          expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
          const problem = response.json() as { status: number; errors?: { field: string }[] };
          expect(problem.status).toBe(400);
          if (!problem.errors?.some((e) => e.field === field))
            failures.push(`${url}: errors do not name ${field}: ${response.body}`);
        }
      };
      for (const read of reads) {
        await expectProblem(read, { colour: 'blue' }, 'colour');
        if (queryNames(read).has('lang'))
          await expectProblem(read, { lang: 'x'.repeat(40) }, 'lang');
        if (isPaged(read)) {
          await expectProblem(read, { page: '0' }, 'page');
          await expectProblem(read, { page: 'two' }, 'page');
          await expectProblem(read, { per_page: '1000' }, 'per_page');
          await expectProblem(read, { per_page: '0' }, 'per_page');
        }
      }
      expect(failures).toEqual([]);
    });

    it('pages every paged list alike, and counts every list in total', async () => {
      const paged = reads.filter(isPaged);
      expect(paged.map((r) => r.path)).toEqual(
        expect.arrayContaining(['/api/v1/practices', '/api/v1/search']),
      );
      const pagingOf = (read: Documented) =>
        Object.fromEntries(
          (read.operation.parameters ?? [])
            .filter((p) => p.name === 'page' || p.name === 'per_page')
            .map((p) => [p.name, p.schema]),
        );
      for (const read of paged) {
        // The same names, bounds and defaults on every paged list.
        expect(pagingOf(read), read.path).toEqual(pagingOf(paged[0] as Documented));
        const body = read.operation.responses['200']?.content?.['application/json']?.schema;
        for (const field of ['total', 'page', 'per_page', 'results'])
          expect(body?.required, `${read.path} ${field}`).toContain(field);
        const [url] = urlsOf(read, { per_page: '2', page: '1' });
        const answer = (await app.inject(url as string)).json() as {
          total: number;
          page: number;
          per_page: number;
          results: unknown[];
        };
        expect(answer.page).toBe(1);
        expect(answer.per_page).toBe(2);
        expect(answer.results.length).toBe(Math.min(2, answer.total));
        const [beyond] = urlsOf(read, { per_page: '2', page: '1000' });
        const empty = (await app.inject(beyond as string)).json() as typeof answer;
        expect(empty.results).toEqual([]);
        expect(empty.total).toBe(answer.total);
      }
      // Lists given whole still say how many they hold.
      for (const read of reads) {
        const body = read.operation.responses['200']?.content?.['application/json']?.schema;
        if (body?.properties?.results?.type !== 'array') continue;
        expect(body.required, read.path).toContain('total');
        const [url] = urlsOf(read);
        const answer = (await app.inject(url as string)).json() as {
          total: number;
          results: unknown[];
        };
        if (!isPaged(read)) expect(answer.total, read.path).toBe(answer.results.length);
      }
    });

    it('documents errors as application/problem+json, and 304 with no body, on every read', () => {
      for (const read of reads) {
        const { responses } = read.operation;
        expect(Object.keys(responses['400']?.content ?? {}), read.path).toEqual([
          'application/problem+json',
        ]);
        expect(responses['304'], read.path).toBeDefined();
        expect(responses['304']?.content, read.path).toBeUndefined();
        for (const [status, response] of Object.entries(responses))
          if (Number(status) >= 400)
            expect(Object.keys(response.content ?? {}), `${read.path} ${status}`).toEqual([
              'application/problem+json',
            ]);
      }
    });

    describe('conditional requests', () => {
      it('has the API conventions registered', () => {
        expect(app.hasPlugin('api-conventions'), 'register api-conventions in app.ts').toBe(true);
      });

      it('gives every read an ETag and answers a matching If-None-Match with 304 and no body', async () => {
        const failures: string[] = [];
        for (const read of reads) {
          for (const url of urlsOf(read)) {
            const first = await app.inject(url);
            const etag = first.headers.etag;
            if (typeof etag !== 'string') {
              failures.push(`${url}: no ETag`);
              continue;
            }
            expect(first.headers['cache-control'], url).toBe('public, no-cache');
            // Search reports its own duration (took_ms): its body, and so its ETag, differ each time.
            if (read.path === '/api/v1/search') continue;
            const again = await app.inject({ url, headers: { 'if-none-match': etag } });
            if (again.statusCode !== 304) failures.push(`${url}: ${again.statusCode}, not 304`);
            expect(again.body, url).toBe('');
            expect(again.headers.etag, url).toBe(etag);
            failures.push(...conformance(read, url, again));
          }
        }
        expect(failures).toEqual([]);
      });

      it('gives a compressed answer the ETag of the plain one, and a 304 as well', async () => {
        const url = '/api/v1/taxonomy?lang=fr';
        const plain = await app.inject(url);
        const br = await app.inject({ url, headers: { 'accept-encoding': 'br, gzip' } });
        expect(br.headers['content-encoding']).toBe('br');
        expect(br.headers.etag).toBe(plain.headers.etag);
        const again = await app.inject({
          url,
          headers: { 'accept-encoding': 'br, gzip', 'if-none-match': plain.headers.etag as string },
        });
        expect(again.statusCode).toBe(304);
        expect(again.rawPayload.length).toBe(0);
      });

      it('changes the ETag when the content changes', async () => {
        const url = '/api/v1/practices?per_page=100';
        const before = await app.inject(url);
        const report = await importPractices(
          database.db,
          values([
            {
              external_id: 'openapi-etag',
              title: 'A practice added later',
              language: 'en',
              summary: 'It changes the list.',
              country: 'FR',
              themes: ['housing'],
            },
          ]),
        );
        expect(report.committed).toBe(true);
        const after = await app.inject({
          url,
          headers: { 'if-none-match': before.headers.etag as string },
        });
        expect(after.statusCode).toBe(200);
        expect(after.headers.etag).not.toBe(before.headers.etag);
        expect((after.json() as { total: number }).total).toBe(
          (before.json() as { total: number }).total + 1,
        );
      });

      it('marks reads with an API token private and unstorable', async () => {
        const userId = await createUser(database.db, `reader-${dialect}@openapi.test`);
        const { token } = await createApiToken(
          database.db,
          { kind: 'user', id: userId, role: 'member', name: 'x', via: 'session', scopes: ['read'] },
          { name: 'reader', scopes: 'read' },
        );
        const response = await app.inject({
          url: '/api/v1/taxonomy',
          headers: { authorization: `Bearer ${token}` },
        });
        expect(response.statusCode).toBe(200);
        expect(response.headers['cache-control']).toBe('private, no-store');
      });
    });

    describe('CORS', () => {
      it('answers a preflight for a read with 204, any origin, GET and HEAD', async () => {
        for (const url of [
          '/api/v1/practices?theme=housing&page=2',
          `/api/v1/practices/${encodeURIComponent(practice.slug)}`,
          '/api/v1/search?q=housing',
          '/openapi.json',
        ]) {
          const response = await app.inject({
            method: 'OPTIONS',
            url,
            headers: {
              origin: ORIGIN,
              'access-control-request-method': 'GET',
              'access-control-request-headers': 'if-none-match',
            },
          });
          expect(response.statusCode, url).toBe(204);
          expect(response.headers['access-control-allow-origin'], url).toBe('*');
          expect(response.headers['access-control-allow-methods'], url).toBe('GET, HEAD');
          expect(response.headers['access-control-allow-headers'], url).toBe(
            'accept, if-none-match',
          );
          expect(response.headers['access-control-allow-credentials'], url).toBeUndefined();
        }
      });

      it('lets any origin read every documented endpoint, errors included', async () => {
        for (const read of reads) {
          for (const query of [{}, { colour: 'blue' }] as Record<string, string>[]) {
            const [url] = urlsOf(read, query);
            const response = await app.inject({ url: url as string, headers: { origin: ORIGIN } });
            expect(response.headers['access-control-allow-origin'], url).toBe('*');
            expect(response.headers['access-control-allow-credentials'], url).toBeUndefined();
            expect(String(response.headers['access-control-expose-headers'])).toContain('etag');
          }
        }
        const openapi = await app.inject({ url: '/openapi.json', headers: { origin: ORIGIN } });
        expect(openapi.headers['access-control-allow-origin']).toBe('*');
      });

      it('gives POST /api/v1/submissions and its preflight no CORS header', async () => {
        const userId = await createUser(database.db, `writer-${dialect}@openapi.test`);
        const { token } = await createApiToken(
          database.db,
          {
            kind: 'user',
            id: userId,
            role: 'member',
            name: 'x',
            via: 'session',
            scopes: ['write'],
          },
          { name: 'writer', scopes: 'write' },
        );
        const preflight = await app.inject({
          method: 'OPTIONS',
          url: '/api/v1/submissions',
          headers: {
            origin: ORIGIN,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'authorization, content-type',
          },
        });
        expect(preflight.statusCode).toBe(204);
        expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
        expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
        for (const headers of [{}, { authorization: `Bearer ${token}` }]) {
          const response = await app.inject({
            method: 'POST',
            url: '/api/v1/submissions',
            headers: { ...headers, origin: ORIGIN },
            payload: { title: 'Half a submission' },
          });
          expect([400, 401]).toContain(response.statusCode);
          expect(response.headers['access-control-allow-origin']).toBeUndefined();
          expect(response.headers['access-control-expose-headers']).toBeUndefined();
        }
      });

      it('keeps pages out of it', async () => {
        const page = await app.inject({ url: '/practices', headers: { origin: ORIGIN } });
        expect(page.headers['access-control-allow-origin']).toBeUndefined();
        const options = await app.inject({
          method: 'OPTIONS',
          url: '/practices',
          headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
        });
        expect(options.statusCode).toBe(404);
        expect(options.headers['access-control-allow-origin']).toBeUndefined();
      });
    });
  },
);
