import { describe, expect, it } from 'vitest';
import {
  canonicalLanguage,
  checkPracticeRecord,
  type RecordReferences,
} from './practice-record.validator.ts';

const refs: RecordReferences = {
  hasConcept: (scheme, id) =>
    ({
      theme: ['housing', 'employment'],
      'target-group': ['refugees'],
      'actor-type': ['municipality', 'ngo'],
      'gcm-objective': ['15', '16'],
      'sdg-target': ['10.7'],
    })[scheme].includes(id),
  hasCountry: (code) => ['FR', 'CA', 'JO'].includes(code),
};

const minimal = {
  title: 'Welcome desk',
  language: 'fr',
  summary: 'A one-stop desk.',
  country: 'FR',
  themes: ['housing'],
};

function problems(raw: unknown) {
  const check = checkPracticeRecord(raw, refs);
  if (check.ok) throw new Error('expected the record to be refused');
  return check.problems.map((p) => `${p.field}: ${p.message}`);
}

describe('checkPracticeRecord', () => {
  it('reads the status and date of each translation, as an instant in UTC', () => {
    const check = checkPracticeRecord(
      {
        ...minimal,
        translations: {
          en: {
            title: 'Welcome desk',
            status: 'machine_translation_reviewed',
            translated_at: '2026-03-01T10:30:00+01:00',
          },
          es: { title: 'Ventanilla', translated_at: '2026-04-02' },
        },
      },
      refs,
    );
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.warnings).toEqual([]);
    expect(check.record.translations).toEqual({
      en: {
        title: 'Welcome desk',
        status: 'machine_translation_reviewed',
        translated_at: '2026-03-01T09:30:00.000Z',
      },
      es: { title: 'Ventanilla', translated_at: '2026-04-02T00:00:00.000Z' },
    });
  });

  it('refuses an unknown translation status or a date that is not ISO 8601, naming the field', () => {
    expect(
      problems({
        ...minimal,
        translations: {
          en: { title: 'A', status: 'original' },
          es: { title: 'B', translated_at: 'yesterday' },
          de: { title: 'C', translated_at: '2026-02-30T10:00:00Z' },
        },
      }),
    ).toEqual([
      'translations.en.status: must be one of translation, machine_translation_reviewed, got "original"',
      'translations.es.translated_at: must be an ISO 8601 date and time, e.g. 2026-03-01T12:00:00Z, got "yesterday"',
      'translations.de.translated_at: must be an ISO 8601 date and time, e.g. 2026-03-01T12:00:00Z, got "2026-02-30T10:00:00Z"',
    ]);
  });

  it('accepts a minimal record and fills the defaults', () => {
    const check = checkPracticeRecord(minimal, refs);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.record).toMatchObject({
      external_id: null,
      title: 'Welcome desk',
      language: 'fr',
      country: 'FR',
      themes: ['housing'],
      evidence_level: 'not-evaluated',
      illustrative: false,
      organisations: [],
      translations: {},
    });
  });

  it('normalises case, numbers as text and single values', () => {
    const check = checkPracticeRecord(
      {
        ...minimal,
        country: 'ca',
        language: 'pt-br',
        gcm_objectives: ['16', 15],
        actor_type: 'ngo',
        start_year: '2015',
        illustrative: 'true',
      },
      refs,
    );
    expect(check.ok && check.record).toMatchObject({
      country: 'CA',
      language: 'pt-BR',
      gcm_objectives: [16, 15],
      actor_type: ['ngo'],
      start_year: 2015,
      illustrative: true,
    });
  });

  it('names every missing required field', () => {
    expect(problems({})).toEqual([
      'title: is required',
      'summary: is required',
      'language: is required',
      'country: is required',
      'themes: at least one theme is required',
    ]);
  });

  it('refuses unknown taxonomy ids, countries and enums with the value', () => {
    expect(
      problems({
        ...minimal,
        country: 'XX',
        themes: ['housing', 'flying'],
        target_groups: ['martians'],
        type: 'law',
        evidence_level: 'proven',
        gcm_objectives: [24],
        sdg_targets: ['99.9'],
      }),
    ).toEqual([
      'country: must be an ISO 3166-1 alpha-2 country code such as FR, got "XX"',
      'themes[1]: unknown theme "flying"',
      'target_groups[0]: unknown target group "martians"',
      'gcm_objectives[0]: unknown gcm objective "24"',
      'sdg_targets[0]: unknown sdg target "99.9"',
      'type: must be one of policy, programme, service, campaign, partnership, tool, got "law"',
      'evidence_level: must be one of effective, promising, emerging, not-evaluated, got "proven"',
    ]);
  });

  it('checks years, URLs, organisations, sources, sections and translations', () => {
    expect(
      problems({
        ...minimal,
        start_year: 2020,
        end_year: 2019,
        source_url: 'javascript:alert(1)',
        organisations: [{ type: 'ngo', role: 'boss' }, 'Ville de Paris'],
        sources: [{ title: 'x' }],
        sections: { context: 'ok', history: 'no' },
        translations: { fr: { title: 'Guichet' }, 'not a tag!': {} },
      }),
    ).toEqual([
      'organisations[0].name: is required',
      'organisations[0].role: must be one of lead, partner, funder, got "boss"',
      'organisations[1]: must be an object with name, type, role and website, got "Ville de Paris"',
      'end_year: must not be before start_year (2020)',
      'sources[0].url: is required',
      'translations.fr: repeats the original language; put that text in title, summary and sections',
      'translations.not a tag!: is not a BCP-47 language tag',
      'sections.history: unknown section (expected one of context, objectives, activities, results, evaluation, lessons, transferability, budget)',
      'source_url: must be an http:// or https:// address, got "javascript:alert(1)"',
    ]);
  });

  it('refuses control characters and overlong text', () => {
    expect(problems({ ...minimal, title: 'a\u0000b' })).toEqual([
      'title: contains control characters',
    ]);
    expect(problems({ ...minimal, title: 'x'.repeat(301) })).toEqual([
      'title: is too long (301 characters, at most 300)',
    ]);
  });

  it('refuses what is not an object', () => {
    expect(problems([1, 2])).toEqual(['record: must be an object, got a list']);
    expect(problems('text')).toEqual(['record: must be an object, got "text"']);
  });

  it('warns about unknown fields without refusing the record', () => {
    const check = checkPracticeRecord({ ...minimal, titel: 'typo' }, refs);
    expect(check.ok && check.warnings).toEqual([
      { field: 'titel', message: 'unknown field, ignored' },
    ]);
  });
});

describe('canonicalLanguage', () => {
  it('canonicalises BCP-47 tags and rejects garbage', () => {
    expect(canonicalLanguage('EN')).toBe('en');
    expect(canonicalLanguage('zh-hans-cn')).toBe('zh-Hans-CN');
    expect(canonicalLanguage('12')).toBeNull();
  });
});
