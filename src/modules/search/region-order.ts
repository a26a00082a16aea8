interface Ranked {
  id: string;
  label: string;
  count: number;
  level?: number;
}

/**
 * Regions in tree order: each world region (most practices first), followed by its own
 * sub-regions (most practices first). A sub-region whose region is not in the list comes last.
 *
 * @example orderRegions([europe, africa, northernAfrica, westernEurope], parentOf)
 *   // [europe, westernEurope, africa, northernAfrica]
 */
export function orderRegions<T extends Ranked>(
  values: T[],
  parentOf: (id: string) => string | null | undefined,
): T[] {
  const byCount = (a: T, b: T) => b.count - a.count || a.label.localeCompare(b.label);
  const tops = values.filter((v) => (v.level ?? 0) <= 1).sort(byCount);
  const topIds = new Set(tops.map((v) => v.id));
  const children = values.filter((v) => (v.level ?? 0) > 1).sort(byCount);
  const ordered: T[] = [];
  for (const top of tops) {
    ordered.push(top, ...children.filter((c) => parentOf(c.id) === top.id));
  }
  ordered.push(...children.filter((c) => !topIds.has(parentOf(c.id) ?? '')));
  return ordered;
}
