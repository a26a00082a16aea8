import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { ValidationError } from '../errors.ts';

/**
 * API routes refuse query parameters their schema does not declare (a misspelt filter would
 * otherwise be ignored silently and return everything). Pages stay lenient: links from other
 * sites carry tracking parameters.
 *
 * Every route's whole-number parameters (query and path) must be spelt as digits. Schema
 * coercion alone reads `1e999` and `Infinity` as Infinity, lets them through its range checks
 * and hands them to the database; `0x10` and `1e3` it quietly reads as other numbers.
 */
const WHOLE_NUMBER = /^-?\d{1,15}$/;

type Schema = { type?: unknown; items?: Schema; properties?: Record<string, Schema> };

function wholeNumberFields(schema: unknown): string[] {
  const properties = (schema as Schema | undefined)?.properties ?? {};
  return Object.entries(properties)
    .filter(([, s]) => s.type === 'integer' || (s.type === 'array' && s.items?.type === 'integer'))
    .map(([name]) => name);
}

function notWholeNumbers(values: Record<string, unknown> | undefined, fields: string[]) {
  return fields.filter((field) => {
    const value = values?.[field];
    const spelt = Array.isArray(value) ? value : value === undefined ? [] : [value];
    return spelt.some((v) => typeof v === 'string' && !WHOLE_NUMBER.test(v));
  });
}

async function strictQuery(app: FastifyInstance) {
  const allowedByRoute = new Map<string, Set<string>>();
  const numbersByRoute = new Map<string, { query: string[]; params: string[] }>();
  app.addHook('onRoute', (route) => {
    const numbers = {
      query: wholeNumberFields(route.schema?.querystring),
      params: wholeNumberFields(route.schema?.params),
    };
    if (numbers.query.length + numbers.params.length > 0) {
      for (const method of Array.isArray(route.method) ? route.method : [route.method])
        numbersByRoute.set(`${method} ${route.url}`, numbers);
    }
    if (!route.url.startsWith('/api/')) return;
    const schema = route.schema?.querystring as
      | { properties?: Record<string, unknown> }
      | undefined;
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    for (const method of methods) {
      allowedByRoute.set(`${method} ${route.url}`, new Set(Object.keys(schema?.properties ?? {})));
    }
  });
  app.addHook('preValidation', async (request) => {
    const route = `${request.method} ${request.routeOptions.url}`;
    const numbers = numbersByRoute.get(route);
    if (numbers) {
      const wrong = [
        ...notWholeNumbers(request.query as Record<string, unknown>, numbers.query),
        ...notWholeNumbers(request.params as Record<string, unknown>, numbers.params),
      ];
      if (wrong.length > 0)
        throw new ValidationError(
          wrong.map((field) => ({ field, message: 'must be a whole number written in digits' })),
        );
    }
    const allowed = allowedByRoute.get(route);
    if (!allowed) return;
    const unknown = Object.keys((request.query as Record<string, unknown>) ?? {}).filter(
      (k) => !allowed.has(k),
    );
    if (unknown.length > 0) {
      throw new ValidationError(
        unknown.map((k) => ({
          field: k.slice(0, 60),
          message:
            allowed.size > 0
              ? `is not a known parameter (known: ${[...allowed].join(', ')})`
              : 'is not a known parameter',
        })),
        'unknown_parameter',
      );
    }
  });
}

export default fp(strictQuery, { name: 'strict-query' });
