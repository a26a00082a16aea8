import type { FieldProblem } from '../../core/errors.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import {
  normaliseText,
  problem,
  readList,
  readText,
  readWebAddress,
  readYear,
} from '../../core/validation.ts';
import {
  EVIDENCE_LEVELS,
  type EvidenceLevel,
  LEVELS,
  ORGANISATION_ROLES,
  PRACTICE_TYPES,
  type PracticeRecord,
  type PracticeTranslationInput,
  SECTION_KEYS,
  type SectionKey,
  STATUSES,
} from '../practices/index.ts';

// ───────────────────────────── States ─────────────────────────────

export const SUBMISSION_STATES = [
  'draft',
  'submitted',
  'in_review',
  'changes_requested',
  'resubmitted',
  'published',
  'rejected',
  'withdrawn',
  'archived',
] as const;
export type SubmissionState = (typeof SUBMISSION_STATES)[number];

/** Who moves a submission from one state to another. */
export type Mover = 'author' | 'editor';

/**
 * Every legal move. Anything else is refused: a published submission is never edited (a new
 * version is a new submission), a rejected or withdrawn one never comes back.
 */
const TRANSITIONS: Record<SubmissionState, Partial<Record<SubmissionState, Mover>>> = {
  draft: { submitted: 'author', withdrawn: 'author' },
  submitted: {
    in_review: 'editor',
    changes_requested: 'editor',
    published: 'editor',
    rejected: 'editor',
    withdrawn: 'author',
  },
  in_review: {
    changes_requested: 'editor',
    published: 'editor',
    rejected: 'editor',
    withdrawn: 'author',
  },
  changes_requested: { resubmitted: 'author', withdrawn: 'author' },
  resubmitted: {
    in_review: 'editor',
    changes_requested: 'editor',
    published: 'editor',
    rejected: 'editor',
    withdrawn: 'author',
  },
  published: { archived: 'editor' },
  rejected: {},
  withdrawn: {},
  archived: {},
};

export function canMove(from: SubmissionState, to: SubmissionState, mover: Mover): boolean {
  return TRANSITIONS[from]?.[to] === mover;
}

export function isSubmissionState(value: unknown): value is SubmissionState {
  return typeof value === 'string' && (SUBMISSION_STATES as readonly string[]).includes(value);
}

/** States in which the author may change the text. */
export const EDITABLE_STATES: readonly SubmissionState[] = ['draft', 'changes_requested'];
/** States waiting for an editor. */
export const OPEN_STATES: readonly SubmissionState[] = ['submitted', 'in_review', 'resubmitted'];
export const DECISIONS = ['changes_requested', 'published', 'rejected'] as const;
export type Decision = (typeof DECISIONS)[number];

// ───────────────────────────── The draft ─────────────────────────────

export const CHECKLIST = ['relates', 'implemented', 'results', 'contact', 'consent'] as const;
export type ChecklistItem = (typeof CHECKLIST)[number];

export const MAX_ORGANISATIONS = 12;
export const MAX_SOURCES = 12;

/**
 * A submission as typed, kept even where it is not yet valid (a year written "20l8" stays so the
 * author can correct it). Lists of concepts are ids; everything else is text.
 */
export interface SubmissionData {
  external_id?: string;
  title?: string;
  summary?: string;
  language?: string;
  type?: string;
  level?: string;
  status?: string;
  start_year?: string;
  end_year?: string;
  country?: string;
  city?: string;
  sections?: Partial<Record<SectionKey, string>>;
  organisations?: { name: string; type: string; role: string; website: string }[];
  contact_name?: string;
  contact_email?: string;
  themes?: string[];
  target_groups?: string[];
  actor_type?: string[];
  gcm_objectives?: string[];
  sdg_targets?: string[];
  source_url?: string;
  sources?: { title: string; url: string }[];
  checklist?: Partial<Record<ChecklistItem, boolean>>;
  /** Other language versions of a published practice, carried through a new version unchanged. */
  translations?: Record<string, PracticeTranslationInput>;
}

export const STEPS = [
  'basics',
  'place',
  'description',
  'partners',
  'taxonomy',
  'sources',
  'checklist',
] as const;
export type Step = (typeof STEPS)[number];

export function isStep(value: unknown): value is Step {
  return typeof value === 'string' && (STEPS as readonly string[]).includes(value);
}

