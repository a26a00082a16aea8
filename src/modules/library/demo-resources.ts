import { ANONYMOUS } from '../../core/actor.ts';
import { contentWritten } from '../../core/content-writes.ts';
import { ValidationError } from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { checkTranslation } from '../../core/translation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import { checkResourceInput, type ResourceValues } from './resource.model.ts';
import * as repo from './resource.repository.ts';
import { resourceTranslations, translateFoundingResources } from './resource-editing.service.ts';

/**
 * The demo library (content/demo-resources.json): real guidelines, studies, datasets and
 * organisations, each with its title and abstract in the site's other languages. Loaded once with
 * the demo content, through the same checks as an editor's input, so a bad record stops the start
 * naming the file, the record and the field instead of leaving a half-filled library.
 *
 *   await loadDemoResources(db, JSON.parse(text), 'content/demo-resources.json')
 *   // ['oecd-working-together-local-integration', …] (the slugs added)
 */

export interface DemoResource {
  slug: string;
  type: string;
  title: string;
  authors: string;
  year: number | null;
  /** The original's language (BCP-47). */
  language: string;
  link_url: string;
  abstract: string;
  themes: string[];
  /** Title and abstract by locale, for the site's languages other than the original's. */
  translations: Partial<Record<string, { title: string; abstract: string }>>;
}

export interface DemoResources {
  /** The day the translations were made (YYYY-MM-DD), shown with each. */
  translatedOn: string;
  resources: DemoResource[];
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Every record checked before anything is written; the first problem is thrown with its place. */
function checkAll(
  content: DemoResources,
  source: string,
  isTheme: (id: string) => boolean,
): { record: DemoResource; values: ResourceValues }[] {
  const fail = (where: string, field: string, message: string): never => {
    throw new Error(`${source}: ${where} ${field}: ${message}`);
  };
  if (typeof content?.translatedOn !== 'string' || !DAY.test(content.translatedOn))
    fail('file', 'translatedOn', 'must be a date such as 2026-12-07');
  if (!Array.isArray(content.resources)) fail('file', 'resources', 'must be a list of records');
  const seen = new Set<string>();
  return content.resources.map((record, index) => {
    const slug = typeof record?.slug === 'string' ? record.slug : '';
    const where = `record ${index + 1} (${slug || 'no slug'})`;
    if (!SLUG.test(slug) || slug.length > 120)
      fail(where, 'slug', 'must be lower-case words joined by hyphens');
    if (seen.has(slug)) fail(where, 'slug', 'is used by an earlier record');
    seen.add(slug);
    const checked = checkResourceInput(
      { ...record, year: record.year ?? '' },
      { hasFile: false, isTheme },
    );
    if (!checked.ok) {
      const [first] = checked.problems;
      return fail(where, first?.field ?? '?', first?.message ?? 'is invalid');
    }
    for (const [locale, text] of Object.entries(record.translations ?? {})) {
      try {
        checkTranslation(resourceTranslations, checked.value.language, locale, {
          t_title: text?.title,
          t_abstract: text?.abstract,
        });
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        const [first] = error.details;
        fail(where, `translations.${locale}.${first?.field ?? '?'}`, first?.message ?? '');
      }
    }
    return { record, values: checked.value };
  });
}

/**
 * Adds the demo resources that are missing (by slug) and the translations they lack; an editor's
 * own translation is kept. Returns the slugs added.
 */
export async function loadDemoResources(
  db: Db,
  content: DemoResources,
  source = 'demo resources',
): Promise<string[]> {
  const taxonomy = await getTaxonomy(db, 'en');
  const checked = checkAll(content, source, (id) => taxonomy.has('theme', id));
  const added = await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      const added: { id: number; slug: string }[] = [];
      for (const { record, values } of checked) {
        if (await repo.resourceSlugExists(trx, record.slug)) continue;
        const now = nowIso();
        const id = await repo.insertResource(trx, {
          slug: record.slug,
          type: values.type,
          title: values.title,
          abstract: values.abstract,
          authors: values.authors,
          year: values.year,
          language: values.language,
          link_url: values.linkUrl,
          file_id: null,
          created_by: null,
          created_at: now,
          updated_at: now,
        });
        await repo.replaceThemes(trx, id, values.themes);
        await contentWritten(trx, 'resources', [id]);
        added.push({ id, slug: record.slug });
      }
      return added;
    },
    {
      audit: (added) =>
        added.map(({ id, slug }) => ({
          action: 'resource.created',
          subject: { type: 'resource', id },
          details: { slug },
        })),
      contentChanged: (added) => added.length > 0,
    },
  );
  // The same path as the founding entries' translations: labelled as translations, with their day.
  await translateFoundingResources(
    db,
    Object.fromEntries(checked.map(({ record }) => [record.slug, record.translations ?? {}])),
    content.translatedOn,
  );
  return added.map((a) => a.slug);
}
