import { translator } from '../../core/i18n/i18n.ts';
import { DEFAULT_LOCALE, isLocale, type Locale, languageName } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import {
  countOpenAssessments,
  findEarliestAssessmentPublication,
  findOpenAssessmentOfCity,
  listOpenAssessmentsAfter,
  type OpenAssessment,
} from '../assessment/index.ts';
import { getPlaceIndex, type PlaceIndex } from '../places/index.ts';
import type { HarvestFilter, PracticeRecord } from '../practices/index.ts';
import {
  countHarvestHeaders,
  countriesInRegions,
  findEarliestPracticeUpdate,
  findHarvestHeader,
  type HarvestHeader,
  listHarvestHeaders,
  loadPracticeRecords,
} from '../practices/index.ts';
import { getTaxonomy, type Taxonomy } from '../taxonomy/index.ts';
import {
  ASSESSMENT_SET,
  type AssessmentRecordContext,
  assessmentHeader,
  assessmentKeyOf,
  assessmentRecord,
} from './oai-assessments.ts';
import {
  checkDateRange,
  type DateRange,
  decodeToken,
  encodeToken,
  fail,
  METADATA_PREFIX,
  OaiError,
  type OaiProblem,
  parseUtcDate,
  SET_SPEC,
  TOKEN_TTL_SECONDS,
  toDatestamp,
  VERBS,
  type Verb,
} from './oai-protocol.ts';
import {
  type Attributes,
  attributes,
  dcElement,
  element,
  NOT_XML,
  OAI_DC_NS,
  OAI_DC_SCHEMA,
  oaiDc,
  repositoryHost,
  textElement,
  XSI_NS,
} from './oai-xml.ts';

/**
 * OAI-PMH 2.0 (https://www.openarchives.org/OAI/openarchivesprotocol.html): the published
 * practices as Dublin Core records, for library and repository systems to harvest.
 *
 *   GET /oai?verb=GetRecord&metadataPrefix=oai_dc&identifier=oai:example.org:practice/edge-1
 *
 * Choices, as Identify announces them:
 * - Identifiers are `oai:<host of PUBLIC_URL>:practice/<external_id>` (the external id
 *   percent-encoded as by encodeURIComponent): the external id survives re-imports, new versions
 *   and slug changes, so a harvester's copy stays linked to the same practice.
 * - Datestamps have second granularity (YYYY-MM-DDThh:mm:ssZ); day-granularity `from` and
 *   `until` are accepted too, as the protocol requires.
 * - deletedRecord is `transient`: an archived practice is reported as a deleted record (header
 *   with status="deleted", no metadata), dated when it was archived, but there is no promise
 *   that every deletion is kept forever (an editor may bring a practice back, and nothing
 *   records practices removed from the database).
 * - Sets: `theme` and `theme:<theme id>`, `region` and `region:<UN M49 code>`; a practice
 *   belongs to the region, sub-region and intermediate region of its country. Asking for a set
 *   includes the sets below it (`theme` is every practice with a theme).
 * - The set `assessments` holds the published city self-assessments (accepted by the editors and
 *   shared by the city; a private one never), as Dublin Core datasets identified
 *   `oai:<host>:assessment/<city id>-<year>` (one per city and year) and dated when published.
 *   A harvest without a set stays the practice collection, as before: the protocol lets a
 *   repository keep records in a set only, and the harvesters already set up against this one
 *   collect practices (texts) that would otherwise be mixed with score tables without warning.
 *   Only GetRecord, ListMetadataFormats and a harvest of the set reach the assessments.
 * - Lists come in pages of OAI_PAGE_SIZE in id order, so a harvest through resumption tokens
 *   returns each practice exactly once even while practices change. A resumption token is the
 *   query and the last id sent, base64url JSON with a checksum; it holds no secret and grants
 *   nothing a harvester could not ask for with plain arguments, so it is validated field by field
 *   rather than signed (the configuration has no server secret to sign with). It expires after
 *   TOKEN_TTL_SECONDS.
 *
 * The file is longer than the house's 600 lines on purpose: what is left here is the protocol
 * itself (six verbs sharing one argument check, one paging and one resumption token); the XML
 * writing and the assessments set already live beside it, and splitting the verbs would scatter
 * those shared rules across files.
 */
