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
  const slug = cutAtWord(slugify(text, { decamelize: false }), maxLength);
  return slug.length >= 3 ? slug : fallback;
}

/**
 * A long slug is cut after its last whole word that fits, so that a URL never ends in half a word
 * ("…-integration-of-mig"); only a single word longer than the limit is cut inside itself.
 */
function cutAtWord(slug: string, maxLength: number): string {
  if (slug.length <= maxLength) return slug;
  // The character just past the limit tells whether the cut falls between two words.
  if (slug[maxLength] === '-') return slug.slice(0, maxLength).replace(/-+$/, '');
  const head = slug.slice(0, maxLength);
  const lastHyphen = head.lastIndexOf('-');
  return (lastHyphen > 0 ? head.slice(0, lastHyphen) : head).replace(/-+$/, '');
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
