import { describe, expect, it } from 'vitest';
import { checkPracticeRecord } from '../practices/practice-record.validator.ts';
import {
  canMove,
  checkDraft,
  type DraftReferences,
  fromRecord,
  mergeStep,
  STEPS,
  SUBMISSION_STATES,
  type SubmissionData,
  stepOfField,
  toRawRecord,
} from './submission.model.ts';

const refs: DraftReferences = {
  hasConcept: (scheme, id) =>
    ({
      theme: ['housing', 'employment'],
      'target-group': ['refugees'],
      'actor-type': ['local-government', 'ngo'],
      'gcm-objective': ['16'],
      'sdg-target': ['10.7'],
    })[scheme].includes(id),
  hasCountry: (code) => ['FR', 'KE'].includes(code),
};

function completeDraft(): SubmissionData {
  let data: SubmissionData = {};
  data = mergeStep(data, 'basics', {
    title: ' Welcome desks in every district ',
    summary: 'One desk per district answers newcomers in twelve languages.',
    language: 'fr',
    type: 'service',
    level: 'local',
    status: 'ongoing',
    start_year: '2019',
    end_year: '',
  });
  data = mergeStep(data, 'place', { country: 'fr', city: 'Lyon' });
  data = mergeStep(data, 'description', {
    context: 'Context.',
    objectives: 'Objectives.',
    activities: 'Activities.',
    results: 'Results.\r\n\r\nMore results.',
  });
  data = mergeStep(data, 'partners', {
    org_name_0: 'Ville de Lyon',
    org_role_0: 'lead',
    org_type_0: 'local-government',
    org_website_0: 'https://www.lyon.fr',
    contact_name: 'Claire Martin',
    contact_email: 'Claire@Lyon.example.org',
  });
  data = mergeStep(data, 'taxonomy', { themes: ['housing', 'housing'], target_groups: 'refugees' });
  data = mergeStep(data, 'sources', {
    source_title_0: 'Report',
    source_url_0: 'https://lyon.fr/r',
  });
  data = mergeStep(data, 'checklist', {
    check_relates: 'yes',
    check_implemented: 'yes',
    check_results: 'yes',
    check_contact: 'yes',
    check_consent: 'yes',
  });
  return data;
}

describe('submission states', () => {
  it('allows only the moves of the review process, each by its own party', () => {
    expect(canMove('draft', 'submitted', 'author')).toBe(true);
    expect(canMove('draft', 'submitted', 'editor')).toBe(false);
    expect(canMove('draft', 'published', 'editor')).toBe(false);
    expect(canMove('in_review', 'published', 'editor')).toBe(true);
    expect(canMove('changes_requested', 'resubmitted', 'author')).toBe(true);
    expect(canMove('resubmitted', 'changes_requested', 'editor')).toBe(true);
    expect(canMove('published', 'archived', 'editor')).toBe(true);
    expect(canMove('published', 'draft', 'author')).toBe(false);
    for (const end of ['rejected', 'withdrawn', 'archived'] as const)
      for (const to of SUBMISSION_STATES) {
        expect(canMove(end, to, 'author')).toBe(false);
        expect(canMove(end, to, 'editor')).toBe(false);
      }
  });
});

describe('drafts', () => {
  it('keeps what was typed, trimmed, and only the fields of the step', () => {
    const data = mergeStep({ title: 'Kept' }, 'basics', { start_year: '20l8', summary: ' s ' });
    expect(data.start_year).toBe('20l8');
    expect(data.summary).toBe('s');
    expect(data.title).toBe('');
    const place = mergeStep(data, 'place', { country: 'ke', city: 'Nairobi' });
    expect(place).toMatchObject({ start_year: '20l8', country: 'KE', city: 'Nairobi' });
  });

  it('reports only what is wrong while saving, and everything missing at submission', () => {
    const partial = mergeStep({}, 'basics', { title: 'T', start_year: '20l8' });
    expect(checkDraft(partial, refs, { complete: false }).map((p) => p.field)).toEqual([
      'start_year',
    ]);
    const missing = checkDraft(partial, refs, { complete: true }).map((p) => p.field);
    expect(missing).toEqual(
      expect.arrayContaining([
        'summary',
        'language',
        'country',
        'context',
        'org_name_0',
        'contact_email',
        'themes',
        'check_consent',
      ]),
    );
    for (const p of checkDraft(partial, refs, { complete: true })) expect(p.key).toBeTruthy();
  });

  it('refuses unknown choices, bad years, addresses and links', () => {
    const data: SubmissionData = {
      ...completeDraft(),
      type: 'miracle',
      start_year: '2020',
      end_year: '2019',
      themes: ['housing', 'astrology'],
      contact_email: 'not an address',
      sources: [{ title: 'x', url: 'javascript:alert(1)' }],
    };
    expect(
      checkDraft(data, refs, { complete: true })
        .map((p) => p.field)
        .sort(),
    ).toEqual(['contact_email', 'end_year', 'source_url_0', 'themes', 'type'].sort());
  });

  it('maps every field to the step that holds it', () => {
    expect(stepOfField('org_website_3')).toBe('partners');
    expect(stepOfField('contact_email')).toBe('partners');
    expect(stepOfField('source_url_0')).toBe('sources');
    expect(stepOfField('source_url')).toBe('sources');
    expect(stepOfField('results')).toBe('description');
    expect(stepOfField('check_consent')).toBe('checklist');
    expect(stepOfField('end_year')).toBe('basics');
    expect(STEPS).toHaveLength(7);
  });

  it('becomes a valid interchange record when complete, and comes back from one', () => {
    const data = completeDraft();
    expect(checkDraft(data, refs, { complete: true })).toEqual([]);
    const raw = toRawRecord(data, { externalId: 'submission-1', evidenceLevel: 'promising' });
    const check = checkPracticeRecord(raw, refs);
    expect(check.ok).toBe(true);
    if (!check.ok) return;
    expect(check.record).toMatchObject({
      external_id: 'submission-1',
      country: 'FR',
      start_year: 2019,
      themes: ['housing'],
      evidence_level: 'promising',
    });
    expect(check.record.sections.results).toBe('Results.\n\nMore results.');
    const again = fromRecord(check.record);
    expect(toRawRecord(again, { externalId: 'x', evidenceLevel: 'promising' })).toEqual({
      ...raw,
    });
  });
});
