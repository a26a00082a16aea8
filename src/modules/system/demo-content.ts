import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { isLocale } from '../../core/i18n/locales.ts';
import type { RawRecord } from '../practices/index.ts';

export const DEMO_FILE = new URL('../../../content/demo-practices.json', import.meta.url);
export const DEMO_TRANSLATIONS_DIR = new URL('../../../content/translations/', import.meta.url);

type DemoText = { title?: string; summary?: string; sections?: Record<string, string> };
type DemoRecord = Record<string, unknown> & {
  external_id: string;
  language: string;
  translations?: Record<string, DemoText>;
};

/**
 * The demo practices with the translations kept beside them: one file per language in
 * `content/translations/<language>.json`, so a translator works in one file of their language
 * instead of in every record. A translation written inside a record wins over the file's.
 */
export function demoRecords(): DemoRecord[] {
  const records = JSON.parse(readFileSync(DEMO_FILE, 'utf8')) as DemoRecord[];
  const byId = new Map(records.map((r) => [r.external_id, r]));
  for (const [language, texts] of demoTranslationFiles()) {
    for (const [externalId, text] of Object.entries(texts)) {
      const record = byId.get(externalId);
      if (!record)
        throw new Error(`content/translations/${language}.json: no demo practice ${externalId}`);
      if (record.language === language) continue;
      record.translations = { [language]: text, ...record.translations };
    }
  }
  return records;
}

export async function* readDemoRecords(): AsyncGenerator<RawRecord> {
  let number = 0;
  for (const value of demoRecords()) yield { number: ++number, value };
}

function demoTranslationFiles(): [string, Record<string, DemoText>][] {
  if (!existsSync(DEMO_TRANSLATIONS_DIR)) return [];
  return readdirSync(DEMO_TRANSLATIONS_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const language = name.slice(0, -'.json'.length);
      if (!isLocale(language))
        throw new Error(`content/translations/${name}: not one of the site's languages`);
      const texts = JSON.parse(
        readFileSync(new URL(name, DEMO_TRANSLATIONS_DIR), 'utf8'),
      ) as Record<string, DemoText>;
      return [language, texts];
    });
}
