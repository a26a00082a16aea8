/**
 * The stable address to cite a practice at: its version's permalink once versions are kept,
 * else its page (a practice published before versions were kept has version 0).
 *
 *   citedPath({ slug: 'welcome-desk', version: 2 }) // '/practices/welcome-desk/versions/2'
 *   citedPath({ slug: 'welcome-desk', version: 0 }) // '/practices/welcome-desk'
 */
export function citedPath(p: { slug: string; version: number }): string {
  return p.version > 0 ? `/practices/${p.slug}/versions/${p.version}` : `/practices/${p.slug}`;
}
