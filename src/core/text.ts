/**
 * Folds text for matching: lower case, no diacritics, single spaces.
 *
 *   foldText('  Integración  SOCIAL ') // 'integracion social'
 *   foldText('Montréal') === foldText('MONTREAL')
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{Mn}+/gu, '')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Current time as the ISO-8601 text stored in every *_at column. */
export function nowIso(): string {
  return new Date().toISOString();
}

/**
 * The edit distance between two words (a letter changed, added, removed, or two swapped), or
 * `limit + 1` as soon as it is more than `limit`: `editDistanceWithin('lisbonnn', 'lisbon', 2)`
 * is 2. The search's spelling correction and the gazetteer's suggestions share it.
 */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  const rows: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i]);
  for (let j = 1; j <= b.length; j++) (rows[0] as number[])[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (rows[i - 1]?.[j] as number) + 1,
        (rows[i]?.[j - 1] as number) + 1,
        (rows[i - 1]?.[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (rows[i - 2]?.[j - 2] as number) + 1);
      (rows[i] as number[])[j] = value;
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
  }
  return rows[a.length]?.[b.length] as number;
}
