import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { queryString, type ViewContext } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { ConceptRef, FilterOptions, PracticeListResult } from '../practice.service.ts';
import {
  EVIDENCE_LEVELS,
  FILTER_NAMES,
  PRACTICE_SORTS,
  PRACTICE_TYPES,
  type PracticeFilterInput,
  type PracticeSort,
} from '../practice.ts';
import { PracticeResults } from './PracticeResults.tsx';

type FilterName = (typeof FILTER_NAMES)[number];

function FilterSelect({
  ctx,
  name,
  options,
  selected,
}: {
  ctx: ViewContext;
  name: FilterName;
  options: ConceptRef[];
  selected: string[];
}) {
  const id = `filter-${name}`;
  return (
    <div class="field">
      <label for={id}>{ctx.t(`filter.${name}` as MessageKey)}</label>
      <select id={id} name={name}>
        <option value="">{ctx.t('filter.any')}</option>
        {options.map((o) => (
          <option value={o.id} selected={selected[0] === o.id} safe>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function filterChoices(
  ctx: ViewContext,
  options: FilterOptions,
): Record<FilterName, ConceptRef[]> {
  return {
    policy_area: options.policyAreas,
    theme: options.themes,
    type: PRACTICE_TYPES.map((id) => ({ id, label: ctx.text(`type.${id}` as MessageKey) })),
    target_group: options.targetGroups,
    actor_type: options.actorTypes,
    region: options.regions,
    country: options.countries,
    evidence: EVIDENCE_LEVELS.map((id) => ({
      id,
      label: ctx.text(`evidence.${id}.label` as MessageKey),
    })),
  };
}

export function PracticeListPage({
  ctx,
  result,
  filters,
  options,
  sort,
}: {
  ctx: ViewContext;
  result: PracticeListResult;
  filters: PracticeFilterInput;
  options: FilterOptions;
  sort: PracticeSort;
}) {
  const { t } = ctx;
  const choices = filterChoices(ctx, options);
  const params = (
    overrides: Partial<
      Record<FilterName | 'page' | 'sort', string | string[] | number | undefined>
    >,
  ) => queryString({ ...filters, sort: sort === 'newest' ? undefined : sort, ...overrides });
  const applied = FILTER_NAMES.flatMap((name) =>
    filters[name].map((value) => ({
      name,
      value,
      label:
        choices[name].find((c) => c.id === value || c.id === value.toUpperCase())?.label ?? value,
    })),
  );
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('practices.title')}
      description={ctx.text('practices.description')}
      mainClass="with-sidebar"
    >
      <div class="page-heading">
        <h1>{t('practices.title')}</h1>
        <p class="lead">{t('practices.description')}</p>
      </div>
      <aside class="sidebar" aria-labelledby="filters-heading">
        <h2 id="filters-heading" class="sidebar__title">
          {t('filter.heading')}
        </h2>
        <form method="get" action={ctx.href('/practices')} class="filters">
          {(
            [
              'policy_area',
              'theme',
              'type',
              'target_group',
              'actor_type',
              'region',
              'country',
              'evidence',
            ] as const
          ).map((name) => (
            <FilterSelect ctx={ctx} name={name} options={choices[name]} selected={filters[name]} />
          ))}
          <div class="field">
            <label for="filter-sort">{t('sort.label')}</label>
            <select id="filter-sort" name="sort">
              {PRACTICE_SORTS.map((s) => (
                <option value={s} selected={s === sort}>
                  {t(`sort.${s}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" class="button">
            {t('filter.apply')}
          </button>
        </form>
      </aside>
      <div class="content">
        {applied.length > 0 ? (
          <div class="applied-filters">
            <h2 class="visually-hidden">{t('filter.applied')}</h2>
            <ul class="chips">
              {applied.map((a) => (
                <li>
                  <a
                    class="chip chip--removable"
                    href={ctx.href(
                      `/practices${params({ [a.name]: filters[a.name].filter((v) => v !== a.value), page: undefined })}`,
                    )}
                    aria-label={ctx.text('filter.remove', { label: a.label })}
                  >
                    <span safe>{a.label}</span>
                    <span aria-hidden="true"> ×</span>
                  </a>
                </li>
              ))}
              <li>
                <a href={ctx.href('/practices')}>{t('filter.clear')}</a>
              </li>
            </ul>
          </div>
        ) : (
          ''
        )}
        <PracticeResults
          ctx={ctx}
          result={result}
          link={(page) => ctx.href(`/practices${params({ page: page === 1 ? undefined : page })}`)}
        />
      </div>
    </Layout>
  );
}
