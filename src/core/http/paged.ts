/** The paging fields of every list the API answers, so that their public names are written once. */
export function presentPage<T>(
  list: { total: number; page: number; perPage: number },
  results: T[],
) {
  return { total: list.total, page: list.page, per_page: list.perPage, results };
}
