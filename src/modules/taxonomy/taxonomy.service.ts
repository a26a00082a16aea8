import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ANONYMOUS } from '../../core/actor.ts';
import { forget, memo } from '../../core/cache.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { findSetting, upsertSetting } from '../../core/settings.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import type { Concept, Scheme, TaxonomyFile } from './taxonomy.model.ts';
import * as repository from './taxonomy.repository.ts';

const TAXONOMY_TTL_MS = 60_000;
const taxonomyFileUrl = new URL('./data/taxonomy.json', import.meta.url);

export function readTaxonomyFile(): TaxonomyFile {
  return JSON.parse(readFileSync(taxonomyFileUrl, 'utf8')) as TaxonomyFile;
}

/** Loads the packaged taxonomy, and reloads it whenever the file changes. */
export async function ensureTaxonomy(db: Db): Promise<{ changed: boolean }> {
  const source = readFileSync(taxonomyFileUrl, 'utf8');
  const version = createHash('sha256').update(source).digest('hex');
  if ((await findSetting(db, 'taxonomy_version')) === version) return { changed: false };
  const file = JSON.parse(source) as TaxonomyFile;
  // The packaged file, loaded at start-up: nobody's decision, so nothing to audit.
  await write(
    db,
    ANONYMOUS,
    async ({ trx, afterCommit }) => {
      await repository.upsertConcepts(trx, file.concepts);
      await upsertSetting(trx, 'taxonomy_version', version);
      afterCommit(() => forget(db, 'taxonomy:'));
    },
    { contentChanged: true },
  );
  return { changed: true };
}

export interface Taxonomy {
  all: Concept[];
  list(scheme: Scheme): Concept[];
  get(scheme: Scheme, id: string): Concept | undefined;
  has(scheme: Scheme, id: string): boolean;
  label(scheme: Scheme, id: string): string;
  /** The themes of one policy area. */
  themesOf(policyAreaId: string): Concept[];
}

export function getTaxonomy(db: Db, locale: Locale): Promise<Taxonomy> {
  return memo(db, `taxonomy:${locale}`, TAXONOMY_TTL_MS, async () => {
    const all = await repository.listConcepts(db, locale);
    const bySchemeAndId = new Map(all.map((c) => [`${c.scheme}:${c.id}`, c]));
    const byScheme = new Map<Scheme, Concept[]>();
    for (const concept of all) {
      const list = byScheme.get(concept.scheme) ?? [];
      list.push(concept);
      byScheme.set(concept.scheme, list);
    }
    return {
      all,
      list: (scheme) => byScheme.get(scheme) ?? [],
      get: (scheme, id) => bySchemeAndId.get(`${scheme}:${id}`),
      has: (scheme, id) => bySchemeAndId.has(`${scheme}:${id}`),
      label: (scheme, id) => bySchemeAndId.get(`${scheme}:${id}`)?.label ?? id,
      themesOf: (policyAreaId) =>
        (byScheme.get('theme') ?? []).filter((c) => c.parentId === policyAreaId),
    };
  });
}