export const OAI_PAGE_SIZE = 100;
export const REPOSITORY_NAME = 'Integration Clearinghouse';
export const RIGHTS_URL = 'https://creativecommons.org/licenses/by/4.0/';

const OAI_NS = 'http://www.openarchives.org/OAI/2.0/';
const OAI_SCHEMA = 'http://www.openarchives.org/OAI/2.0/OAI-PMH.xsd';

/** The arguments each verb takes (`verb` itself aside). An exclusive one must come alone. */
const ARGUMENTS: Record<Verb, { required: string[]; optional: string[]; exclusive?: string }> = {
  Identify: { required: [], optional: [] },
  ListMetadataFormats: { required: [], optional: ['identifier'] },
  ListSets: { required: [], optional: [], exclusive: 'resumptionToken' },
  GetRecord: { required: ['identifier', 'metadataPrefix'], optional: [] },
  ListIdentifiers: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
  ListRecords: {
    required: ['metadataPrefix'],
    optional: ['from', 'until', 'set'],
    exclusive: 'resumptionToken',
  },
};

export interface OaiContext {
  /** Where practices are read (the read replica when there is one). */
  db: Db;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** MAIL_FROM: `Name <address>` or an address. */
  mailFrom: string;
  /** The licence of the open data (dc:rights); CC BY 4.0 when not given. */
  rightsUrl?: string;
  pageSize?: number;
  now?: Date;
}

/** Request arguments as parsed from a query string or form: repeated ones are arrays. */
export type OaiArguments = Record<string, string | string[] | undefined>;

// ---- Identifiers and sets --------------------------------------------------------------------

export function oaiIdentifier(publicUrl: string, externalId: string): string {
  return `oai:${repositoryHost(publicUrl)}:practice/${encodeURIComponent(externalId)}`;
}

/** The external id an identifier names, if it is one of this repository's identifiers. */
export function externalIdOf(publicUrl: string, identifier: string): string | undefined {
  const prefix = `oai:${repositoryHost(publicUrl)}:practice/`;
  if (!identifier.startsWith(prefix)) return undefined;
  const local = identifier.slice(prefix.length);
  let externalId: string;
  try {
    externalId = decodeURIComponent(local);
  } catch {
    return undefined;
  }
  // One spelling per practice: the identifier as this repository writes it.
  return externalId !== '' && encodeURIComponent(externalId) === local ? externalId : undefined;
}

