import { Type } from 'typebox';
import { PracticeSummarySchema } from '../practices/index.ts';
import { FACT_KINDS } from './city.table.ts';
import { SIZE_BANDS } from './city-similarity.ts';

const nullable = <T extends ReturnType<typeof Type.String | typeof Type.Number>>(schema: T) =>
  Type.Union([schema, Type.Null()]);

const CityRefSchema = Type.Object({
  id: Type.Integer({ examples: [1] }),
  name: Type.String({ examples: ['Lisbon'] }),
  url: Type.String({ examples: ['https://clearinghouse.example/cities/1'] }),
  country: Type.String({ description: 'ISO 3166-1 alpha-2', examples: ['PT'] }),
  country_name: Type.String({ examples: ['Portugal'] }),
});

const FactSchema = Type.Object({
  kind: Type.Unsafe<string>({ type: 'string', enum: [...FACT_KINDS] }),
  value: Type.Number({
    description: 'population: people; foreign_born_share: percent (0 to 100).',
    examples: [545_000],
  }),
  year: Type.Integer({ examples: [2021] }),
  source: Type.Object({
    title: Type.String({ examples: ['Census 2021'] }),
    url: Type.String({ examples: ['https://www.ine.pt/'] }),
  }),
});

const sizeBand = Type.Union([
  Type.Unsafe<string>({ type: 'string', enum: [...SIZE_BANDS] }),
  Type.Null(),
]);

export const CityProfileSchema = Type.Object({
  ...CityRefSchema.properties,
  regions: Type.Array(Type.Object({ code: Type.String(), name: Type.String() }), {
    description: 'UN M49 region, sub-region and intermediate region, broadest first.',
  }),
  latitude: nullable(Type.Number()),
  longitude: nullable(Type.Number()),
  geonames_id: Type.Union([Type.Integer(), Type.Null()]),
  gazetteer_population: Type.Union([Type.Integer(), Type.Null()]),
  size_band: sizeBand,
  latest: Type.Object(
    {
      population: Type.Union([FactSchema, Type.Null()]),
      foreign_born_share: Type.Union([FactSchema, Type.Null()]),
    },
    { description: 'The newest figure of each kind, with its source.' },
  ),
  facts: Type.Array(FactSchema, { description: 'Every figure, newest year first in each kind.' }),
  networks: Type.Array(Type.Object({ name: Type.String(), url: Type.String() })),
  practice_count: Type.Integer(),
  practices: Type.Array(PracticeSummarySchema, { description: 'The newest 50 at most.' }),
  organisations: Type.Array(Type.Object({ name: Type.String(), website: nullable(Type.String()) })),
  about: Type.Union(
    [
      Type.Object({
        language: Type.String({
          description: 'BCP-47 tag of the language the texts are written in.',
          examples: ['pt'],
        }),
        context: nullable(Type.String()),
        offers: nullable(Type.String({ description: 'What the city offers peers.' })),
        looking_for: nullable(Type.String()),
        languages: Type.Array(Type.String(), {
          description: 'Languages the city speaks or serves in, as BCP-47 tags.',
          examples: [['pt', 'en']],
        }),
        contact_points: Type.Array(
          Type.Object({
            name: Type.String(),
            role: nullable(Type.String()),
            email: nullable(Type.String()),
            url: nullable(Type.String()),
          }),
        ),
        maintained_by: Type.Array(Type.Object({ name: Type.String(), url: Type.String() }), {
          description: 'The municipality in the directory whose members keep the profile.',
        }),
        updated_at: Type.String({ format: 'date-time' }),
      }),
      Type.Null(),
    ],
    { description: 'What the city’s municipality says of it; null until written.' },
  ),
});

const ReasonSchema = Type.Union([
  Type.Object({
    kind: Type.Unsafe<string>({ type: 'string', enum: ['themes', 'target_groups'] }),
    concepts: Type.Array(Type.Object({ id: Type.String(), label: Type.String() })),
  }),
  Type.Object({ kind: Type.Literal('size'), same_band: Type.Boolean() }),
  Type.Object({
    kind: Type.Literal('region'),
    code: Type.String(),
    name: Type.String(),
    same_subregion: Type.Boolean(),
  }),
]);

export const CityPeersSchema = Type.Object({
  city: CityRefSchema,
  size_band: sizeBand,
  total: Type.Integer({ description: 'How many peers: all of them are in results (10 at most).' }),
  results: Type.Array(
    Type.Object({
      ...CityRefSchema.properties,
      score: Type.Number({ minimum: 0, maximum: 1, examples: [0.87] }),
      parts: Type.Object({
        themes: Type.Number(),
        target_groups: Type.Number(),
        size: Type.Number(),
        region: Type.Number(),
      }),
      reasons: Type.Array(ReasonSchema),
      practices: Type.Array(
        Type.Object({ slug: Type.String(), title: Type.String(), url: Type.String() }),
      ),
    }),
  ),
});
