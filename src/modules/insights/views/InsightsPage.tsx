import type { ViewContext } from '../../../core/http/view-context.ts';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { Cell, InsightsTable } from '../insights.service.ts';

const percents = new Map<string, Intl.NumberFormat>();

/** A share as a percentage, written the way the reader's language writes one. */
function percent(ctx: ViewContext, share: number): string {
  let format = percents.get(ctx.locale);
  if (!format) {
    format = new Intl.NumberFormat(ctx.locale, { style: 'percent', maximumFractionDigits: 1 });
    percents.set(ctx.locale, format);
  }
  return format.format(share);
}

/** A cell as the page shows it: user text escaped, figures in the reader's numerals. */
function CellView({ ctx, cell }: { ctx: ViewContext; cell: Cell }): JSX.Element {
  if ('text' in cell) return <span safe>{cell.text}</span>;
  if ('number' in cell) return cell.number === null ? '—' : ctx.number(cell.number);
  if ('share' in cell) return <span safe>{percent(ctx, cell.share)}</span>;
  if ('key' in cell)
    return cell.href === undefined ? (
      ctx.t(cell.key)
    ) : (
      <a href={ctx.href(cell.href)}>{ctx.t(cell.key)}</a>
    );
  if ('language' in cell) return <span safe>{ctx.language(cell.language)}</span>;
  return <span safe>{ctx.date(cell.date)}</span>;
}

function TableSection({ ctx, table }: { ctx: ViewContext; table: InsightsTable }) {
  const headingId = `insights-${table.section}`;
  const body: JSX.Element =
    table.rows.length === 0 ? (
      <p>{ctx.t('editor.insights.empty')}</p>
    ) : (
      <ScrollTable label={ctx.text(table.messageKey)}>
        <table class="table">
          <caption>{ctx.t(table.messageKey)}</caption>
          <thead>
            <tr>
              {table.columns.map((column) => (
                <th scope="col" class={column.numeric ? 'numeric' : undefined}>
                  {ctx.t(column.key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {table.rows.map((row) => (
              <tr>
                {row.map((cell, i) =>
                  i === 0 ? (
                    <th scope="row">
                      <CellView ctx={ctx} cell={cell} />
                    </th>
                  ) : (
                    <td class={table.columns[i]?.numeric ? 'numeric' : undefined}>
                      <CellView ctx={ctx} cell={cell} />
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollTable>
    );
  return (
    <section aria-labelledby={headingId} id={`section-${table.section}`}>
      <h2 id={headingId}>{ctx.t(table.messageKey)}</h2>
      <p>
        <a href={ctx.href(`/editor/insights/${table.section}.csv`)}>
          {ctx.t('editor.insights.csv')}
        </a>
      </p>
      {body}
    </section>
  );
}

export function InsightsPage({ ctx, tables }: { ctx: ViewContext; tables: InsightsTable[] }) {
  return (
    <Layout ctx={ctx} title={ctx.text('editor.insights.title')} noindex>
      <p>
        <a href={ctx.href('/editor')}>{ctx.t('editor.title')}</a>
      </p>
      <h1>{ctx.t('editor.insights.title')}</h1>
      <p>{ctx.t('editor.insights.lead')}</p>
      {tables.map((table) => (
        <TableSection ctx={ctx} table={table} />
      ))}
    </Layout>
  );
}
