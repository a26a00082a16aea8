import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { contentWritten } from '../../core/content-writes.ts';
import { type FieldProblem, ForbiddenError, ValidationError } from '../../core/errors.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { toSlug, uniqueSlug } from '../../core/slug.ts';
import type { Storage } from '../../core/storage.ts';
import { nowIso } from '../../core/text.ts';
import {
  addShippedTranslations,
  saveTranslation,
  type TranslatableType,
} from '../../core/translation.ts';
import { problem } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { deleteStoredFile, findFile, storeUpload } from '../files/index.ts';
import { getTaxonomy } from '../taxonomy/index.ts';
import {
  checkResourceInput,
  MAX_ABSTRACT,
  MAX_TITLE,
  type ResourceInput,
} from './resource.model.ts';
import * as repo from './resource.repository.ts';
import { findBySlug } from './resource.service.ts';
import type { ResourceRow } from './resource.table.ts';

/**
 * Editors' changes to the library: adding and changing resources (with their PDF), their
 * translations, and the form of one resource. Apart from the reading and searching that the
 * public pages and the search module use.
 */

/** An upload as the multipart plugin hands it over. */
export interface ResourceUpload {
  filename: string;
  data: Buffer;
}

function requireEditor(actor: Actor): void {
  if (!can(actor, 'resources.manage')) throw new ForbiddenError();
}

async function themeChecker(db: Db) {
  const taxonomy = await getTaxonomy(db, 'en');
  return (id: string) => taxonomy.has('theme', id);
}

/** Stores an upload in the caller's transaction; PDFs only, recognised by their content. */
async function storePdf(
  db: Db,
  storage: Storage,
  actor: Actor,
  upload: ResourceUpload,
  maxBytes: number,
): Promise<number> {
  const stored = await storeUpload(db, storage, {
    filename: upload.filename,
    data: upload.data,
    uploadedBy: actor.kind === 'user' ? actor.id : null,
    maxBytes,
  });
  if (!stored.ok)
    throw new ValidationError([
      {
        field: 'file',
        message: stored.error.message,
        key: stored.error.key,
        values: stored.error.values,
      },
    ]);
  if (stored.file.media_type !== 'application/pdf') {
    await deleteStoredFile(db, storage, stored.file.id);
    throw new ValidationError([
      { field: 'file', message: 'must be a PDF document', key: 'library.error.pdfOnly' },
    ]);
  }
  return stored.file.id;
}

/** Problems with the input and with the file, reported together. */
function refuse(problems: FieldProblem[]): never {
  throw new ValidationError(problems);
}

export async function createResource(
  db: Db,
  storage: Storage,
  actor: Actor,
  input: ResourceInput,
  upload: ResourceUpload | null,
  maxBytes: number,
): Promise<{ id: number; slug: string }> {
  requireEditor(actor);
  const checked = checkResourceInput(input, {
    hasFile: upload !== null,
    isTheme: await themeChecker(db),
  });
  if (!checked.ok) refuse(checked.problems);
  const values = checked.value;
  return write(
    db,
    actor,
    async ({ trx }) => {
      const fileId = upload ? await storePdf(trx, storage, actor, upload, maxBytes) : null;
      const slug = await uniqueSlug(toSlug(values.title, 'resource'), (s) =>
        repo.resourceSlugExists(trx, s),
      );
      const now = nowIso();
      const id = await repo.insertResource(trx, {
        slug,
        type: values.type,
        title: values.title,
        abstract: values.abstract,
        authors: values.authors,
        year: values.year,
        language: values.language,
        link_url: values.linkUrl,
        file_id: fileId,
        created_by: actor.kind === 'user' ? actor.id : null,
        created_at: now,
        updated_at: now,
      });
      await repo.replaceThemes(trx, id, values.themes);
      await contentWritten(trx, 'resources', [id]);
      return { id, slug };
    },
    {
      audit: ({ id, slug }) => ({
        action: 'resource.created',
        subject: { type: 'resource', id },
        details: { slug },
      }),
      contentChanged: true,
    },
  );
}

