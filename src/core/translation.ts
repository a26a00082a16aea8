import type { Db } from '../db/connect.ts';
import { type Actor, ANONYMOUS } from './actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.ts';
import { LOCALES, type Locale } from './i18n/locales.ts';
import { nowIso } from './text.ts';
import { type Problems, problem, readText, type TextRule } from './validation.ts';
import { write } from './write.ts';

/**
 * Translating a piece of content into one of the site's other languages, the same way for every
 * translatable type: the module describes its type in a small adapter (which fields translate,
 * how to find the item, how to store the translation), and this checks the fields, saves them in
 * one audited write and marks the public content changed.
 *
 *   await saveTranslation(db, actor, eventTranslations, 'the-inter-ethnic-city', 'fr', {
 *     title: 'La ville interethnique',
 *     description: '…',
 *   });
 */
export interface TranslatableType<Item extends { id: number; language: string }> {
  /** The subject type in audit rows (`event`), and the audit action of a saved translation. */
  subject: string;
  auditAction: string;
  /** Whether this actor may translate items of this type. */
  mayTranslate(actor: Actor): boolean;
  /** The item by its slug; throws its own not-found error when there is none. */
  find(db: Db, slug: string): Promise<Item>;
  /** The translatable fields, in the order their problems are listed. */
  fields: readonly ({ name: string } & TextRule)[];
  /**
   * Where the language is chosen in the form itself (not in the address), its own problems
   * beside that field; by default one problem for any language that is not another of the site's.
   */
  checkLocale?(locale: string, original: string, problems: Problems): void;
  /** Rules across fields (a body needs its title); adds problems. */
  complete?(values: TranslationValues, problems: Problems): void;
  /**
   * Stores the checked values (all null: removes the translation) within the write, with the day
   * the translation was made (YYYY-MM-DD).
   */
  store(
    trx: Db,
    item: Item,
    locale: Locale,
    values: TranslationValues,
    translatedOn: string,
  ): Promise<void>;
}

export type TranslationValues = Record<string, string | null>;

export function isTranslationLocale(locale: string, original: string): locale is Locale {
  return (LOCALES as readonly string[]).includes(locale) && locale !== original;
}

/** The fields of a translation, checked: the clean values, or the problems. */
export function checkTranslation(
  type: Pick<TranslatableType<never>, 'fields' | 'complete' | 'checkLocale'>,
  original: string,
  locale: string,
  input: Record<string, unknown>,
): TranslationValues {
  const problems: Problems = [];
  if (type.checkLocale) type.checkLocale(locale, original, problems);
  else if (!isTranslationLocale(locale, original))
    problems.push(
      problem(
        'locale',
        'must be one of the site languages other than the original',
        'form.error.choice',
      ),
    );
  const values: TranslationValues = {};
  for (const { name, ...rule } of type.fields)
    values[name] = readText(problems, name, input[name], rule);
  type.complete?.(values, problems);
  if (problems.length > 0) throw new ValidationError(problems);
  return values;
}

/** Adds, replaces or (all fields empty) removes the translation of one item into one language. */
export async function saveTranslation<Item extends { id: number; language: string }>(
  db: Db,
  actor: Actor,
  type: TranslatableType<Item>,
  slug: string,
  locale: string,
  input: Record<string, unknown>,
): Promise<void> {
  if (!type.mayTranslate(actor)) throw new ForbiddenError();
  const item = await type.find(db, slug);
  const values = checkTranslation(type, item.language, locale, input);
  const today = nowIso().slice(0, 10);
  await write(db, actor, ({ trx }) => type.store(trx, item, locale as Locale, values, today), {
    audit: {
      action: type.auditAction,
      subject: { type: type.subject, id: item.id },
      details: { locale },
    },
    contentChanged: true,
  });
}

/**
 * Translations that ship with the content (the founding roundtable's), checked like an editor's
 * and stored in one write with the day they were made, each only where the item has none in that
 * language yet: an editor's own translation is kept. Missing item (an editor deleted it): nothing
 * is added.
 *
 *   await addShippedTranslations(db, eventTranslations, 'the-inter-ethnic-city-new-york-2009',
 *     { fr: { title: 'La ville interethnique', description: '…' } }, '2026-12-07', existingLocales);
 */
export async function addShippedTranslations<Item extends { id: number; language: string }>(
  db: Db,
  type: TranslatableType<Item>,
  slug: string,
  translations: Partial<Record<string, object>>,
  translatedOn: string,
  existingLocales: (db: Db, item: Item) => Promise<readonly string[]>,
): Promise<Locale[]> {
  let item: Item;
  try {
    item = await type.find(db, slug);
  } catch (error) {
    if (error instanceof NotFoundError) return [];
    throw error;
  }
  const existing = new Set(await existingLocales(db, item));
  const checked: [Locale, TranslationValues][] = [];
  for (const [locale, input] of Object.entries(translations))
    if (input && !existing.has(locale) && locale !== item.language)
      checked.push([
        locale as Locale,
        checkTranslation(type, item.language, locale, input as Record<string, unknown>),
      ]);
  if (checked.length === 0) return [];
  // Shipped with the software: nobody's decision, but recorded like a translator's.
  return write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      for (const [locale, values] of checked)
        await type.store(trx, item, locale, values, translatedOn);
      return checked.map(([locale]) => locale);
    },
    {
      audit: (added) =>
        added.map((locale) => ({
          action: type.auditAction,
          subject: { type: type.subject, id: item.id },
          details: { locale },
        })),
      contentChanged: true,
    },
  );
}
