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
