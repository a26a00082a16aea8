import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  currentFramework,
  frameworkVersions,
  parseFramework,
  readFrameworks,
} from './framework.ts';

const text = { ar: 'ن', en: 'e', es: 'e', fr: 'f', ru: 'р', zh: '中' };

function framework(version: string, overrides: Record<string, unknown> = {}) {
  return {
    version,
    published: '2026-12-01',
    changes: text,
    areas: [
      {
        id: 'language',
        title: text,
        description: text,
        themes: ['language-learning'],
        references: ['OECD 2018 checklist, point 5'],
        questions: [
          { id: 'language.courses', kind: 'policy', weight: 2, text, guidance: text },
          {
            id: 'language.share',
            kind: 'fact',
            weight: 0,
            text,
            guidance: text,
            unit: 'percent',
          },
        ],
      },
    ],
    ...overrides,
  };
}

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function folderWith(files: Record<string, unknown>): string {
  dir = mkdtempSync(join(tmpdir(), 'framework-'));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === 'string' ? content : JSON.stringify(content));
  return dir;
}

describe('framework files', () => {
  it('reads every version, oldest first, whatever the order of the file names', () => {
    const folder = folderWith({
      'framework-2026.10.json': framework('2026.10'),
      'framework-2026.2.json': framework('2026.2'),
      'framework-2025.1.json': framework('2025.1'),
      'notes.json': '{}',
    });
    expect(readFrameworks(folder).map((f) => f.version)).toEqual(['2025.1', '2026.2', '2026.10']);
  });

  it('names the file and the field that is wrong', () => {
    const broken = framework('2026.1');
    (broken.areas[0]?.questions[0] as Record<string, unknown>).kind = 'opinion';
    expect(() => parseFramework('framework-2026.1.json', JSON.stringify(broken))).toThrow(
      /framework-2026\.1\.json: \/areas\/0\/questions\/0\/kind/,
    );
    const untranslated = framework('2026.1', { changes: { en: 'First' } });
    expect(() => parseFramework('framework-2026.1.json', JSON.stringify(untranslated))).toThrow(
      /framework-2026\.1\.json: \/changes/,
    );
    expect(() => parseFramework('framework-2026.1.json', '{ not json')).toThrow(
      /framework-2026\.1\.json: \(the file\) is not JSON/,
    );
  });

  it('refuses what the schema cannot say: repeated ids, weights by kind, the file’s version', () => {
    const weightedFact = framework('2026.1');
    (weightedFact.areas[0]?.questions[1] as Record<string, unknown>).weight = 1;
    expect(() => parseFramework('framework-2026.1.json', JSON.stringify(weightedFact))).toThrow(
      '/areas/0/questions/1/weight must be 0 for a fact',
    );
    const repeated = framework('2026.1');
    (repeated.areas[0]?.questions[1] as Record<string, unknown>).id = 'language.courses';
    expect(() => parseFramework('framework-2026.1.json', JSON.stringify(repeated))).toThrow(
      "/areas/0/questions/1/id repeats the question id 'language.courses'",
    );
    const elsewhere = framework('2026.1');
    (elsewhere.areas[0]?.questions[0] as Record<string, unknown>).id = 'housing.courses';
    expect(() => parseFramework('framework-2026.1.json', JSON.stringify(elsewhere))).toThrow(
      "must start with 'language.'",
    );
    expect(() =>
      parseFramework('framework-2026.2.json', JSON.stringify(framework('2026.1'))),
    ).toThrow('/version does not match the file name');
  });

  it('reads the published versions, the newest being current', () => {
    const versions = frameworkVersions();
    expect(versions.length).toBeGreaterThan(0);
    expect(currentFramework()).toBe(versions[0]);
  });
});
