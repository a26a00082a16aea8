import type { FieldProblem } from '../../core/errors.ts';
import {
  EVIDENCE_LEVELS,
  LEVELS,
  ORGANISATION_ROLES,
  PRACTICE_TYPES,
  type PracticeRecord,
  type PracticeTranslationInput,
  RECORD_FIELDS,
  SECTION_KEYS,
  type Sections,
  STATUSES,
  TRANSLATION_STATUSES,
} from './practice.model.ts';

/** What a record is checked against: the ids that exist in this database. */
export interface RecordReferences {
  hasConcept(
    scheme: 'theme' | 'target-group' | 'actor-type' | 'gcm-objective' | 'sdg-target',
    id: string,
  ): boolean;
  hasCountry(code: string): boolean;
}

export type RecordCheck =
  | { ok: true; record: PracticeRecord; warnings: FieldProblem[] }
  | { ok: false; problems: FieldProblem[] };

const MAX_TEXT = 20_000;
const MAX_SHORT = 300;
// Control characters other than tab and newlines never belong in text and break some exports.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

class Reader {
  readonly problems: FieldProblem[] = [];
  readonly warnings: FieldProblem[] = [];

  problem(field: string, message: string): undefined {
    this.problems.push({ field, message });
    return undefined;
  }

  text(
    field: string,
    value: unknown,
    options: { required?: boolean; max?: number } = {},
  ): string | null {
    if (
      value === undefined ||
      value === null ||
      (typeof value === 'string' && value.trim() === '')
    ) {
      if (options.required) this.problem(field, 'is required');
      return null;
    }
    if (typeof value !== 'string') {
      this.problem(field, `must be text, got ${describe(value)}`);
      return null;
    }
    const trimmed = value.trim();
    const max = options.max ?? MAX_TEXT;
    if (trimmed.length > max) {
      this.problem(field, `is too long (${trimmed.length} characters, at most ${max})`);
      return null;
    }
    if (CONTROL_CHARACTERS.test(trimmed)) {
      this.problem(field, 'contains control characters');
      return null;
    }
    return trimmed;
  }

  choice<T extends string>(field: string, value: unknown, allowed: readonly T[]): T | null {
    const text = this.text(field, value, { max: MAX_SHORT });
    if (text === null) return null;
    if (!(allowed as readonly string[]).includes(text)) {
      this.problem(field, `must be one of ${allowed.join(', ')}, got "${text}"`);
      return null;
    }
    return text as T;
  }

  url(field: string, value: unknown): string | null {
    const text = this.text(field, value, { max: 2000 });
    if (text === null) return null;
    try {
      const url = new URL(text);
      if ((url.protocol === 'http:' || url.protocol === 'https:') && url.hostname) return text;
    } catch {
      // reported below
    }
    this.problem(field, `must be an http:// or https:// address, got "${truncate(text)}"`);
    return null;
  }

  year(field: string, value: unknown): number | null {
    if (value === undefined || value === null || value === '') return null;
    const year = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
    if (typeof year !== 'number' || !Number.isInteger(year) || year < 1800 || year > 2100) {
      this.problem(field, `must be a year from 1800 to 2100, got ${describe(value)}`);
      return null;
    }
    return year;
  }

  list(field: string, value: unknown): unknown[] {
    if (value === undefined || value === null || value === '') return [];
    if (Array.isArray(value)) return value;
    this.problem(field, `must be a list, got ${describe(value)}`);
    return [];
  }

  concepts(
    field: string,
    value: unknown,
    scheme: Parameters<RecordReferences['hasConcept']>[0],
    refs: RecordReferences,
    options: { acceptSingle?: boolean } = {},
  ): string[] {
    const items =
      options.acceptSingle && typeof value === 'string' ? [value] : this.list(field, value);
    const ids: string[] = [];
    items.forEach((item, i) => {
      const id =
        typeof item === 'number' ? String(item) : typeof item === 'string' ? item.trim() : null;
      if (id === null || id === '') {
        this.problem(`${field}[${i}]`, `must be a taxonomy id, got ${describe(item)}`);
      } else if (!refs.hasConcept(scheme, id)) {
        this.problem(`${field}[${i}]`, `unknown ${scheme.replace('-', ' ')} "${truncate(id)}"`);
      } else if (!ids.includes(id)) {
        ids.push(id);
      }
    });
    return ids;
  }