export async function updateResource(
  db: Db,
  storage: Storage,
  actor: Actor,
  slug: string,
  input: ResourceInput,
  upload: ResourceUpload | null,
  maxBytes: number,
): Promise<{ id: number; slug: string }> {
  requireEditor(actor);
  const row = await findBySlug(db, slug);
  const checked = checkResourceInput(input, {
    hasFile: upload !== null || row.file_id !== null,
    isTheme: await themeChecker(db),
  });
  if (!checked.ok) refuse(checked.problems);
  const values = checked.value;
  await write(
    db,
    actor,
    async ({ trx }) => {
      const fileId = upload ? await storePdf(trx, storage, actor, upload, maxBytes) : row.file_id;
      await repo.updateResource(trx, row.id, {
        type: values.type,
        title: values.title,
        abstract: values.abstract,
        authors: values.authors,
        year: values.year,
        language: values.language,
        link_url: values.linkUrl,
        file_id: fileId,
        updated_at: nowIso(),
      });
      // A translation into what is now the original's language would repeat it.
      await repo.deleteTranslation(trx, row.id, values.language);
      await repo.replaceThemes(trx, row.id, values.themes);
      await contentWritten(trx, 'resources', [row.id]);
    },
    {
      audit: {
        action: 'resource.updated',
        subject: { type: 'resource', id: row.id },
        details: { slug, file_replaced: upload !== null && row.file_id !== null },
      },
      contentChanged: true,
    },
  );
  // The replaced file's bytes go once nothing points at them any more.
  if (upload && row.file_id !== null) await deleteStoredFile(db, storage, row.file_id);
  return { id: row.id, slug };
}

/**
 * A resource translates its title and abstract, both required. Its form names the language in a
 * field, so a refused language is explained beside it.
 */
export const resourceTranslations: TranslatableType<ResourceRow> = {
  subject: 'resource',
  auditAction: 'resource.translation_saved',
  mayTranslate: (actor) => can(actor, 'resources.manage'),
  find: findBySlug,
  checkLocale: (locale, original, problems) => {
    if (!(LOCALES as readonly string[]).includes(locale))
      problems.push(problem('locale', `must be one of ${LOCALES.join(', ')}`, 'form.error.choice'));
    else if (locale === original)
      problems.push(
        problem(
          'locale',
          'is the language of the original; change the resource itself',
          'library.error.sameLanguage',
        ),
      );
  },
  fields: [
    { name: 't_title', max: MAX_TITLE, required: true },
    { name: 't_abstract', max: MAX_ABSTRACT, required: true },
  ],
  store: async (trx, row, locale, values, translatedOn) => {
    await repo.upsertTranslation(trx, {
      resource_id: row.id,
      locale,
      title: values.t_title ?? '',
      abstract: values.t_abstract ?? '',
      translated_on: translatedOn,
    });
    await repo.updateResource(trx, row.id, { updated_at: nowIso() });
    await contentWritten(trx, 'resources', [row.id]);
  },
};

/**
 * Adds the translations that the founding entries of the library lack (by slug, then language),
 * through the same checks as an editor's; an editor's own translation is kept.
 */
export async function translateFoundingResources(
  db: Db,
  translations: Record<string, Partial<Record<string, { title: string; abstract: string }>>>,
  translatedOn: string,
): Promise<void> {
  for (const [slug, byLocale] of Object.entries(translations)) {
    const inputs: Record<string, Record<string, unknown>> = {};
    for (const [locale, text] of Object.entries(byLocale))
      if (text) inputs[locale] = { t_title: text.title, t_abstract: text.abstract };
    await addShippedTranslations(
      db,
      resourceTranslations,
      slug,
      inputs,
      translatedOn,
      async (trx, row) => (await repo.listTranslationsOf(trx, [row.id])).map((t) => t.locale),
    );
  }
}

/** Adds or replaces the translation of title and abstract into one of the site's languages. */
export function saveResourceTranslation(
  db: Db,
  actor: Actor,
  slug: string,
  input: { locale?: unknown; t_title?: unknown; t_abstract?: unknown },
): Promise<void> {
  const locale = typeof input.locale === 'string' ? input.locale.trim() : '';
  return saveTranslation(db, actor, resourceTranslations, slug, locale, input);
}

export interface ResourceForEdit {
  slug: string;
  title: string;
  values: Record<string, string | string[]>;
  file: { name: string } | null;
  translations: { locale: string; title: string; abstract: string }[];
}

/** A resource as its editing form shows it. */
export async function getResourceForEdit(
  db: Db,
  actor: Actor,
  slug: string,
): Promise<ResourceForEdit> {
  requireEditor(actor);
  const row = await findBySlug(db, slug);
  const [themes, translations, file] = await Promise.all([
    repo.listThemesOf(db, [row.id]),
    repo.listTranslationsOf(db, [row.id]),
    row.file_id === null ? Promise.resolve(undefined) : findFile(db, row.file_id),
  ]);
  return {
    slug: row.slug,
    title: row.title,
    values: {
      title: row.title,
      type: row.type,
      authors: row.authors,
      year: row.year === null ? '' : String(row.year),
      language: row.language,
      link_url: row.link_url ?? '',
      abstract: row.abstract,
      themes: themes.map((t) => t.theme_id),
    },
    file: file ? { name: file.original_name } : null,
    translations: translations.map((t) => ({
      locale: t.locale,
      title: t.title,
      abstract: t.abstract,
    })),
  };
}
