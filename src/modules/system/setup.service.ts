import { readFileSync } from 'node:fs';
import { findSetting, upsertSetting } from '../../core/settings.ts';
import type { Db } from '../../db/connect.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { withSetupLock } from '../../db/setup-lock.ts';
import { type DemoAssessments, loadDemoAssessments } from '../assessment/index.ts';
import { ensureFoundingOrganisations, translateFoundingOrganisations } from '../directory/index.ts';
import {
  type DemoEvents,
  type EventTranslationText,
  loadDemoEvents,
  loadFoundingEvent,
  translateFoundingEvent,
} from '../events/index.ts';
import {
  type DemoResources,
  loadDemoResources,
  loadFoundingResources,
  translateFoundingResources,
} from '../library/index.ts';
import { ensurePlaces } from '../places/index.ts';
import { type ImportReport, importPractices } from '../practices/index.ts';
import {
  loadFoundingPressRelease,
  type NewsTranslationText,
  translateFoundingPressRelease,
} from '../press/index.ts';
import {
  type DemoRecommendation,
  loadDemoRecommendations,
  translateDemoRecommendations,
} from '../recommendations/index.ts';
import { ensureTaxonomy } from '../taxonomy/index.ts';
import { readDemoRecords } from './demo-content.ts';
import { wireModules } from './wiring.ts';

export const DEMO_ASSESSMENTS_FILE = new URL(
  '../../../content/demo-assessments.json',
  import.meta.url,
);
/** Real past events on cities and migration, with their sources and translations. */
export const DEMO_EVENTS_FILE = new URL('../../../content/demo-events.json', import.meta.url);
export const DEMO_RECOMMENDATIONS_FILE = new URL(
  '../../../content/demo-recommendations.json',
  import.meta.url,
);
export const DEMO_RESOURCES_FILE = new URL('../../../content/demo-resources.json', import.meta.url);
/** The founding content in the site's other languages (the originals are in English). */
export const FOUNDING_TRANSLATIONS_FILE = new URL(
  '../../../content/founding-translations.json',
  import.meta.url,
);

/** content/founding-translations.json: by item, then language. */
export interface FoundingTranslations {
  /** The day these translations were made (YYYY-MM-DD), shown with each. */
  translatedOn: string;
  event: Partial<Record<string, EventTranslationText>>;
  pressRelease: Partial<Record<string, NewsTranslationText>>;
  /** By the resource's slug. */
  resources: Record<string, Partial<Record<string, { title: string; abstract: string }>>>;
  /** By the organisation's name in the directory: its description. */
  organisations: Record<string, Partial<Record<string, string>>>;
}

export interface PreparedDatabase {
  migrations: string[];
  demo: ImportReport | null;
}

/**
 * Brings a database to the current schema and reference data (countries, regions, taxonomy).
 * With `demo`, the demo practices, the founding roundtable (organisations, event, press release,
 * the documents behind it) and the past events of content/demo-events.json are loaded once, the
 * first time: deleting them later does not bring them back.
 */
export async function prepareDatabase(
  db: Db,
  options: { demo: boolean },
): Promise<PreparedDatabase> {
  // Commands and benchmarks prepare their database before they touch content, without an app.
  wireModules();
  return withSetupLock(db, () => prepareLocked(db, options));
}

