import type { Actor, Resource } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { type FieldProblem, ForbiddenError, ValidationError } from '../../core/errors.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import { nowIso } from '../../core/text.ts';
import {
  languageTagOrName,
  problem,
  readList,
  readText,
  readWebAddress,
} from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import { type AccountDataSection, checkEmail } from '../accounts/index.ts';
import { listMunicipalityCityIds } from '../directory/index.ts';
import { type CityProfile, findCityRow, getCityProfile } from './city.service.ts';
import * as profiles from './city-profile.repository.ts';

/**
 * What a city's municipality says of its city: a short context, the languages it speaks or
 * serves in, public contact points, what it offers peers and what it is looking for. Kept by the
 * members of the city's municipality (an organisation of the type 'municipality' in that city,
 * joined through an editor's approval of a claim or a member's invitation) and by the editors.
 */

export const CONTEXT_MAX = 1500;
export const OFFER_MAX = 1000;
export const MAX_CONTACTS = 5;
export const MAX_LANGUAGES = 20;
const NAME_MAX = 200;

/** The city as the policy sees it: owned by the reader when their municipality is in it. */
export async function cityResourceFor(db: Db, actor: Actor, cityId: number): Promise<Resource> {
  if (actor.kind !== 'user') return { id: cityId };
  const own = await listMunicipalityCityIds(db, actor.id);
  return own.includes(cityId) ? { id: cityId, ownerId: actor.id } : { id: cityId };
}

/** Whether the reader may edit this city's profile, figures and networks. */
export async function mayManageCity(db: Db, actor: Actor, cityId: number): Promise<boolean> {
  if (actor.kind !== 'user') return false;
  return can(actor, 'cities.manage', await cityResourceFor(db, actor, cityId));
}

/** The city, when the reader may edit it; otherwise 403 (404 for no such city). */
export async function findEditableCity(db: Db, actor: Actor, cityIdText: string | number) {
  const city = await findCityRow(db, cityIdText);
  if (!(await mayManageCity(db, actor, city.id))) throw new ForbiddenError();
  return city;
}

/** The city's page as its editing page shows it, for those who may edit it. */
export async function getCityForEdit(
  db: Db,
  actor: Actor,
  locale: Locale,
  cityIdText: string | number,
): Promise<CityProfile> {
  const city = await findEditableCity(db, actor, cityIdText);
  return getCityProfile(db, locale, city.id);
}

export interface CityProfileInput {
  language?: unknown;
  context?: unknown;
  offers?: unknown;
  looking_for?: unknown;
  languages?: unknown;
  /** contact_name_1, contact_role_1, contact_email_1, contact_url_1 … up to MAX_CONTACTS. */
  [contactField: `contact_${string}`]: unknown;
}

export const contactFields = (n: number) =>
  ({
    name: `contact_name_${n}`,
    role: `contact_role_${n}`,
    email: `contact_email_${n}`,
    url: `contact_url_${n}`,
  }) as const;

/** Languages by name in any of the site's languages, or by code, separated by commas. */
function readLanguages(problems: FieldProblem[], value: unknown): string[] {
  const texts = readList(value)
    .flatMap((v) => v.split(/[,;\n،、，]+/))
    .map((x) => x.trim())
    .filter((x) => x !== '')
    // Names may hold spaces ("Brazilian Portuguese"); codes alone may be separated by spaces.
    .flatMap((x) => (languageTagOrName(x) || !/\s/.test(x) ? [x] : x.split(/\s+/)));
  const tags: string[] = [];
  for (const text of texts) {
    const tag = languageTagOrName(text);
    if (tag) tags.push(tag);
    else {
      const shown = text.slice(0, 40);
      problems.push({
        field: 'languages',
        message: `"${shown}" is not a language name or code such as English, ar or pt-BR`,
        key: 'cities.error.language',
        values: { value: shown },
      });
    }
  }
  const unique = [...new Set(tags)];
  if (unique.length > MAX_LANGUAGES && !problems.some((p) => p.field === 'languages'))
    problems.push({
      field: 'languages',
      message: `choose at most ${MAX_LANGUAGES}`,
      key: 'cities.error.tooManyLanguages',
      values: { max: MAX_LANGUAGES },
    });
  return unique;
}

interface CheckedContact {
  name: string;
  role: string | null;
  email: string | null;
  url: string | null;
}