const METADATA_PREFIX_SYNTAX = /^[A-Za-z0-9\-_.!~*'()]+$/;
// What can be echoed as an xs:anyURI: a scheme, then printable ASCII that URIs allow.
const URI_SYNTAX = /^[A-Za-z][A-Za-z0-9+.-]*:[!#$%&'()*+,\-./0-9:;=?@A-Z[\]_a-z~]*$/;

interface Reference {
  taxonomy: Taxonomy;
  places: PlaceIndex;
}

async function loadReference(db: Db): Promise<Reference> {
  const [taxonomy, places] = await Promise.all([getTaxonomy(db, 'en'), getPlaceIndex(db, 'en')]);
  return { taxonomy, places };
}

function setSpecsOf(header: HarvestHeader, ref: Reference): string[] {
  return [
    ...header.themes.filter((t) => ref.taxonomy.has('theme', t)).map((t) => `theme:${t}`),
    ...ref.places.regionsOfCountry(header.countryCode).map((r) => `region:${r.code}`),
  ].filter((spec) => SET_SPEC.test(spec));
}

/** The harvest filter of a set, or undefined for a set this repository does not have. */
function setFilter(
  set: string,
  ref: Reference,
): Pick<HarvestFilter, 'themes' | 'countryCodes'> | undefined {
  const [kind, id, ...rest] = set.split(':');
  if (rest.length > 0) return undefined;
  if (kind === 'theme') {
    if (id === undefined) return { themes: 'any' };
    return ref.taxonomy.has('theme', id) ? { themes: [id] } : undefined;
  }
  if (kind === 'region') {
    const regions = ref.places.regions;
    if (id === undefined)
      return {
        countryCodes: countriesInRegions(
          ref.places,
          regions.map((r) => r.code),
        ),
      };
    return regions.some((r) => r.code === id)
      ? { countryCodes: countriesInRegions(ref.places, [id]) }
      : undefined;
  }
  return undefined;
}

// ---- Dublin Core -----------------------------------------------------------------------------

function practiceUrl(publicUrl: string, slug: string): string {
  return `${publicUrl}/practices/${encodeURIComponent(slug)}`;
}

function dublinCore(
  ctx: OaiContext,
  header: HarvestHeader,
  record: PracticeRecord,
  ref: Reference,
): string {
  const dc = dcElement;
  const translations = Object.entries(record.translations);
  const country = ref.places.country(record.country)?.name ?? record.country;
  const sources = [
    ...new Set([record.source_url, ...record.sources.map((s) => s.url)].filter((u) => u !== null)),
  ];
  const children = [
    ...dc('title', record.title, record.language),
    ...translations.flatMap(([locale, t]) => dc('title', t.title, locale)),
    ...record.organisations.filter((o) => o.role === 'lead').flatMap((o) => dc('creator', o.name)),
    ...record.themes.flatMap((id) => dc('subject', ref.taxonomy.label('theme', id), 'en')),
    ...record.target_groups.flatMap((id) =>
      dc('subject', ref.taxonomy.label('target-group', id), 'en'),
    ),
    ...dc('description', record.summary, record.language),
    ...translations.flatMap(([locale, t]) => dc('description', t.summary, locale)),
    // Dublin Core has no element for how a text came to be: a note says it, in words.
    ...translations.flatMap(([locale, t]) => {
      const note = translationNote(record.language, locale, t);
      return dc('description', note.text, note.lang);
    }),
    ...dc('publisher', REPOSITORY_NAME),
    ...record.organisations
      .filter((o) => o.role !== 'lead')
      .flatMap((o) => dc('contributor', o.name)),
    ...dc('date', record.start_year === null ? null : String(record.start_year)),
    ...dc('type', 'Text'),
    ...dc('type', record.type),
    ...dc('identifier', practiceUrl(ctx.publicUrl, header.slug)),
    // Each translation is also a page of its own, the practice in that language.
    ...translations.flatMap(([locale]) =>
      dc(
        'relation',
        `${practiceUrl(ctx.publicUrl, header.slug)}?lang=${encodeURIComponent(locale)}`,
      ),
    ),
    ...sources.flatMap((url) => dc('source', url)),
    ...[record.language, ...translations.map(([locale]) => locale)].flatMap((l) =>
      dc('language', l),
    ),
    ...dc('coverage', record.city),
    ...dc('coverage', country, 'en'),
    ...dc('rights', ctx.rightsUrl ?? RIGHTS_URL),
  ];
  return oaiDc(children);
}

/** What the assessment records take of the request and the reference data. */
function assessmentContext(ctx: OaiContext, ref: Reference): AssessmentRecordContext {
  return {
    publicUrl: ctx.publicUrl,
    rightsUrl: ctx.rightsUrl ?? RIGHTS_URL,
    publisher: REPOSITORY_NAME,
    countryName: (code) => ref.places.country(code)?.name ?? code,
  };
}

const noteDates = new Map<Locale, Intl.DateTimeFormat>();

/**
 * What a translation is, in its own language where the site speaks it (else English): into which
 * language, when, from which original, and whether it began as machine translation.
 */
function translationNote(
  original: string,
  locale: string,
  translation: PracticeRecord['translations'][string],
): { text: string; lang: Locale } {
  const lang: Locale = isLocale(locale) ? locale : DEFAULT_LOCALE;
  const t = translator(lang);
  const values = {
    language: languageName(locale, lang),
    original: languageName(original, lang),
  };
  let dates = noteDates.get(lang);
  if (!dates) {
    dates = new Intl.DateTimeFormat(lang, { dateStyle: 'long', timeZone: 'UTC' });
    noteDates.set(lang, dates);
  }
  const when = translation.translated_at;
  const said = when
    ? t('practice.language.translatedOn', { ...values, date: dates.format(new Date(when)) })
    : t('practice.language.translated', values);
  const machine =
    translation.status === 'machine_translation_reviewed'
      ? ` ${t('practice.language.machineReviewed')}`
      : '';
  return { text: `${said}${machine}`, lang };
}

function headerElement(ctx: OaiContext, header: HarvestHeader, ref: Reference): string {
  return element(
    'header',
    [
      textElement('identifier', oaiIdentifier(ctx.publicUrl, header.externalId)),
      textElement('datestamp', toDatestamp(header.datestamp)),
      ...setSpecsOf(header, ref).map((spec) => textElement('setSpec', spec)),
    ],
    { status: header.archived ? 'deleted' : undefined },
  );
}

async function recordElements(
  ctx: OaiContext,
  headers: HarvestHeader[],
  ref: Reference,
): Promise<string[]> {
  const live = headers.filter((h) => !h.archived);
  const records = await loadPracticeRecords(
    ctx.db,
    live.map((h) => h.id),
  );
  const byExternalId = new Map(records.map((r) => [r.external_id, r]));
  return headers.map((header) => {
    const record = header.archived ? undefined : byExternalId.get(header.externalId);
    return element('record', [
      headerElement(ctx, header, ref),
      ...(record ? [element('metadata', [dublinCore(ctx, header, record, ref)])] : []),
    ]);
  });
}

// ---- Verbs -----------------------------------------------------------------------------------

function adminEmailOf(mailFrom: string): string {
  return /<([^<>]+)>/.exec(mailFrom)?.[1] ?? mailFrom;
}

async function identify(ctx: OaiContext, now: Date): Promise<string> {
  // The lower limit of every datestamp, those only the assessments set holds included.
  const dates = (
    await Promise.all([
      findEarliestPracticeUpdate(ctx.db),
      findEarliestAssessmentPublication(ctx.db),
    ])
  ).filter((d) => d !== undefined && d !== null);
  const earliest = dates.map((d) => new Date(d)).sort((a, b) => a.getTime() - b.getTime())[0];
  return element('Identify', [
    textElement('repositoryName', REPOSITORY_NAME),
    textElement('baseURL', `${ctx.publicUrl}/oai`),
    textElement('protocolVersion', '2.0'),
    textElement('adminEmail', adminEmailOf(ctx.mailFrom)),
    textElement('earliestDatestamp', toDatestamp(earliest ?? now)),
    textElement('deletedRecord', 'transient'),
    textElement('granularity', 'YYYY-MM-DDThh:mm:ssZ'),
    // Responses are gzip-compressed for clients that accept it (Accept-Encoding).
    textElement('compression', 'gzip'),
  ]);
}

function checkMetadataPrefix(prefix: string): void {
  if (prefix !== METADATA_PREFIX)
    fail(
      'cannotDisseminateFormat',
      `metadataPrefix "${prefix.slice(0, 40)}" is not supported; this repository offers oai_dc`,
    );
}

type Found =
  | { kind: 'practice'; header: HarvestHeader }
  | { kind: 'assessment'; assessment: OpenAssessment };

async function headerOf(ctx: OaiContext, identifier: string): Promise<Found> {
  const key = assessmentKeyOf(ctx.publicUrl, identifier);
  if (key) {
    // A private or withdrawn assessment does not exist here, as if it never had.
    const assessment = await findOpenAssessmentOfCity(ctx.db, key.cityId, key.year);
    if (assessment) return { kind: 'assessment', assessment };
  }
  const externalId = externalIdOf(ctx.publicUrl, identifier);
  const header = externalId === undefined ? undefined : await findHarvestHeader(ctx.db, externalId);
  if (!header)
    return fail(
      'idDoesNotExist',
      `"${identifier.slice(0, 200)}" is not an identifier of this repository`,
    );
  return { kind: 'practice', header };
}

async function listMetadataFormats(ctx: OaiContext, identifier?: string): Promise<string> {
  if (identifier !== undefined) await headerOf(ctx, identifier);
  return element('ListMetadataFormats', [
    element('metadataFormat', [
      textElement('metadataPrefix', METADATA_PREFIX),
      textElement('schema', OAI_DC_SCHEMA),
      textElement('metadataNamespace', OAI_DC_NS),
    ]),
  ]);
}

async function listSets(ctx: OaiContext, token?: string): Promise<string> {
  if (token !== undefined)
    fail('badResumptionToken', 'the list of sets is complete in one response: no token applies');
  const ref = await loadReference(ctx.db);
  const set = (spec: string, name: string) =>
    element('set', [textElement('setSpec', spec), textElement('setName', name)]);
  const regions = [...ref.places.regions].sort((a, b) => a.code.localeCompare(b.code));
  return element('ListSets', [
    set(ASSESSMENT_SET, 'City self-assessments'),
    set('theme', 'Themes'),
    ...ref.taxonomy
      .list('theme')
      .filter((t) => SET_SPEC.test(`theme:${t.id}`))
      .map((t) => set(`theme:${t.id}`, t.label)),
    set('region', 'Regions (UN M49)'),
    ...regions
      .filter((r) => SET_SPEC.test(`region:${r.code}`))
      .map((r) => set(`region:${r.code}`, r.name)),
  ]);
}

async function getRecord(ctx: OaiContext, identifier: string, prefix: string): Promise<string> {
  const found = await headerOf(ctx, identifier);
  checkMetadataPrefix(prefix);
  const ref = await loadReference(ctx.db);
  return element(
    'GetRecord',
    found.kind === 'assessment'
      ? [assessmentRecord(assessmentContext(ctx, ref), found.assessment)]
      : await recordElements(ctx, [found.header], ref),
  );
}

interface ListQuery {
  verb: 'ListIdentifiers' | 'ListRecords';
  from?: string;
  until?: string;
  set?: string;
  afterId: number;
  cursor: number;
  /** Whether the request came with a resumption token (so the list is split). */
  resumed: boolean;
}

async function list(ctx: OaiContext, query: ListQuery, now: Date): Promise<string> {
  const range = checkDateRange(query.from, query.until);
  const ref = await loadReference(ctx.db);
  if (query.set === ASSESSMENT_SET) return listAssessments(ctx, query, range, ref, now);
  let filter: HarvestFilter = { ...range.filter };
  if (query.set !== undefined) {
    const bySet = setFilter(query.set, ref);
    if (!bySet) return fail('noRecordsMatch', `this repository has no set "${query.set}"`);
    filter = { ...filter, ...bySet };
  }
  const pageSize = ctx.pageSize ?? OAI_PAGE_SIZE;
  const rows = await listHarvestHeaders(ctx.db, filter, query.afterId, pageSize + 1);
  const page = rows.slice(0, pageSize);
  return listPage(query, now, {
    more: rows.length > pageSize,
    lastId: page.at(-1)?.id,
    items:
      query.verb === 'ListRecords'
        ? await recordElements(ctx, page, ref)
        : page.map((h) => headerElement(ctx, h, ref)),
    count: () => countHarvestHeaders(ctx.db, filter),
  });
}

async function listAssessments(
  ctx: OaiContext,
  query: ListQuery,
  range: DateRange,
  ref: Reference,
  now: Date,
): Promise<string> {
  const pageSize = ctx.pageSize ?? OAI_PAGE_SIZE;
  const rows = await listOpenAssessmentsAfter(ctx.db, range.filter, query.afterId, pageSize + 1);
  const page = rows.slice(0, pageSize);
  return listPage(query, now, {
    more: rows.length > pageSize,
    lastId: page.at(-1)?.id,
    items: page.map((a) =>
      query.verb === 'ListRecords'
        ? assessmentRecord(assessmentContext(ctx, ref), a)
        : assessmentHeader(assessmentContext(ctx, ref), a),
    ),
    count: () => countOpenAssessments(ctx.db, range.filter),
  });
}

/** One page of a list, with the resumption token that leads on (practices and assessments alike). */
async function listPage(
  query: ListQuery,
  now: Date,
  page: {
    items: string[];
    more: boolean;
    lastId: number | undefined;
    count: () => Promise<number>;
  },
): Promise<string> {
  const { items, more } = page;
  if (items.length === 0) return fail('noRecordsMatch', 'no record matches these arguments');
  if (more || query.resumed) {
    const total = Math.max(await page.count(), query.cursor + items.length + (more ? 1 : 0));
    const attrs = { completeListSize: total, cursor: query.cursor };
    if (more) {
      const expires = Math.floor(now.getTime() / 1000) + TOKEN_TTL_SECONDS;
      const token = encodeToken({
        verb: query.verb,
        from: query.from,
        until: query.until,
        set: query.set,
        afterId: page.lastId ?? query.afterId,
        cursor: query.cursor + items.length,
        expires,
      });
      items.push(
        textElement('resumptionToken', token, {
          expirationDate: toDatestamp(new Date(expires * 1000)),
          ...attrs,
        }),
      );
    } else {
      // The last page of a split list says so with an empty token.
      items.push(element('resumptionToken', [], attrs));
    }
  }
  return element(query.verb, items);
}

// ---- The request -----------------------------------------------------------------------------

interface Checked {
  verb: Verb;
  args: Record<string, string>;
}

function checkArguments(raw: OaiArguments): Checked {
  const values = new Map<string, string[]>();
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) continue;
    values.set(key, Array.isArray(value) ? value : [value]);
  }
  const verbs = values.get('verb') ?? [];
  const verb = verbs[0];
  if (verbs.length !== 1 || verb === undefined || !(VERBS as readonly string[]).includes(verb))
    fail(
      'badVerb',
      verbs.length > 1
        ? 'the verb argument is repeated'
        : verb === undefined
          ? 'the verb argument is missing'
          : `"${verb.slice(0, 40)}" is not an OAI-PMH verb`,
    );
  const rule = ARGUMENTS[verb as Verb];
  const allowed = new Set([...rule.required, ...rule.optional, rule.exclusive]);
  const problems: OaiProblem[] = [];
  const args: Record<string, string> = {};
  for (const [key, list] of values) {
    if (key === 'verb') continue;
    if (!allowed.has(key))
      problems.push({
        code: 'badArgument',
        message: `${key.slice(0, 40)} is not an argument of ${verb}`,
      });
    else if (list.length > 1) problems.push({ code: 'badArgument', message: `${key} is repeated` });
    else args[key] = list[0] as string;
  }
  if (rule.exclusive !== undefined && args[rule.exclusive] !== undefined) {
    const others = [...values.keys()].filter((k) => k !== 'verb' && k !== rule.exclusive);
    if (others.length > 0)
      problems.push({
        code: 'badArgument',
        message: `${rule.exclusive} must be the only argument besides verb`,
      });
  } else {
    for (const key of rule.required)
      if (!values.has(key))
        problems.push({ code: 'badArgument', message: `${key} is required for ${verb}` });
  }
  if (args.set !== undefined && !SET_SPEC.test(args.set))
    problems.push({
      code: 'badArgument',
      message: `set: "${args.set.slice(0, 40)}" is not a setSpec`,
    });
  for (const key of ['from', 'until'])
    if (args[key] !== undefined && parseUtcDate(args[key]) === undefined)
      problems.push({
        code: 'badArgument',
        message: `${key}: "${args[key].slice(0, 40)}" is not a date as YYYY-MM-DD or YYYY-MM-DDThh:mm:ssZ`,
      });
  if (problems.length > 0) throw new OaiError(problems);
  checkDateRange(args.from, args.until);
  return { verb: verb as Verb, args };
}