async function prepareLocked(db: Db, options: { demo: boolean }): Promise<PreparedDatabase> {
  const { applied } = await migrateToLatest(db);
  await ensurePlaces(db);
  await ensureTaxonomy(db);
  let demo: ImportReport | null = null;
  if (options.demo && (await findSetting(db, 'demo_loaded_at')) === undefined) {
    // The founding organisations first, under their own names, so that the practices that name
    // IOM in French or Spanish join its entry instead of giving the directory its first name.
    await ensureFoundingOrganisations(db);
    demo = await importPractices(db, readDemoRecords());
    if (!demo.committed) {
      const first = demo.problems[0];
      throw new Error(
        `demo content is invalid: record ${first?.record} ${first?.field}: ${first?.message}`,
      );
    }
    await upsertSetting(db, 'demo_loaded_at', new Date().toISOString());
  }
  // The roundtable this clearinghouse comes from: its organisations, the event and the press
  // release. Loaded once with the demo content; an editor may change or remove them afterwards.
  if (options.demo && (await findSetting(db, 'founding_loaded_at')) === undefined) {
    await ensureFoundingOrganisations(db);
    await loadFoundingEvent(db);
    await loadFoundingPressRelease(db);
    await loadFoundingResources(db);
    await upsertSetting(db, 'founding_loaded_at', new Date().toISOString());
  }
  // Recommendations over the demo practices, so the evidence views have something to show: real
  // published ones naming their source, and any illustrative one marked as an example wherever
  // it appears.
  if (options.demo && (await findSetting(db, 'demo_recommendations_loaded_at')) === undefined) {
    const records = JSON.parse(
      readFileSync(DEMO_RECOMMENDATIONS_FILE, 'utf8'),
    ) as DemoRecommendation[];
    await loadDemoRecommendations(db, records);
    await upsertSetting(db, 'demo_recommendations_loaded_at', new Date().toISOString());
  }
  // The founding content and the demo recommendations in the six languages, also for a site
  // that loaded them in English only; a translation an editor wrote is kept.
  if (options.demo && (await findSetting(db, 'founding_translations_loaded_at')) === undefined) {
    const translations = JSON.parse(
      readFileSync(FOUNDING_TRANSLATIONS_FILE, 'utf8'),
    ) as FoundingTranslations;
    await translateFoundingOrganisations(db, translations.organisations);
    const on = translations.translatedOn;
    await translateFoundingEvent(db, translations.event, on);
    await translateFoundingPressRelease(db, translations.pressRelease, on);
    await translateFoundingResources(db, translations.resources, on);
    // A site that loaded the earlier, illustrative set also gets the published recommendations.
    const recommendations = JSON.parse(
      readFileSync(DEMO_RECOMMENDATIONS_FILE, 'utf8'),
    ) as DemoRecommendation[];
    await loadDemoRecommendations(db, recommendations);
    await translateDemoRecommendations(db, recommendations);
    await upsertSetting(db, 'founding_translations_loaded_at', new Date().toISOString());
  }
  // A library worth searching: real guidelines, studies, datasets and organisations, in the six
  // languages. A bad record stops the start, naming the file, the record and the field.
  if (options.demo && (await findSetting(db, 'demo_resources_loaded_at')) === undefined) {
    const content = JSON.parse(readFileSync(DEMO_RESOURCES_FILE, 'utf8')) as DemoResources;
    await loadDemoResources(db, content, 'content/demo-resources.json');
    await upsertSetting(db, 'demo_resources_loaded_at', new Date().toISOString());
  }
  // Past events on cities and migration after the founding roundtable, so the past-events list,
  // the calendars and the organisations' pages show the field's meetings with their sources.
  if (options.demo && (await findSetting(db, 'demo_events_loaded_at')) === undefined) {
    const content = JSON.parse(readFileSync(DEMO_EVENTS_FILE, 'utf8')) as DemoEvents;
    await loadDemoEvents(db, content);
    await upsertSetting(db, 'demo_events_loaded_at', new Date().toISOString());
  }
  // Illustrative self-assessments of some of the demo practices' cities, so the result pages,
  // peers and open data have something to show; each says it is an example wherever it appears.
  if (options.demo && (await findSetting(db, 'demo_assessments_loaded_at')) === undefined) {
    const content = JSON.parse(readFileSync(DEMO_ASSESSMENTS_FILE, 'utf8')) as DemoAssessments;
    await loadDemoAssessments(db, content);
    await upsertSetting(db, 'demo_assessments_loaded_at', new Date().toISOString());
  }
  return { migrations: applied, demo };
}