/** The form fields of each step, in order; problems link to the step that holds the field. */
export const STEP_FIELDS: Record<Step, readonly string[]> = {
  basics: ['title', 'summary', 'language', 'type', 'level', 'status', 'start_year', 'end_year'],
  place: ['country', 'city'],
  description: SECTION_KEYS,
  partners: ['organisations', 'contact_name', 'contact_email'],
  taxonomy: ['themes', 'target_groups', 'actor_type', 'gcm_objectives', 'sdg_targets'],
  sources: ['source_url', 'sources'],
  checklist: CHECKLIST.map((item) => `check_${item}`),
};

export function stepOfField(field: string): Step {
  if (/^(org|contact)_/.test(field)) return 'partners';
  if (/^source_(title|url)_\d+$/.test(field)) return 'sources';
  for (const step of STEPS) if (STEP_FIELDS[step].includes(field)) return step;
  return 'basics';
}

/** Sections a submission cannot go without; the others are welcome. */
export const REQUIRED_SECTIONS: readonly SectionKey[] = [
  'context',
  'objectives',
  'activities',
  'results',
];

const MAX_SHORT = 300;
export const MAX_SUMMARY = 2000;
export const MAX_SECTION = 20_000;
/** The most characters of a reviewer's message to the author or to the editor. */
export const REVIEW_MESSAGE_MAX = 10_000;
const EMAIL = /^[^\s@<>()[\]\\,;:"]+@[^\s@<>()[\]\\,;:"]+\.[^\s@<>()[\]\\,;:"]+$/;

type Form = Record<string, unknown>;

function field(form: Form, name: string): string {
  const value = form[name];
  const text = Array.isArray(value) ? value[0] : value;
  return typeof text === 'string' ? normaliseText(text) : '';
}

function many(form: Form, name: string): string[] {
  return [...new Set(readList(form[name]))];
}

/**
 * The fields of one step read from a form into the draft, keeping what was typed. Fields of
 * other steps are left as they were.
 */
export function mergeStep(data: SubmissionData, step: Step, form: Form): SubmissionData {
  const next: SubmissionData = structuredClone(data);
  switch (step) {
    case 'basics':
      for (const name of [
        'title',
        'summary',
        'language',
        'type',
        'level',
        'status',
        'start_year',
        'end_year',
      ] as const)
        next[name] = field(form, name);
      break;
    case 'place':
      next.country = field(form, 'country').toUpperCase();
      next.city = field(form, 'city');
      break;
    case 'description':
      next.sections = Object.fromEntries(SECTION_KEYS.map((key) => [key, field(form, key)]));
      break;
    case 'partners': {
      const organisations: NonNullable<SubmissionData['organisations']> = [];
      for (let i = 0; i < MAX_ORGANISATIONS; i++) {
        const row = {
          name: field(form, `org_name_${i}`),
          type: field(form, `org_type_${i}`),
          role: field(form, `org_role_${i}`),
          website: field(form, `org_website_${i}`),
        };
        if (row.name || row.website) organisations.push(row);
      }
      next.organisations = organisations;
      next.contact_name = field(form, 'contact_name');
      next.contact_email = field(form, 'contact_email').toLowerCase();
      break;
    }
    case 'taxonomy':
      next.themes = many(form, 'themes');
      next.target_groups = many(form, 'target_groups');
      next.actor_type = many(form, 'actor_type');
      next.gcm_objectives = many(form, 'gcm_objectives');
      next.sdg_targets = many(form, 'sdg_targets');
      break;
    case 'sources': {
      next.source_url = field(form, 'source_url');
      const sources: NonNullable<SubmissionData['sources']> = [];
      for (let i = 0; i < MAX_SOURCES; i++) {
        const row = {
          title: field(form, `source_title_${i}`),
          url: field(form, `source_url_${i}`),
        };
        if (row.title || row.url) sources.push(row);
      }
      next.sources = sources;
      break;
    }
    case 'checklist':
      next.checklist = Object.fromEntries(
        CHECKLIST.map((item) => [item, field(form, `check_${item}`) === 'yes']),
      );
      break;
  }
  return next;
}

/** What the checks need to know about the database. */
export interface DraftReferences {
  hasConcept(
    scheme: 'theme' | 'target-group' | 'actor-type' | 'gcm-objective' | 'sdg-target',
    id: string,
  ): boolean;
  hasCountry(code: string): boolean;
}

class Checker {
  readonly problems: FieldProblem[] = [];
  constructor(private readonly complete: boolean) {}

  add(p: FieldProblem) {
    if (!this.problems.some((q) => q.field === p.field)) this.problems.push(p);
  }

  /** Runs one of core's readers and keeps the first problem of each field. */
  private read<T>(reader: (problems: FieldProblem[]) => T): T {
    const problems: FieldProblem[] = [];
    const value = reader(problems);
    for (const p of problems) this.add(p);
    return value;
  }

  text(name: string, value: string | undefined, max: number, required: boolean) {
    this.read((p) => readText(p, name, value, { max, required: required && this.complete }));
  }

  choice(name: string, value: string | undefined, allowed: readonly string[], required: boolean) {
    if (!value) {
      if (required && this.complete) this.add(problem(name, 'is required', 'form.error.required'));
      return;
    }
    if (!allowed.includes(value))
      this.add(problem(name, 'is not one of the choices', 'form.error.choice'));
  }

  year(name: string, value: string | undefined, required: boolean): number | undefined {
    const rule = { min: 1900, max: new Date().getUTCFullYear() + 5 };
    return (
      this.read((p) =>
        readYear(p, name, value, { ...rule, required: required && this.complete }),
      ) ?? undefined
    );
  }

  url(name: string, value: string | undefined) {
    const address = this.read((p) => readWebAddress(p, name, value));
    // A practice's pages are on the public web: an address without a domain (a local host name)
    // would not open for a reader.
    if (address !== null && !new URL(address).hostname.includes('.'))
      this.add(
        problem(name, 'must be a web address starting with http:// or https://', 'form.error.url'),
      );
  }
}

/**
 * Checks a draft. `complete: false` (saving a step) reports only what is wrong in what was
 * typed; `complete: true` (submitting) also reports everything missing. Problems name the form
 * fields, so each can link to its field.
 */
export function checkDraft(
  data: SubmissionData,
  refs: DraftReferences,
  options: { complete: boolean; steps?: readonly Step[] },
): FieldProblem[] {
  const c = new Checker(options.complete);
  const steps = options.steps ?? STEPS;
  if (steps.includes('basics')) {
    c.text('title', data.title, MAX_SHORT, true);
    c.text('summary', data.summary, MAX_SUMMARY, true);
    c.choice('language', data.language, LOCALES, true);
    c.choice('type', data.type, PRACTICE_TYPES, true);
    c.choice('level', data.level, LEVELS, false);
    c.choice('status', data.status, STATUSES, true);
    const start = c.year('start_year', data.start_year, true);
    const end = c.year('end_year', data.end_year, false);
    if (start !== undefined && end !== undefined && end < start)
      c.add(problem('end_year', 'cannot be before the start', 'form.error.endBeforeStart'));
  }
  if (steps.includes('place')) {
    if (data.country) {
      if (!refs.hasCountry(data.country))
        c.add(problem('country', 'is not a known country', 'form.error.country'));
    } else if (options.complete) {
      c.add(problem('country', 'is required', 'form.error.required'));
    }
    c.text('city', data.city, 200, false);
  }
  if (steps.includes('description')) {
    for (const key of SECTION_KEYS)
      c.text(key, data.sections?.[key], MAX_SECTION, REQUIRED_SECTIONS.includes(key));
  }
  if (steps.includes('partners')) {
    const organisations = data.organisations ?? [];
    organisations.forEach((o, i) => {
      if (!o.name) c.add(problem(`org_name_${i}`, 'is required', 'form.error.required'));
      c.text(`org_name_${i}`, o.name, 200, false);
      c.choice(`org_role_${i}`, o.role, ORGANISATION_ROLES, true);
      if (o.type && !refs.hasConcept('actor-type', o.type))
        c.add(problem(`org_type_${i}`, 'is not one of the choices', 'form.error.choice'));
      c.url(`org_website_${i}`, o.website);
    });
    // One organisation leads; the others are partners, funders or other roles.
    organisations.forEach((o, i) => {
      if (o.role === 'lead' && organisations.findIndex((other) => other.role === 'lead') < i)
        c.add(problem(`org_role_${i}`, 'only one organisation can lead', 'form.error.oneLead'));
    });
    if (options.complete && !organisations.some((o) => o.role === 'lead'))
      c.add(
        problem('org_name_0', 'name the organisation that leads it', 'form.error.leadRequired'),
      );
    c.text('contact_name', data.contact_name, 200, true);
    if (data.contact_email) {
      if (!EMAIL.test(data.contact_email) || data.contact_email.length > 254)
        c.add(problem('contact_email', 'is not an email address', 'form.error.email'));
    } else if (options.complete) {
      c.add(problem('contact_email', 'is required', 'form.error.required'));
    }
  }
  if (steps.includes('taxonomy')) {
    const schemes = [
      ['themes', 'theme'],
      ['target_groups', 'target-group'],
      ['actor_type', 'actor-type'],
      ['gcm_objectives', 'gcm-objective'],
      ['sdg_targets', 'sdg-target'],
    ] as const;
    for (const [name, scheme] of schemes) {
      if ((data[name] ?? []).some((id) => !refs.hasConcept(scheme, id)))
        c.add(problem(name, 'is not one of the choices', 'form.error.choice'));
    }
    if (options.complete && (data.themes ?? []).length === 0)
      c.add(problem('themes', 'choose at least one theme', 'form.error.themeRequired'));
  }
  if (steps.includes('sources')) {
    c.url('source_url', data.source_url);
    (data.sources ?? []).forEach((s, i) => {
      if (!s.url) c.add(problem(`source_url_${i}`, 'is required', 'form.error.required'));
      c.url(`source_url_${i}`, s.url);
      c.text(`source_title_${i}`, s.title, MAX_SHORT, false);
    });
  }
  if (steps.includes('checklist') && options.complete) {
    for (const item of CHECKLIST)
      if (!data.checklist?.[item])
        c.add(problem(`check_${item}`, 'must be confirmed', 'form.error.confirm'));
  }
  return c.problems;
}

/** The draft as an interchange record, for the validator, the preview and publication. */
export function toRawRecord(
  data: SubmissionData,
  options: { externalId: string; evidenceLevel: EvidenceLevel },
): Record<string, unknown> {
  const sections = Object.fromEntries(
    Object.entries(data.sections ?? {}).filter(([, text]) => text),
  );
  const year = (text: string | undefined) => (text && /^\d{4}$/.test(text) ? Number(text) : null);
  return {
    external_id: data.external_id || options.externalId,
    title: data.title ?? '',
    language: data.language ?? '',
    summary: data.summary ?? '',
    type: data.type || null,
    country: data.country ?? '',
    city: data.city || null,
    level: data.level || null,
    themes: data.themes ?? [],
    target_groups: data.target_groups ?? [],
    actor_type: data.actor_type ?? [],
    organisations: (data.organisations ?? []).map((o) => ({
      name: o.name,
      type: o.type || null,
      role: o.role || 'partner',
      website: o.website || null,
    })),
    status: data.status || null,
    start_year: year(data.start_year),
    end_year: year(data.end_year),
    sections,
    gcm_objectives: (data.gcm_objectives ?? []).map(Number),
    sdg_targets: data.sdg_targets ?? [],
    evidence_level: options.evidenceLevel,
    source_url: data.source_url || null,
    sources: (data.sources ?? []).map((s) => ({ title: s.title || null, url: s.url })),
    translations: data.translations ?? {},
    illustrative: false,
  };
}

/** A published practice as a draft, to start its next version. */
export function fromRecord(record: PracticeRecord): SubmissionData {
  return {
    external_id: record.external_id ?? undefined,
    title: record.title,
    summary: record.summary,
    language: record.language,
    type: record.type ?? '',
    level: record.level ?? '',
    status: record.status ?? '',
    start_year: record.start_year === null ? '' : String(record.start_year),
    end_year: record.end_year === null ? '' : String(record.end_year),
    country: record.country,
    city: record.city ?? '',
    sections: { ...record.sections },
    organisations: record.organisations.map((o) => ({
      name: o.name,
      type: o.type ?? '',
      role: o.role,
      website: o.website ?? '',
    })),
    themes: [...record.themes],
    target_groups: [...record.target_groups],
    actor_type: [...record.actor_type],
    gcm_objectives: record.gcm_objectives.map(String),
    sdg_targets: [...record.sdg_targets],
    source_url: record.source_url ?? '',
    sources: record.sources.map((s) => ({ title: s.title ?? '', url: s.url })),
    translations: record.translations,
  };
}

export function isEvidenceLevel(value: unknown): value is EvidenceLevel {
  return typeof value === 'string' && (EVIDENCE_LEVELS as readonly string[]).includes(value);
}

// ───────────────────────────── Reviews ─────────────────────────────

export const SCORES = [
  'relevance',
  'results',
  'evidence',
  'transferability',
  'sustainability',
  'rights',
] as const;
export type Score = (typeof SCORES)[number];

export const RECOMMENDATIONS = ['publish', 'minor_changes', 'major_changes', 'reject'] as const;
export type Recommendation = (typeof RECOMMENDATIONS)[number];

export const ASSIGNMENT_STATES = [
  'invited',
  'accepted',
  'conflict',
  'completed',
  'withdrawn',
] as const;
export type AssignmentState = (typeof ASSIGNMENT_STATES)[number];

export const MIN_REVIEWERS = 2;
