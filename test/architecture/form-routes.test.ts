import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * A page route whose body is a form's (`formBody`) runs even when the body breaks its schema
 * (core/http/errors.ts), so each such route must look at the problems before it acts: through
 * `handleForm`, `bodyProblemsOf` or `acceptedBody`. Read from the source: a POST route whose
 * schema names a form body and whose handler calls none of the three is listed.
 */
const SRC = path.resolve(import.meta.dirname, '../../src');
const CHECKS = ['handleForm(', 'bodyProblemsOf(', 'acceptedBody('];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

function uncheckedFormRoutes(file: string): string[] {
  const source = readFileSync(file, 'utf8');
  const formNames = [...source.matchAll(/const (\w+) = formBody\(/g)].map((m) => m[1] as string);
  const routes = source.split(/(?=\bapp\.(?:post|get|put|delete)\()/).slice(1);
  return routes.flatMap((route) => {
    if (!route.startsWith('app.post(')) return [];
    const body = /\bbody: (\w+)/.exec(route)?.[1];
    const isForm =
      /\bbody: formBody\(/.test(route) || (body !== undefined && formNames.includes(body));
    if (!isForm || CHECKS.some((check) => route.includes(check))) return [];
    const url = /app\.post\(\s*([^,]+),/.exec(route)?.[1] ?? '?';
    return [`${path.relative(SRC, file)} ${url.trim()}`];
  });
}

describe('form routes', () => {
  it('look at a body their schema refused before they act on it', () => {
    const unchecked = sourceFiles(SRC).flatMap(uncheckedFormRoutes);
    expect(unchecked).toEqual([]);
  });

  it('finds the form routes it checks', () => {
    const checked = sourceFiles(SRC).filter((file) =>
      readFileSync(file, 'utf8').includes('formBody('),
    );
    expect(checked.length).toBeGreaterThan(10);
  });
});
