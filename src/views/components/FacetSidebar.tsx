import { escapeHtml, type PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../core/http/view-context.ts';

/** One value of a filter, with how many results it would give. */
export interface FacetValue {
  id: string;
  label: string;
  count: number;
  selected: boolean;
  /** 2 for a value nested under the one before it (a theme under its policy area). */
  level?: number;
}

export interface FacetGroup {
  /** The query parameter the checkboxes send. */
  name: string;
  /** The fieldset's id, which error summaries and tests link to. */
  id: string;
  /** Plain text; escaped here. */
  legend: string;
  values: FacetValue[];
  /** Long lists show this many values, and the rest behind "more" (selected ones always). */
  collapseAfter?: number;
  /** The legend says how many of its values are selected. */
  countSelected?: boolean;
}

/**
 * The filters beside a list of results: checkboxes with counts in a drawer that folds on small
 * screens, and the apply and clear actions. It belongs inside the list's GET form and works
 * without scripts; `children` adds fields that are not checkbox lists (a year range).
 */
export function FacetSidebar({
  ctx,
  groups,
  applied,
  clearHref,
  children,
}: PropsWithChildren<{
  ctx: ViewContext;
  groups: FacetGroup[];
  /** How many filters are in force, for the drawer's summary and the clear link. */
  applied: number;
  clearHref: string;
}>) {
  const { t } = ctx;
  return (
    <details class="facets-drawer">
      <summary class="facets-drawer__summary">
        {t('search.filtersApplied', { count: applied })}
      </summary>
      <section class="sidebar facets" aria-label={ctx.text('search.filters')}>
        {groups.map((group) =>
          group.values.length === 0 ? '' : <Facet ctx={ctx} group={group} />,
        )}
        {children ?? ''}
        <div class="facets__actions">
          <button type="submit" class="button">
            {t('search.apply')}
          </button>{' '}
          {applied > 0 ? <a href={clearHref}>{t('search.clear')}</a> : ''}
        </div>
      </section>
    </details>
  );
}

function Facet({ ctx, group }: { ctx: ViewContext; group: FacetGroup }) {
  const { values, collapseAfter } = group;
  const collapse = collapseAfter !== undefined && values.length > collapseAfter + 2;
  const visible = collapse ? values.filter((v, i) => i < collapseAfter || v.selected) : values;
  const hidden = collapse ? values.filter((v, i) => i >= collapseAfter && !v.selected) : [];
  const selectedCount = values.filter((v) => v.selected).length;
  const box = (v: FacetValue) => (
    <li class={v.level === 2 ? 'facet__value facet__value--nested' : 'facet__value'}>
      <label>
        <input type="checkbox" name={group.name} value={v.id} checked={v.selected} />
        <span class="facet__label" safe>
          {v.label}
        </span>
        <span class="count">{ctx.number(v.count)}</span>
      </label>
    </li>
  );
  return (
    <fieldset class="facet" id={group.id}>
      <legend>
        {escapeHtml(group.legend)}
        {group.countSelected && selectedCount > 0 ? (
          <span class="facet__selected"> ({ctx.number(selectedCount)})</span>
        ) : (
          ''
        )}
      </legend>
      <ul class="facet__values">{visible.map(box)}</ul>
      {hidden.length > 0 ? (
        <details class="facet__more">
          <summary>{ctx.t('search.more', { count: hidden.length })}</summary>
          <ul class="facet__values">{hidden.map(box)}</ul>
        </details>
      ) : (
        ''
      )}
    </fieldset>
  );
}
