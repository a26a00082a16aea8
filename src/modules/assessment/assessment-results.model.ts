import { Type } from 'typebox';

/** What the API and the downloads show of a published self-assessment. */

const nullableString = Type.Union([Type.String(), Type.Null()]);
const nullableNumber = Type.Union([Type.Number(), Type.Null()]);

export const AssessmentSummarySchema = Type.Object({
  id: Type.Integer(),
  url: Type.String({ description: 'The result page.' }),
  city: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    country: Type.String({ description: 'ISO 3166-1 alpha-2 code.' }),
    url: Type.String(),
  }),
  year: Type.Integer(),
  framework_version: Type.String({
    description: 'The version of the framework whose questions and weights made the scores.',
  }),
  illustrative: Type.Boolean({
    description: 'An example made for the demonstration, not a city’s own assessment.',
  }),
  published_at: Type.String(),
  scores: Type.Record(Type.String(), nullableNumber, {
    description: 'Area id → score from 0 to 100; null when nothing in the area could be scored.',
  }),
});

export const AssessmentAnswerSchema = Type.Object({
  question_id: Type.String(),
  choice: Type.Union([Type.String(), Type.Null()], {
    description:
      'Policy: yes, partly, no or not_competent; outcome: improved, unchanged, worsened or unknown; null for a fact.',
  }),
  value: nullableNumber,
  value_year: Type.Union([Type.Integer(), Type.Null()]),
  source: nullableString,
  evidence_url: nullableString,
  note: nullableString,
});

export const AssessmentDetailSchema = Type.Object({
  ...AssessmentSummarySchema.properties,
  answers: Type.Array(AssessmentAnswerSchema),
});

export const AssessmentListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(AssessmentSummarySchema),
});
