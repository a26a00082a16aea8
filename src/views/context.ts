/**
 * A query string from parameters, repeating keys for lists and skipping empty values.
 *
 *   queryString({ theme: ['housing', 'health'], page: 2 }) // '?theme=housing&theme=health&page=2'
 */
export function queryString(
  params: Record<string, string | number | readonly string[] | undefined | null>,
): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) search.append(key, v);
    else search.append(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
