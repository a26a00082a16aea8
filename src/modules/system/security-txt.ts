import type { Config } from '../../config.ts';
import { LOCALES } from '../../core/i18n/locales.ts';

/**
 * `/.well-known/security.txt` (RFC 9116): where a finder reports a vulnerability. The expiry
 * is a year ahead of the current day, so the file never goes stale while the site runs and
 * stays byte-identical for a day, which keeps it cacheable.
 *
 *   securityTxt({ securityContact: 'mailto:security@hub.example', publicUrl }, new Date())
 */
export function securityTxt(
  config: Pick<Config, 'securityContact' | 'publicUrl'>,
  now: Date,
): string {
  const expires = new Date(Date.UTC(now.getUTCFullYear() + 1, now.getUTCMonth(), now.getUTCDate()));
  return [
    `Contact: ${config.securityContact}`,
    `Expires: ${expires.toISOString().replace('.000Z', 'Z')}`,
    `Preferred-Languages: ${LOCALES.join(', ')}`,
    `Canonical: ${new URL('/.well-known/security.txt', config.publicUrl).href}`,
    '',
  ].join('\n');
}