async function answer(ctx: OaiContext, checked: Checked, now: Date): Promise<string> {
  const { verb, args } = checked;
  switch (verb) {
    case 'Identify':
      return identify(ctx, now);
    case 'ListMetadataFormats':
      return listMetadataFormats(ctx, args.identifier);
    case 'ListSets':
      return listSets(ctx, args.resumptionToken);
    case 'GetRecord':
      return getRecord(ctx, args.identifier as string, args.metadataPrefix as string);
    case 'ListIdentifiers':
    case 'ListRecords': {
      if (args.resumptionToken !== undefined) {
        const state = decodeToken(args.resumptionToken, verb, now);
        if (!state)
          return fail(
            'badResumptionToken',
            'the resumption token is unknown, expired, or not for this verb',
          );
        return list(ctx, { ...state, verb, resumed: true }, now);
      }
      checkMetadataPrefix(args.metadataPrefix as string);
      return list(
        ctx,
        {
          verb,
          from: args.from,
          until: args.until,
          set: args.set,
          afterId: 0,
          cursor: 0,
          resumed: false,
        },
        now,
      );
    }
  }
}

/** The request element: the arguments as received, except after badVerb or badArgument. */
function requestElement(ctx: OaiContext, checked: Checked | undefined): string {
  const attrs: Attributes = {};
  if (checked) {
    attrs.verb = checked.verb;
    for (const [key, value] of Object.entries(checked.args)) {
      // Only what the schema can hold: a value that is not an identifier or prefix is left out.
      if (key === 'identifier' && !URI_SYNTAX.test(value)) continue;
      if (key === 'metadataPrefix' && !METADATA_PREFIX_SYNTAX.test(value)) continue;
      if (value.replace(NOT_XML, '') !== value) continue;
      attrs[key] = value;
    }
  }
  return textElement('request', `${ctx.publicUrl}/oai`, attrs);
}

/** Answers one OAI-PMH request with the whole XML document (errors included, as the protocol says). */
export async function answerOaiRequest(ctx: OaiContext, raw: OaiArguments): Promise<string> {
  const now = ctx.now ?? new Date();
  let checked: Checked | undefined;
  let body: string;
  try {
    checked = checkArguments(raw);
    body = await answer(ctx, checked, now);
  } catch (error) {
    if (!(error instanceof OaiError)) throw error;
    const protocolError = error.problems.some(
      (p) => p.code === 'badVerb' || p.code === 'badArgument',
    );
    if (protocolError) checked = undefined;
    body = error.problems.map((p) => textElement('error', p.message, { code: p.code })).join('');
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>\n',
    `<OAI-PMH${attributes({
      xmlns: OAI_NS,
      'xmlns:xsi': XSI_NS,
      'xsi:schemaLocation': `${OAI_NS} ${OAI_SCHEMA}`,
    })}>`,
    textElement('responseDate', toDatestamp(now)),
    requestElement(ctx, checked),
    body,
    '</OAI-PMH>\n',
  ].join('');
}
