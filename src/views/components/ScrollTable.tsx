import type { PropsWithChildren } from '@kitajs/html';

/**
 * A wide table that scrolls sideways on a narrow screen instead of widening the page. The region
 * is named and focusable so keyboard users can scroll it too.
 */
export function ScrollTable({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <section class="table-scroll" aria-label={label} tabindex="0">
      {children}
    </section>
  );
}

/**
 * A table of records in a ScrollTable: named by `label` (also its caption, for screen readers),
 * with a header row of `columns`; the children are the body's rows.
 */
export function DataTable({
  label,
  columns,
  children,
}: PropsWithChildren<{ label: string; columns: JSX.Element[] }>) {
  return (
    <ScrollTable label={label}>
      <table class="data-table">
        <caption class="visually-hidden" safe>
          {label}
        </caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th scope="col">{column}</th>
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </ScrollTable>
  );
}
