import { Type } from 'typebox';
import { stringEnum } from '../../core/http/schemas.ts';
import { LOCALES } from '../../core/i18n/locales.ts';
import { DEFAULT_PER_PAGE, type ExpertFilters, MAX_PER_PAGE } from './people.service.ts';

const values = (description: string, example: string) =>
  Type.Optional(
    Type.Array(Type.String({ maxLength: 100 }), {
      maxItems: 50,
      description,
      examples: [[example]],
    }),
  );

/** The experts list's filters, shared by the page and the API. Repeat a filter for OR. */
export const ExpertsQuery = Type.Object({
  theme: values('A theme concept id (see /api/v1/taxonomy).', 'housing'),
  language: values('A BCP-47 language tag; "pt" also finds "pt-BR".', 'fr'),
  region: values('A UN M49 region code; a region also finds its sub-regions.', '150'),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  per_page: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PER_PAGE, default: DEFAULT_PER_PAGE }),
  ),
});

/** Drops empty values (a form may send theme=). */
export function expertFiltersFrom(query: Partial<ExpertFilters>): ExpertFilters {
  const clean = (list: string[] | undefined) =>
    (list ?? []).map((v) => v.trim()).filter((v) => v !== '');
  return {
    theme: clean(query.theme),
    language: clean(query.language),
    region: clean(query.region),
  };
}

export const LangQuery = Type.Object({
  lang: Type.Optional(stringEnum(LOCALES, { description: 'Language of the labels.' })),
});

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

export const PersonSummarySchema = Type.Object(
  {
    id: Type.Integer(),
    url: Type.String({ description: 'The public profile page.' }),
    name: Type.String(),
    headline: Type.String({ description: 'Role or line of work, in their own words.' }),
    organisation: nullable(
      Type.Object(
        { slug: Type.String(), name: Type.String(), url: Type.String() },
        { description: 'An organisation of the directory that counts the person as a member.' },
      ),
    ),
    unconfirmed_organisation: nullable(
      Type.String({
        description:
          'Any other organisation the person named, as they wrote it: not checked, not linked.',
      }),
    ),
    themes: Type.Array(Type.Object({ id: Type.String(), label: Type.String() }), {
      description: 'Expertise, as themes of the taxonomy.',
    }),
    languages: Type.Array(Type.String(), { description: 'BCP-47 tags.' }),
    regions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
      description: 'UN M49 regions the person knows.',
    }),
    updated_at: Type.String(),
  },
  {
    examples: [
      {
        id: 12,
        url: 'https://clearinghouse.example/people/12',
        name: 'Amina Haddad',
        headline: 'Integration policy adviser, City of Lisbon',
        organisation: null,
        unconfirmed_organisation: null,
        themes: [{ id: 'housing', label: 'Housing' }],
        languages: ['ar', 'pt'],
        regions: [{ code: '039', name: 'Southern Europe' }],
        updated_at: '2026-12-04T10:00:00.000Z',
      },
    ],
  },
);

export const ExpertListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(PersonSummarySchema),
});

export const PersonDetailSchema = Type.Object({
  ...PersonSummarySchema.properties,
  bio: Type.String({ description: 'Plain text.' }),
  contact_url: Type.String({ description: 'Where to write to them; their address stays private.' }),
  practices: Type.Array(
    Type.Object({
      id: Type.Integer(),
      slug: Type.String(),
      title: Type.String(),
      url: Type.String(),
    }),
    { description: 'Published practices they proposed, newest first.' },
  ),
  practice_count: Type.Integer(),
  created_at: Type.String(),
});