function readContacts(problems: FieldProblem[], input: CityProfileInput): CheckedContact[] {
  const contacts: CheckedContact[] = [];
  for (let n = 1; n <= MAX_CONTACTS; n++) {
    const field = contactFields(n);
    const raw = [field.name, field.role, field.email, field.url].map((f) => input[f]);
    if (
      raw.every((v) => v === undefined || v === null || (typeof v === 'string' && v.trim() === ''))
    )
      continue;
    const name = readText(problems, field.name, input[field.name], {
      max: NAME_MAX,
      required: true,
      singleLine: true,
    });
    const role = readText(problems, field.role, input[field.role], {
      max: NAME_MAX,
      singleLine: true,
    });
    let email: string | null = null;
    const emailText = input[field.email];
    if (typeof emailText === 'string' && emailText.trim() !== '') {
      const checked = checkEmail(emailText, field.email);
      problems.push(...checked.problems);
      email = checked.problems.length === 0 ? checked.email : null;
    } else if (emailText !== undefined && emailText !== null && typeof emailText !== 'string')
      problems.push(problem(field.email, 'must be text', 'form.error.text'));
    const url = readWebAddress(problems, field.url, input[field.url]);
    const reached = [field.email, field.url].some((f) => problems.some((p) => p.field === f));
    if (email === null && url === null && !reached)
      problems.push(
        problem(
          field.email,
          'needs a public email address or a web address',
          'cities.error.contactReach',
        ),
      );
    if (name !== null) contacts.push({ name, role, email, url });
  }
  return contacts;
}

function checkProfile(input: CityProfileInput) {
  const problems: FieldProblem[] = [];
  const languageText = readText(problems, 'language', input.language, {
    max: 100,
    required: true,
    singleLine: true,
  });
  const language = languageText === null ? null : languageTagOrName(languageText);
  if (languageText !== null && language === null)
    problems.push({
      field: 'language',
      message: `"${languageText.slice(0, 40)}" is not a language name or code such as English, ar or pt-BR`,
      key: 'cities.error.language',
      values: { value: languageText.slice(0, 40) },
    });
  const context = readText(problems, 'context', input.context, { max: CONTEXT_MAX });
  const offers = readText(problems, 'offers', input.offers, { max: OFFER_MAX });
  const lookingFor = readText(problems, 'looking_for', input.looking_for, { max: OFFER_MAX });
  const languages = readLanguages(problems, input.languages);
  const contacts = readContacts(problems, input);
  if (problems.length > 0 || language === null) throw new ValidationError(problems);
  return { language, context, offers, lookingFor, languages, contacts };
}

/** Saves the whole profile of a city, for a member of its municipality or an editor. */
export async function saveCityProfile(
  db: Db,
  actor: Actor,
  cityIdText: string | number,
  input: CityProfileInput,
): Promise<void> {
  const city = await findEditableCity(db, actor, cityIdText);
  const profile = checkProfile(input);
  await write(
    db,
    actor,
    ({ trx }) =>
      profiles.replaceProfile(
        trx,
        {
          city_id: city.id,
          language: profile.language,
          context: profile.context,
          offers: profile.offers,
          looking_for: profile.lookingFor,
          updated_by: actor.kind === 'user' ? actor.id : null,
          updated_at: nowIso(),
        },
        profile.languages,
        profile.contacts,
      ),
    {
      audit: {
        action: 'city.profile_saved',
        subject: { type: 'city', id: city.id },
        // What changed in outline: the texts themselves are on the page, contacts are not logged.
        details: {
          language: profile.language,
          languages: profile.languages.length,
          contacts: profile.contacts.length,
        },
      },
      contentChanged: true,
    },
  );
}

/** What the form shows of a saved profile, field by field, as a person would type it. */
export function profileFormValues(city: CityProfile, locale: Locale): Record<string, string> {
  const about = city.about;
  const values: Record<string, string> = {
    language: about?.language ?? locale,
    context: about?.context ?? '',
    offers: about?.offers ?? '',
    looking_for: about?.lookingFor ?? '',
    languages: (about?.languages ?? []).join(', '),
  };
  (about?.contacts ?? []).forEach((contact, i) => {
    const field = contactFields(i + 1);
    values[field.name] = contact.name;
    values[field.role] = contact.role ?? '';
    values[field.email] = contact.email ?? '';
    values[field.url] = contact.url ?? '';
  });
  return values;
}

/** The city profiles a person saved last, in the copy of their account data. */
export async function exportOwnCityProfiles(db: Db, actor: Actor) {
  if (actor.kind !== 'user' || !can(actor, 'account.manage', { id: actor.id })) return [];
  const rows = await profiles.listProfilesUpdatedBy(db, actor.id);
  return Promise.all(
    rows.map(async (row) => ({
      city: row.city_name,
      url_path: `/cities/${row.city_id}`,
      language: row.language,
      context: row.context,
      offers: row.offers,
      looking_for: row.looking_for,
      languages: await profiles.listProfileLanguages(db, row.city_id),
      contact_points: (await profiles.listContactPoints(db, row.city_id)).map((c) => ({
        name: c.name,
        role: c.role,
        email: c.email,
        url: c.url,
      })),
      updated_at: row.updated_at,
    })),
  );
}

export const cityProfilesDataSection: AccountDataSection = {
  key: 'city_profiles',
  gather: (db, actor) => exportOwnCityProfiles(db, actor),
};
