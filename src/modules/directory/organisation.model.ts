import { Type } from 'typebox';
import { LOCALES } from '../../core/i18n/locales.ts';

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** The filters of the directory, shared by the page and the API. */
export const OrganisationListQuery = Type.Object({
  type: Type.Optional(
    Type.String({ maxLength: 100, description: 'An actor-type concept id.', examples: ['ngo'] }),
  ),
  country: Type.Optional(
    Type.String({ maxLength: 10, description: 'ISO 3166-1 alpha-2 code.', examples: ['CA'] }),
  ),
  verified: Type.Optional(
    Type.Boolean({ description: 'Only organisations an editor has verified (or not).' }),
  ),
  q: Type.Optional(
    Type.String({ maxLength: 200, description: 'Part of the name.', examples: ['migration'] }),
  ),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
  lang: Type.Optional(
    Type.Unsafe<string>({ type: 'string', enum: [...LOCALES], description: 'Language of labels.' }),
  ),
});

export const OrganisationSummarySchema = Type.Object({
  id: Type.Integer(),
  slug: Type.String(),
  url: Type.String(),
  name: Type.String(),
  type: nullable(Type.String({ description: 'An actor-type concept id.' })),
  type_label: nullable(Type.String()),
  country: nullable(Type.String({ description: 'Null for an international organisation.' })),
  country_name: nullable(Type.String()),
  city: nullable(Type.String()),
  website: nullable(Type.String()),
  verified: Type.Boolean({ description: 'An editor checked that it is who it says it is.' }),
  practice_count: Type.Integer(),
});

export const OrganisationListSchema = Type.Object({
  total: Type.Integer(),
  page: Type.Integer(),
  per_page: Type.Integer(),
  results: Type.Array(OrganisationSummarySchema),
});

const descriptionsProperties = Object.fromEntries(
  LOCALES.map((l) => [l, Type.Optional(Type.String({ maxLength: 5000 }))]),
) as Record<
  (typeof LOCALES)[number],
  ReturnType<typeof Type.Optional<ReturnType<typeof Type.String>>>
>;

export const OrganisationDetailSchema = Type.Object({
  ...OrganisationSummarySchema.properties,
  description: nullable(Type.String({ description: 'In the language asked for when written.' })),
  description_language: nullable(Type.String()),
  descriptions: Type.Object(descriptionsProperties, {
    description: 'Every language the description is written in.',
  }),
  verified_at: nullable(Type.String()),
  members: Type.Array(Type.Object({ name: Type.String(), role: Type.String() }), {
    description: 'Only the members who chose to be named.',
  }),
  created_at: Type.String(),
  updated_at: Type.String(),
});

const inputProperties = {
  name: Type.String({ maxLength: 1000, examples: ['Ville de Montréal'] }),
  type: Type.String({ maxLength: 100, examples: ['municipality'] }),
  country: nullable(Type.String({ maxLength: 10, examples: ['CA'] })),
  city: nullable(Type.String({ maxLength: 1000, examples: ['Montréal'] })),
  website: nullable(
    Type.String({
      maxLength: 2000,
      description: 'http or https.',
      examples: ['https://montreal.ca'],
    }),
  ),
  descriptions: Type.Object(
    Object.fromEntries(LOCALES.map((l) => [l, Type.Optional(Type.String({ maxLength: 20_000 }))])),
    {
      description: 'The description by language code; an empty text removes that language.',
      examples: [{ en: 'The city of Montréal, Québec.' }],
    },
  ),
};

/** A change kept for an editor's approval, with the profile as it still stands. */
export const OrganisationChangeHeldSchema = Type.Object({
  status: Type.Literal('awaiting_approval'),
  detail: Type.String(),
  organisation: OrganisationDetailSchema,
});

export const OrganisationCreateBody = Type.Object(
  {
    name: inputProperties.name,
    type: inputProperties.type,
    country: Type.Optional(inputProperties.country),
    city: Type.Optional(inputProperties.city),
    website: Type.Optional(inputProperties.website),
    descriptions: Type.Optional(inputProperties.descriptions),
  },
  {
    examples: [
      {
        name: 'Ville de Montréal',
        type: 'municipality',
        country: 'CA',
        city: 'Montréal',
        website: 'https://montreal.ca',
        descriptions: { fr: 'La Ville de Montréal.' },
      },
    ],
  },
);

export const OrganisationPatchBody = Type.Object(
  {
    name: Type.Optional(inputProperties.name),
    type: Type.Optional(inputProperties.type),
    country: Type.Optional(inputProperties.country),
    city: Type.Optional(inputProperties.city),
    website: Type.Optional(inputProperties.website),
    descriptions: Type.Optional(inputProperties.descriptions),
  },
  { examples: [{ website: 'https://montreal.ca/en' }] },
);

export const OrganisationVerifiedBody = Type.Object(
  {
    verified: Type.Boolean({
      description: 'true gives the organisation the "verified" mark, false takes it away.',
    }),
  },
  { examples: [{ verified: true }] },
);
