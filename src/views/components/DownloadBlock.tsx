import { DOWNLOAD_MAX_ROWS, downloadQuery } from '../../core/http/tabular-download.ts';
import type { ViewContext } from '../../core/http/view-context.ts';

/**
 * "Download" under a list: the rows the page's filters and words select, every page of them, as
 * CSV for any spreadsheet and as an Excel workbook. `base` is the list's path; the files are at
 * `base.csv` and `base.xlsx` (see core/http/tabular-download.ts), with the page's own query.
 */
export function DownloadBlock({
  ctx,
  base,
  query = downloadQuery(ctx.path),
}: {
  ctx: ViewContext;
  base: string;
  /** The query of the files, when it is not the page's own (a theme page selects by its path). */
  query?: string;
}) {
  const { t } = ctx;
  return (
    <section class="download-block" aria-labelledby="download-heading">
      <h2 id="download-heading">{t('download.heading')}</h2>
      <ul class="inline-list">
        <li>
          <a href={ctx.href(`${base}.csv${query}`)} download="" type="text/csv">
            {t('download.csv')}
          </a>
        </li>
        <li>
          <a
            href={ctx.href(`${base}.xlsx${query}`)}
            download=""
            type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          >
            {t('download.xlsx')}
          </a>
        </li>
      </ul>
      <p class="muted">{t('download.note', { max: DOWNLOAD_MAX_ROWS })}</p>
    </section>
  );
}
