import { foldText, nowIso } from '../../core/text.ts';
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
      'Established in 1951, IOM is the leading inter-governmental organization in the field of migration and works closely with governmental, intergovernmental and non-governmental partners.\n\nWith 125 member states, a further 18 states holding observer status and offices in over 100 countries, IOM is dedicated to promoting humane and orderly migration for the benefit of all. It does so by providing services and advice to governments and migrants. IOM works to help ensure the orderly and humane management of migration, to promote international cooperation on migration issues, to assist in the search for practical solutions to migration problems and to provide humanitarian assistance to migrants in need, including refugees and internally displaced people.',
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
