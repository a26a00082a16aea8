import { readFileSync } from 'node:fs';
import { translator } from '../src/core/i18n/i18n.ts';
import type { Locale } from '../src/core/i18n/locales.ts';
import type { PracticeRecord } from '../src/modules/practices/practice.model.ts';
import { readTaxonomyFile } from '../src/modules/taxonomy/taxonomy.service.ts';

/**
 * Synthetic practices for benchmarks: realistic field lengths in the six UN languages, a spread
 * over themes, target groups, actors and places like the real ones, every one marked
 * illustrative. Text is recombined from the sentences of the demo practices, so vocabulary and
 * word frequencies are those of real practice descriptions. Deterministic for a given seed.
 */
const LANGUAGE_WEIGHTS: [Locale, number][] = [
  ['en', 40],
  ['es', 15],
  ['fr', 15],
  ['ar', 10],
  ['ru', 10],
  ['zh', 10],
];

// Countries with some of their larger cities, across every region; weights favour where
// integration practice is most documented, as in the real corpus.
const PLACES: [string, string[], number][] = [
  ['US', ['New York City', 'Chicago', 'Los Angeles', 'Houston', 'Dayton', 'Boston'], 8],
  ['CA', ['Toronto', 'Montréal', 'Vancouver', 'Calgary', 'Ottawa'], 6],
  ['MX', ['Mexico City', 'Tijuana', 'Guadalajara'], 3],
  ['CO', ['Bogotá', 'Medellín', 'Cúcuta', 'Barranquilla'], 3],
  ['BR', ['São Paulo', 'Rio de Janeiro', 'Boa Vista', 'Manaus'], 3],
  ['CL', ['Santiago', 'Antofagasta'], 2],
  ['AR', ['Buenos Aires', 'Córdoba', 'Rosario'], 2],
  ['PE', ['Lima', 'Arequipa'], 2],
  ['ES', ['Barcelona', 'Madrid', 'Valencia', 'Bilbao'], 5],
  ['FR', ['Paris', 'Lyon', 'Marseille', 'Grenoble', 'Lille'], 5],
  ['DE', ['Berlin', 'Hamburg', 'Munich', 'Cologne', 'Stuttgart'], 6],
  ['IT', ['Rome', 'Milan', 'Turin', 'Naples', 'Riace'], 4],
  ['PT', ['Lisbon', 'Porto'], 2],
  ['GR', ['Athens', 'Thessaloniki'], 2],
  ['NL', ['Amsterdam', 'Utrecht', 'Rotterdam'], 3],
  ['BE', ['Brussels', 'Antwerp', 'Mechelen'], 2],
  ['SE', ['Stockholm', 'Malmö', 'Gothenburg'], 3],
  ['GB', ['London', 'Sheffield', 'Glasgow', 'Manchester'], 4],
  ['RU', ['Moscow', 'Saint Petersburg', 'Yekaterinburg', 'Kazan'], 3],
  ['KZ', ['Almaty', 'Astana', 'Shymkent'], 2],
  ['KG', ['Bishkek', 'Osh'], 1],
  ['MA', ['Rabat', 'Casablanca', 'Tangier'], 3],
  ['EG', ['Cairo', 'Alexandria'], 2],
  ['TN', ['Tunis', 'Sfax'], 1],
  ['SN', ['Dakar'], 1],
  ['NG', ['Lagos', 'Abuja'], 2],
  ['GH', ['Accra', 'Kumasi'], 1],
  ['KE', ['Nairobi', 'Mombasa'], 2],
  ['UG', ['Kampala', 'Arua'], 2],
  ['ET', ['Addis Ababa'], 1],
  ['ZA', ['Johannesburg', 'Cape Town', 'Durban'], 3],
  ['JO', ['Amman', 'Irbid', 'Zarqa'], 3],
  ['LB', ['Beirut', 'Tripoli'], 2],
  ['TR', ['Istanbul', 'Gaziantep', 'Ankara'], 3],
  ['AE', ['Dubai', 'Abu Dhabi'], 1],
  ['CN', ['Guangzhou', 'Shanghai', 'Beijing', 'Yiwu'], 3],
  ['JP', ['Tokyo', 'Hamamatsu', 'Kawasaki', 'Osaka'], 3],
  ['KR', ['Seoul', 'Ansan', 'Busan'], 2],
  ['PH', ['Manila', 'Cebu City'], 2],
  ['IN', ['Mumbai', 'Delhi', 'Kochi'], 2],
  ['AU', ['Sydney', 'Melbourne', 'Brisbane', 'Perth'], 3],
  ['NZ', ['Auckland', 'Wellington', 'Christchurch'], 2],
  ['FJ', ['Suva'], 1],
];

