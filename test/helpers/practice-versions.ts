import { expect } from 'vitest';
import type { Db } from '../../src/db/connect.ts';
import type { PracticeRecord } from '../../src/modules/practices/practice.model.ts';
import {
  importPractices,
  loadPracticeRecords,
  publishPracticeRecord,
} from '../../src/modules/practices/practice-interchange.service.ts';

/** Text that would end a script element and start another, were it not escaped. */
export const EVIL = '</script><script>alert(1)</script>';

/** Interchange records for the tests: one to version, one whose text tries to end a script. */
export const RECORDS = [
  {
    external_id: 'versioned-1',
    title: 'Welcome desk for newcomers',
    language: 'en',
    summary: 'One place for every service a newcomer needs.',
    type: 'service',
    country: 'PT',
    city: 'Lisbon',
    level: 'local',
    themes: ['access-to-services', 'housing'],
    target_groups: ['refugees'],
    actor_type: ['municipality'],
    organisations: [
      {
        name: 'City of Lisbon & Partners',
        type: 'municipality',
        role: 'lead',
        website: 'https://www.lisboa.pt/',
      },
      { name: 'Refugee Council', role: 'partner' },
    ],
    status: 'ongoing',
    start_year: 2018,
    sections: { context: 'The first text of the context.' },
    evidence_level: 'promising',
    translations: { fr: { title: 'Guichet d’accueil' } },
  },
  {
    external_id: 'evil-1',
    title: `Evil ${EVIL} practice`,
    language: 'en',
    summary: `A summary with ${EVIL} and \u2028 separators.`,
    country: 'CA',
    themes: ['health'],
    organisations: [{ name: `Org ${EVIL}`, role: 'lead' }],
    evidence_level: 'emerging',
  },
];

async function* values(records: unknown[]) {
  let number = 0;
  for (const value of records) yield { number: ++number, value };
}

/** Imports RECORDS and publishes two more versions of the first (so it has versions 1 to 3). */
export async function seedVersions(db: Db) {
  const report = await importPractices(db, values(RECORDS));
  expect(report.problems).toEqual([]);
  const ids = await db
    .selectFrom('practices')
    .select(['id', 'slug', 'external_id'])
    .where('external_id', 'in', ['versioned-1', 'evil-1'])
    .execute();
  const versioned = ids.find((r) => r.external_id === 'versioned-1')!;
  const evil = ids.find((r) => r.external_id === 'evil-1')!;
  const publish = async (change: (r: PracticeRecord) => PracticeRecord) => {
    const [record] = await loadPracticeRecords(db, [versioned.id]);
    await db.transaction().execute((trx) =>
      publishPracticeRecord(trx, change(record!), {
        justification: 'Evaluated in 2024.',
        fileIds: [],
        submissionId: null,
        publishedBy: null,
      }),
    );
  };
  await publish((r) => ({ ...r, title: 'Welcome desk for newcomers, second edition' }));
  await publish((r) => ({
    ...r,
    title: 'One-stop welcome desk',
    sections: { ...r.sections, context: 'The third text of the context.' },
  }));
  return { slug: versioned.slug, evilSlug: evil.slug };
}

/** The JSON-LD documents of a page, parsed. */
export function jsonLdOf(html: string): Record<string, unknown>[] {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(
    (m) => JSON.parse(m[1] as string) as Record<string, unknown>,
  );
}
