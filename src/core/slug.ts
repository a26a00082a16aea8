import slugify from '@sindresorhus/slugify';

/**
 * A URL slug from any script: Latin, Cyrillic, Arabic and Greek are transliterated; text with no
 * Latin equivalent (e.g. Chinese) gives an empty string, so callers pass a fallback.
 *
 *   toSlug('Intégration à Montréal')         // 'integration-a-montreal'
 *   toSlug('Центр адаптации мигрантов')     // 'tsentr-adaptatsii-migrantov'
 *   toSlug('外国人服务站', 'practice')        // 'practice'
 */
export function toSlug(text: string, fallback = 'item', maxLength = 80): string {
  const slug = slugify(text, { decamelize: false }).slice(0, maxLength).replace(/-+$/, '');
  return slug.length >= 3 ? slug : fallback;
}

/** The first of `base`, `base-2`, `base-3`… that `isTaken` rejects. */
export async function uniqueSlug(
  base: string,
  isTaken: (slug: string) => Promise<boolean>,
): Promise<string> {
  if (!(await isTaken(base))) return base;
  for (let n = 2; ; n++) {
    const candidate = `${base}-${n}`;
    if (!(await isTaken(candidate))) return candidate;
  }
}
