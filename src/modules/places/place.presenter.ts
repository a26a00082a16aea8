import type { RegionInfo } from './place.service.ts';

/** Pure functions that pick the public fields: the reference tables keep their own names. */
export function presentRegions(locale: string, regions: RegionInfo[]) {
  return {
    locale,
    total: regions.length,
    results: regions.map((r) => ({
      code: r.code,
      name: r.name,
      parent: r.parentCode,
      level: r.level,
    })),
  };
}
