import { ANONYMOUS } from '../../core/actor.ts';
import { isLocale } from '../../core/i18n/locales.ts';
import { toSlug } from '../../core/slug.ts';
import { foldText, nowIso } from '../../core/text.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import * as organisations from './organisation.repository.ts';
import { resolveOrganisation } from './organisation.service.ts';

/**
 * The four organisations behind the 2009 roundtable that called for the clearinghouse, present on
 * every site from its first start (setup) on.
 */

const FOUNDING: {
  name: string;
  type: string;
  website: string | null;
  countryCode: string | null;
  verified: boolean;
  description: string;
}[] = [
  {
    name: 'United Nations Alliance of Civilizations',
    type: 'international-organisation',
    website: 'https://www.unaoc.org',
    countryCode: null,
    verified: true,
    description:
      'The Alliance of Civilizations seeks to reduce tensions across cultural divides that threaten to inflame existing political conflicts or trigger new ones. Working with its global network of government partners, the Alliance promotes policies and initiatives aimed at improving relations between diverse cultural groups. It also works at grassroots level, promoting innovative projects in education, youth, media and migration in order to build trust, reconciliation and mutual respect among diverse communities.',
  },
  {
    name: 'International Organization for Migration',
    type: 'international-organisation',
    website: 'https://www.iom.int',
    countryCode: null,
    verified: true,
    description:
      'Established in 1951, IOM is the leading inter-governmental organization in the field of migration and works closely with governmental, intergovernmental and non-governmental partners.\n\nIn 2009, with 125 member states, a further 18 states holding observer status and offices in over 100 countries, IOM was dedicated to promoting humane and orderly migration for the benefit of all. It does so by providing services and advice to governments and migrants. IOM works to help ensure the orderly and humane management of migration, to promote international cooperation on migration issues, to assist in the search for practical solutions to migration problems and to provide humanitarian assistance to migrants in need, including refugees and internally displaced people.',
  },
  {
    name: 'Permanent Mission of Italy to the United Nations',
    type: 'national-government',
    website: null,
    countryCode: 'IT',
    verified: false,
    description:
      'The Permanent Mission of Italy to the United Nations in New York co-sponsored the 2009 roundtable "The Inter-ethnic City: Management and Policies for a Better Integration of Migrants".',
  },
  {
    name: 'Permanent Mission of Canada to the United Nations',
    type: 'national-government',
    website: null,
    countryCode: 'CA',
    verified: false,
    description:
      'The Permanent Mission of Canada to the United Nations in New York co-sponsored the 2009 roundtable "The Inter-ethnic City: Management and Policies for a Better Integration of Migrants".',
  },
];

/**
 * The four organisations behind the 2009 roundtable, with their type, website and an English
 * description; UNAoC and IOM are marked verified. Safe to run at every start: a description or
 * mark that is already there (perhaps edited since) is left as it is.
 */
export async function ensureFoundingOrganisations(db: Db): Promise<{ changed: boolean }> {
  let changed = false;
  await db.transaction().execute(async (trx) => {
    for (const org of FOUNDING) {
      const before = await organisations.findOrganisationByKey(
        trx,
        foldText(org.name),
        org.countryCode,
      );
      const id = await resolveOrganisation(trx, {
        name: org.name,
        type: org.type,
        website: org.website,
        countryCode: org.countryCode,
        cityId: null,
      });
      if (!before || before.type !== org.type || (org.website && before.website !== org.website))
        changed = true;
      // A practice named it first in another form ("… (IOM)", in French) and placed it in that
      // practice's country: it takes its own name, and its own country (none for an agency).
      if (!before) {
        const key = foldText(org.name);
        const found = (await organisations.findOrganisationsByIds(trx, [id]))[0];
        if (found && foldText(found.name) !== key) {
          const slug = toSlug(org.name, 'organisation');
          const slugFree = !(await organisations.organisationSlugExists(trx, slug));
          await organisations.updateOrganisation(trx, id, {
            name: org.name,
            name_key: key,
            country_code: org.countryCode,
            ...(slugFree ? { slug } : {}),
            updated_at: nowIso(),
          });
        }
      }
      const descriptions = await organisations.listDescriptions(trx, id);
      if (!descriptions.some((d) => d.locale === 'en')) {
        await organisations.replaceDescription(trx, id, 'en', org.description);
        changed = true;
      }
      if (org.verified && (before?.verified_at ?? null) === null) {
        await organisations.updateOrganisationProfile(trx, id, { verified_at: nowIso() });
        changed = true;
      }
    }
  });
  return { changed };
}

/**
 * Adds the descriptions of the founding organisations in the languages they lack (by name, then
 * language), as an editor would write one language at a time; a description already there (an
 * editor's) is kept, and an organisation no longer in the directory is left out.
 */
export async function translateFoundingOrganisations(
  db: Db,
  descriptions: Record<string, Partial<Record<string, string>>>,
): Promise<void> {
  await write(
    db,
    ANONYMOUS,
    async ({ trx }) => {
      const rows: { id: number; locale: string }[] = [];
      for (const org of FOUNDING) {
        const row = await organisations.findOrganisationByKey(
          trx,
          foldText(org.name),
          org.countryCode,
        );
        if (!row) continue;
        const existing = new Set(
          (await organisations.listDescriptions(trx, row.id)).map((d) => d.locale),
        );
        for (const [locale, text] of Object.entries(descriptions[org.name] ?? {})) {
          if (!text || existing.has(locale) || !isLocale(locale)) continue;
          await organisations.replaceDescription(trx, row.id, locale, text);
          rows.push({ id: row.id, locale });
        }
      }
      return rows;
    },
    {
      audit: (rows) =>
        rows.map(({ id, locale }) => ({
          action: 'organisation.edited',
          subject: { type: 'organisation', id },
          details: { description: locale },
        })),
      contentChanged: (rows) => rows.length > 0,
    },
  );
}
