import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { type Static, Type } from 'typebox';
import { Value } from 'typebox/value';
import { NotFoundError } from '../../core/errors.ts';
import type { Framework } from './framework.model.ts';

/**
 * The published versions of the framework, read once from `data/framework-<version>.json`. Every
 * file is checked against the schema below when the app starts, so a mistake in one stops the
 * start with the file and the field named instead of showing a broken question to a city.
 *
 *   currentFramework().version        // '2026.1', the newest
 *   loadFramework('2026.1').areas[0]  // { id: 'governance', questions: [...] }
 */

const DATA_DIR = fileURLToPath(new URL('./data/', import.meta.url));

const Text = Type.Object(
  {
    ar: Type.String({ minLength: 1 }),
    en: Type.String({ minLength: 1 }),
    es: Type.String({ minLength: 1 }),
    fr: Type.String({ minLength: 1 }),
    ru: Type.String({ minLength: 1 }),
    zh: Type.String({ minLength: 1 }),
  },
  { additionalProperties: false },
);

const Slug = Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' });

const QuestionSchema = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9]+(-[a-z0-9]+)*\\.[a-z0-9]+(-[a-z0-9]+)*$' }),
    kind: Type.Union([Type.Literal('fact'), Type.Literal('policy'), Type.Literal('outcome')]),
    weight: Type.Number({ minimum: 0, maximum: 100 }),
    text: Text,
    guidance: Text,
    unit: Type.Optional(
      Type.Union([
        Type.Literal('percent'),
        Type.Literal('count'),
        Type.Literal('days'),
        Type.Literal('ratio'),
      ]),
    ),
  },
  { additionalProperties: false },
);

const AreaSchema = Type.Object(
  {
    id: Slug,
    title: Text,
    description: Text,
    themes: Type.Array(Type.String({ minLength: 1 })),
    references: Type.Array(Type.String({ minLength: 1 })),
    questions: Type.Array(QuestionSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

export const FrameworkSchema = Type.Object(
  {
    version: Type.String({ pattern: '^\\d{4}\\.\\d+$' }),
    published: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
    changes: Text,
    areas: Type.Array(AreaSchema, { minItems: 1 }),
  },
  { additionalProperties: false },
);

// The schema and the hand-written types must describe the same thing.
const sameShape: Static<typeof FrameworkSchema> extends Framework ? true : false = true;
void sameShape;

/** A framework file that cannot be used, with the file and the field that is wrong. */
export class FrameworkFileError extends Error {
  constructor(file: string, field: string, problem: string) {
    super(`${file}: ${field || '(the file)'} ${problem}`);
    this.name = 'FrameworkFileError';
  }
}

/** The rules the schema cannot say: ids unique, each question in its area, weights by kind. */
function checkConsistency(file: string, framework: Framework): void {
  const areaIds = new Set<string>();
  const questionIds = new Set<string>();
  framework.areas.forEach((area, a) => {
    if (areaIds.has(area.id))
      throw new FrameworkFileError(file, `/areas/${a}/id`, `repeats the area id '${area.id}'`);
    areaIds.add(area.id);
    area.questions.forEach((question, q) => {
      const at = `/areas/${a}/questions/${q}`;
      if (questionIds.has(question.id))
        throw new FrameworkFileError(file, `${at}/id`, `repeats the question id '${question.id}'`);
      questionIds.add(question.id);
      if (!question.id.startsWith(`${area.id}.`))
        throw new FrameworkFileError(file, `${at}/id`, `must start with '${area.id}.'`);
      if (question.kind === 'fact' && question.weight !== 0)
        throw new FrameworkFileError(file, `${at}/weight`, 'must be 0 for a fact');
      if (question.kind !== 'fact' && question.weight <= 0)
        throw new FrameworkFileError(file, `${at}/weight`, 'must be above 0 for a scored question');
    });
  });
  const expected = `framework-${framework.version}.json`;
  if (!file.endsWith(expected))
    throw new FrameworkFileError(file, '/version', `does not match the file name (${expected})`);
}

/** Parses and checks one framework file's text; throws a `FrameworkFileError` naming the field. */
export function parseFramework(file: string, text: string): Framework {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new FrameworkFileError(file, '', `is not JSON: ${(error as Error).message}`);
  }
  const first = Value.Errors(FrameworkSchema, data)[0];
  if (first) throw new FrameworkFileError(file, first.instancePath, first.message);
  const framework = data as Framework;
  checkConsistency(file, framework);
  return framework;
}

function versionOrder(a: Framework, b: Framework): number {
  const [ay, an] = a.version.split('.').map(Number) as [number, number];
  const [by, bn] = b.version.split('.').map(Number) as [number, number];
  return ay - by || an - bn;
}

/** Every framework file in a folder, oldest version first. */
export function readFrameworks(dir: string): Framework[] {
  const files = readdirSync(dir)
    .filter((name) => /^framework-.+\.json$/.test(name))
    .sort();
  const frameworks = files.map((name) =>
    parseFramework(name, readFileSync(`${dir}/${name}`, 'utf8')),
  );
  if (frameworks.length === 0)
    throw new FrameworkFileError(dir, '', 'holds no framework-<version>.json file');
  return frameworks.sort(versionOrder);
}

let loaded: Framework[] | undefined;

function all(): Framework[] {
  loaded ??= readFrameworks(DATA_DIR);
  return loaded;
}

/** Every published version, newest first. */
export function frameworkVersions(): Framework[] {
  return [...all()].reverse();
}

/** The newest version: the one new assessments are filled in against. */
export function currentFramework(): Framework {
  const versions = all();
  return versions[versions.length - 1] as Framework;
}

/** One version by its name (the current one without a name). */
export function loadFramework(version?: string): Framework {
  if (version === undefined) return currentFramework();
  const found = all().find((f) => f.version === version);
  if (!found)
    throw new NotFoundError(
      'framework_version_not_found',
      `No version ${version} of the framework.`,
    );
  return found;
}