/** A small, seedable random generator (mulberry32). */
export function randomSource(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
  const weighted = <T>(items: readonly [T, ...unknown[]][], weightIndex: number): T => {
    const total = items.reduce((s, item) => s + (item[weightIndex] as number), 0);
    let r = next() * total;
    for (const item of items) {
      r -= item[weightIndex] as number;
      if (r <= 0) return item[0];
    }
    return (items.at(-1) as [T])[0];
  };
  const sample = <T>(items: readonly T[], count: number): T[] => {
    const copy = [...items];
    const out: T[] = [];
    while (out.length < count && copy.length > 0)
      out.push(copy.splice(Math.floor(next() * copy.length), 1)[0] as T);
    return out;
  };
  return { next, int, pick, weighted, sample };
}

interface DemoRecord {
  language: string;
  title: string;
  summary: string;
  sections?: Record<string, string>;
  translations?: Record<
    string,
    { title?: string; summary?: string; sections?: Record<string, string> }
  >;
  themes: string[];
  target_groups?: string[];
  actor_type?: string[];
}

function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s*/u)
    .map((s) => s.trim())
    .filter((s) => s.length > 15);
}

export function createGenerator(seed = 1) {
  const random = randomSource(seed);
  const demo = JSON.parse(
    readFileSync(new URL('../content/demo-practices.json', import.meta.url), 'utf8'),
  ) as DemoRecord[];
  const sentences = new Map<string, string[]>();
  const add = (language: string, text: string | undefined) => {
    if (!text) return;
    const list = sentences.get(language) ?? [];
    list.push(...sentencesOf(text));
    sentences.set(language, list);
  };
  for (const record of demo) {
    add(record.language, record.summary);
    for (const text of Object.values(record.sections ?? {})) add(record.language, text);
    for (const [language, t] of Object.entries(record.translations ?? {})) {
      add(language, t.summary);
      for (const text of Object.values(t.sections ?? {})) add(language, text);
    }
  }
  const taxonomy = readTaxonomyFile().concepts;
  const labels = (scheme: string, language: Locale) =>
    taxonomy
      .filter((c) => c.scheme === scheme)
      .map((c) => ({ id: c.id, label: c.labels[language] }));
  const themeWeights = new Map<string, number>();
  for (const record of demo)
    for (const theme of record.themes) themeWeights.set(theme, (themeWeights.get(theme) ?? 0) + 1);
  const themes: [string, number][] = labels('theme', 'en').map((t) => [
    t.id,
    (themeWeights.get(t.id) ?? 0) + 2,
  ]);
  const targetGroups = labels('target-group', 'en').map((t) => t.id);
  const actorTypes = labels('actor-type', 'en').map((t) => t.id);
  const types = ['policy', 'programme', 'service', 'campaign', 'partnership', 'tool'] as const;
  const evidence: [PracticeRecord['evidence_level'], number][] = [
    ['not-evaluated', 50],
    ['emerging', 30],
    ['promising', 15],
    ['effective', 5],
  ];

  const paragraph = (language: string, min: number, max: number) => {
    const pool = sentences.get(language) ?? sentences.get('en') ?? [];
    return random.sample(pool, random.int(min, max)).join(' ');
  };

  return (n: number): PracticeRecord => {
    const language = random.weighted(LANGUAGE_WEIGHTS, 1);
    const t = translator(language);
    const [country, cities] = random.weighted(
      PLACES.map((p) => [p, p[2]] as [(typeof PLACES)[number], number]),
      1,
    );
    const local = random.next() < 0.75;
    const city = local ? random.pick(cities) : null;
    const chosenThemes = [
      ...new Set([
        random.weighted(themes, 1),
        random.weighted(themes, 1),
        random.weighted(themes, 1),
      ]),
    ].slice(0, random.int(1, 3));
    const themeLabel = labels('theme', language).find((x) => x.id === chosenThemes[0])?.label ?? '';
    const type = random.pick(types);
    const start = random.int(1995, 2025);
    const ended = random.next() < 0.3;
    return {
      external_id: `synthetic-${seed}-${n}`,
      title: `${t(`type.${type}` as Parameters<typeof t>[0]).split(' (')[0]}: ${themeLabel}${city ? ` — ${city}` : ''} #${n}`,
      language,
      summary: paragraph(language, 2, 4),
      type,
      country,
      city,
      level: local ? 'local' : random.pick(['regional', 'national', 'international'] as const),
      themes: chosenThemes,
      target_groups: random.sample(targetGroups, random.int(1, 3)),
      actor_type: random.sample(actorTypes, random.int(1, 2)),
      organisations: [],
      status: ended ? 'completed' : 'ongoing',
      start_year: start,
      end_year: ended ? Math.min(2026, start + random.int(1, 8)) : null,
      sections: {
        context: paragraph(language, 2, 4),
        objectives: paragraph(language, 1, 3),
        activities: paragraph(language, 2, 5),
        ...(random.next() < 0.6 ? { results: paragraph(language, 1, 3) } : {}),
        ...(random.next() < 0.4 ? { lessons: paragraph(language, 1, 2) } : {}),
      },
      gcm_objectives: random.sample([3, 4, 6, 7, 15, 16, 17, 18, 19, 23], random.int(0, 2)),
      sdg_targets: [],
      evidence_level: random.weighted(evidence, 1),
      source_url: null,
      sources: [],
      translations: {},
      illustrative: true,
    };
  };
}