  sections(field: string, value: unknown): Sections {
    if (value === undefined || value === null) return {};
    if (typeof value !== 'object' || Array.isArray(value)) {
      this.problem(field, `must be an object with keys ${SECTION_KEYS.join(', ')}`);
      return {};
    }
    const sections: Sections = {};
    for (const [key, text] of Object.entries(value)) {
      if (!(SECTION_KEYS as readonly string[]).includes(key)) {
        this.problem(
          `${field}.${key}`,
          `unknown section (expected one of ${SECTION_KEYS.join(', ')})`,
        );
        continue;
      }
      const checked = this.text(`${field}.${key}`, text);
      if (checked !== null) sections[key as keyof Sections] = checked;
    }
    return sections;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${truncate(value)}"`;
  return `${typeof value} ${String(value)}`;
}

function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/**
 * A BCP-47 language tag in canonical form, or null.
 *
 *   canonicalLanguage('pt-br') // 'pt-BR'
 *   canonicalLanguage('xx-!!') // null
 */
export function canonicalLanguage(tag: string): string | null {
  try {
    const [canonical] = Intl.getCanonicalLocales(tag);
    return canonical ?? null;
  } catch {
    return null;
  }
}

/**
 * Checks one raw record of the interchange format and returns it normalised, or every problem
 * found (field path and reason), so that a whole file can be reported in one pass.
 */
export function checkPracticeRecord(raw: unknown, refs: RecordReferences): RecordCheck {
  const r = new Reader();
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return {
      ok: false,
      problems: [{ field: 'record', message: `must be an object, got ${describe(raw)}` }],
    };
  }
  const input = raw as Record<string, unknown>;
  for (const key of Object.keys(input)) {
    if (!(RECORD_FIELDS as readonly string[]).includes(key))
      r.warnings.push({ field: key, message: 'unknown field, ignored' });
  }

  const external_id = r.text('external_id', input.external_id, { max: 200 });
  const title = r.text('title', input.title, { required: true, max: MAX_SHORT });
  const summary = r.text('summary', input.summary, { required: true, max: 5000 });

  let language: string | null = null;
  const languageText = r.text('language', input.language, { required: true, max: 35 });
  if (languageText !== null) {
    language = canonicalLanguage(languageText);
    if (language === null)
      r.problem(
        'language',
        `must be a BCP-47 language tag such as en or pt-BR, got "${truncate(languageText)}"`,
      );
  }

  let country: string | null = null;
  const countryText = r.text('country', input.country, { required: true, max: 10 });
  if (countryText !== null) {
    const code = countryText.toUpperCase();
    if (!/^[A-Z]{2}$/.test(code) || !refs.hasCountry(code)) {
      r.problem(
        'country',
        `must be an ISO 3166-1 alpha-2 country code such as FR, got "${truncate(countryText)}"`,
      );
    } else {
      country = code;
    }
  }

  const themes = r.concepts('themes', input.themes, 'theme', refs);
  if (themes.length === 0 && !r.problems.some((p) => p.field.startsWith('themes'))) {
    r.problem('themes', 'at least one theme is required');
  }
  const target_groups = r.concepts('target_groups', input.target_groups, 'target-group', refs);
  const actor_type = r.concepts('actor_type', input.actor_type, 'actor-type', refs, {
    acceptSingle: true,
  });
  const gcm = r.concepts('gcm_objectives', input.gcm_objectives, 'gcm-objective', refs);
  const sdg_targets = r.concepts('sdg_targets', input.sdg_targets, 'sdg-target', refs);

  const organisations: PracticeRecord['organisations'] = [];
  r.list('organisations', input.organisations).forEach((item, i) => {
    const field = `organisations[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      r.problem(
        field,
        `must be an object with name, type, role and website, got ${describe(item)}`,
      );
      return;
    }
    const o = item as Record<string, unknown>;
    const name = r.text(`${field}.name`, o.name, { required: true, max: MAX_SHORT });
    let type: string | null = null;
    const typeText = r.text(`${field}.type`, o.type, { max: 100 });
    if (typeText !== null) {
      if (refs.hasConcept('actor-type', typeText)) type = typeText;
      else r.problem(`${field}.type`, `unknown actor type "${truncate(typeText)}"`);
    }
    const role = r.choice(`${field}.role`, o.role ?? 'partner', ORGANISATION_ROLES) ?? 'partner';
    const website = r.url(`${field}.website`, o.website);
    if (name !== null) organisations.push({ name, type, role, website });
  });

  const start_year = r.year('start_year', input.start_year);
  const end_year = r.year('end_year', input.end_year);
  if (start_year !== null && end_year !== null && end_year < start_year) {
    r.problem('end_year', `must not be before start_year (${start_year})`);
  }

  const sources: PracticeRecord['sources'] = [];
  r.list('sources', input.sources).forEach((item, i) => {
    const field = `sources[${i}]`;
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      r.problem(field, `must be an object with title and url, got ${describe(item)}`);
      return;
    }
    const s = item as Record<string, unknown>;
    const sourceTitle = r.text(`${field}.title`, s.title, { max: 500 });
    const url = r.url(`${field}.url`, s.url);
    if (url === null && s.url === undefined) r.problem(`${field}.url`, 'is required');
    if (url !== null) sources.push({ title: sourceTitle, url });
  });

  const translations: Record<string, PracticeTranslationInput> = {};
  if (
    input.translations !== undefined &&
    input.translations !== null &&
    input.translations !== ''
  ) {
    if (typeof input.translations !== 'object' || Array.isArray(input.translations)) {
      r.problem(
        'translations',
        'must be an object keyed by language tag, e.g. {"fr": {"title": …}}',
      );
    } else {
      for (const [tag, value] of Object.entries(input.translations)) {
        const field = `translations.${tag}`;
        const locale = canonicalLanguage(tag);
        if (locale === null) {
          r.problem(field, 'is not a BCP-47 language tag');
          continue;
        }
        if (locale === language) {
          r.problem(
            field,
            'repeats the original language; put that text in title, summary and sections',
          );
          continue;
        }
        if (typeof value !== 'object' || value === null || Array.isArray(value)) {
          r.problem(field, 'must be an object with title, summary and sections');
          continue;
        }
        const t = value as Record<string, unknown>;
        const translation: PracticeTranslationInput = {};
        const tTitle = r.text(`${field}.title`, t.title, { max: MAX_SHORT });
        const tSummary = r.text(`${field}.summary`, t.summary, { max: 5000 });
        const tSections = r.sections(`${field}.sections`, t.sections);
        const tStatus = r.choice(`${field}.status`, t.status, TRANSLATION_STATUSES);
        const tDate = translationDate(r, `${field}.translated_at`, t.translated_at);
        for (const key of Object.keys(t)) {
          if (!['title', 'summary', 'sections', 'status', 'translated_at'].includes(key))
            r.warnings.push({ field: `${field}.${key}`, message: 'unknown field, ignored' });
        }
        if (tTitle !== null) translation.title = tTitle;
        if (tSummary !== null) translation.summary = tSummary;
        if (Object.keys(tSections).length > 0) translation.sections = tSections;
        // A status or a date alone is no translation: they only describe a text.
        if (Object.keys(translation).length > 0) {
          if (tStatus !== null) translation.status = tStatus;
          if (tDate !== null) translation.translated_at = tDate;
          translations[locale] = translation;
        }
      }
    }
  }

  let illustrative = false;
  const flag = input.illustrative;
  if (flag === true || flag === 'true' || flag === 1 || flag === '1') illustrative = true;
  else if (
    !(
      flag === undefined ||
      flag === null ||
      flag === false ||
      flag === 'false' ||
      flag === 0 ||
      flag === '0' ||
      flag === ''
    )
  ) {
    r.problem('illustrative', `must be true or false, got ${describe(flag)}`);
  }

  const record = {
    external_id,
    title,
    language,
    summary,
    type: r.choice('type', input.type, PRACTICE_TYPES),
    country,
    city: r.text('city', input.city, { max: 200 }),
    level: r.choice('level', input.level, LEVELS),
    themes,
    target_groups,
    actor_type,
    organisations,
    status: r.choice('status', input.status, STATUSES),
    start_year,
    end_year,
    sections: r.sections('sections', input.sections),
    gcm_objectives: gcm.map(Number),
    sdg_targets,
    evidence_level:
      r.choice('evidence_level', input.evidence_level, EVIDENCE_LEVELS) ?? 'not-evaluated',
    source_url: r.url('source_url', input.source_url),
    sources,
    translations,
    illustrative,
  };

  if (
    r.problems.length > 0 ||
    record.title === null ||
    record.summary === null ||
    record.language === null ||
    record.country === null
  ) {
    return { ok: false, problems: r.problems };
  }
  return {
    ok: true,
    record: {
      ...record,
      title: record.title,
      summary: record.summary,
      language: record.language,
      country: record.country,
    },
    warnings: r.warnings,
  };
}

const ISO_DATE_TIME =
  /^\d{4}-\d{2}-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/** Whether the calendar day of an ISO date is one that exists (Date.parse rolls 02-30 over). */
function realDay(text: string): boolean {
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/**
 * The date a translation was written, as an ISO 8601 instant in UTC (what export writes), so a
 * file read back gives the same bytes; a date alone means its midnight UTC.
 */
function translationDate(r: Reader, field: string, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const time =
    typeof value === 'string' && ISO_DATE_TIME.test(value.trim()) && realDay(value.trim())
      ? Date.parse(value.trim())
      : NaN;
  if (Number.isNaN(time)) {
    r.problem(
      field,
      `must be an ISO 8601 date and time, e.g. 2026-03-01T12:00:00Z, got ${describe(value)}`,
    );
    return null;
  }
  return new Date(time).toISOString();
}
