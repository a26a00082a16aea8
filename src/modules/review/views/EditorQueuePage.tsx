import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { type Choice, SelectField } from '../../../views/components/Form.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { CallView } from '../call.service.ts';
import {
  type Pipeline,
  QUEUE_PAGE_SIZE,
  QUEUE_STATES,
  type QueueFilters,
  type QueueItem,
} from '../editorial.service.ts';
import { StateBadge } from './parts.tsx';

/** The editors' queue: the pipeline, the submissions waiting, filters and the open calls. */

export interface EditorPageProps {
  ctx: ViewContext;
  pipeline: Pipeline;
  queue: { items: QueueItem[]; total: number };
  filters: QueueFilters;
  calls: CallView[];
  /** Members' changes to organisations that practices name, waiting for an editor. */
  organisationChanges: number;
  /** Requests to manage an organisation, waiting for an editor. */
  organisationClaims: number;
  /** What waits in the discussions' moderation queue (when the discussions are there). */
  moderation?: { held: number; reported: number };
  /** Members' translations sent to the editors (when the translations are there). */
  translations?: number | undefined;
  /** Cities' self-assessments sent to the editors (when the assessments are there). */
  assessments?: number | undefined;
  themes: Choice[];
  regions: Choice[];
}

export function EditorPage({
  ctx,
  pipeline,
  queue,
  filters,
  calls,
  organisationChanges,
  organisationClaims,
  moderation,
  translations,
  assessments,
  themes,
  regions,
}: EditorPageProps) {
  const { t } = ctx;
  const query = {
    state: filters.state,
    call: filters.callId === undefined ? undefined : String(filters.callId),
    theme: filters.theme,
    region: filters.region,
    age: filters.olderThanDays === undefined ? undefined : String(filters.olderThanDays),
  };
  return (
    <Layout ctx={ctx} title={ctx.text('editor.title')} noindex>
      <h1>{t('editor.title')}</h1>
      <p>
        <a href={ctx.href('/editor/calls')}>{t('editor.calls')}</a>
        {' · '}
        <a href={ctx.href('/editor/insights')}>{t('editor.insights')}</a>
        {' · '}
        <a href={ctx.href('/editor/import')}>{t('import.title')}</a>
        {' · '}
        <a href={ctx.href('/editor/organisations')}>
          {t('editor.organisationChanges', { count: organisationChanges })}
        </a>
        {' · '}
        <a href={ctx.href('/editor/claims')} id="claims-link">
          {t('editor.claims.count', { count: organisationClaims })}
        </a>
        {moderation ? (
          <>
            {' · '}
            <a href={ctx.href('/editor/discussions')} id="moderation-link">
              {t('editor.moderation', { held: moderation.held, reported: moderation.reported })}
            </a>
          </>
        ) : (
          ''
        )}
        {translations !== undefined ? (
          <>
            {' · '}
            <a href={ctx.href('/editor/translations')} id="translations-link">
              {t('editor.translations', { count: translations })}
            </a>
          </>
        ) : (
          ''
        )}
        {assessments !== undefined ? (
          <>
            {' · '}
            <a href={ctx.href('/editor/assessments')} id="assessments-link">
              {t('assessment.editor.dashboardLink', { count: assessments })}
            </a>
          </>
        ) : (
          ''
        )}
      </p>
      <section aria-labelledby="pipeline-heading">
        <h2 id="pipeline-heading">{t('editor.pipeline')}</h2>
        <ul class="pipeline">
          {QUEUE_STATES.map((state) => (
            <li>
              <a href={ctx.href(`/editor${queryString({ state })}`)}>
                <span class="pipeline__count">{ctx.number(pipeline.counts[state])}</span>{' '}
                <span class="pipeline__label">{t(`submission.state.${state}` as MessageKey)}</span>
              </a>
            </li>
          ))}
        </ul>
        <p>
          {pipeline.medianDaysToDecision === null
            ? t('editor.median.none')
            : t('editor.median', { days: pipeline.medianDaysToDecision, count: pipeline.decided })}
        </p>
      </section>
      <section aria-labelledby="queue-heading">
        <h2 id="queue-heading">{t('editor.queue')}</h2>
        <form method="get" action={ctx.href('/editor')} class="filters-inline">
          <SelectField
            ctx={ctx}
            name="state"
            label={ctx.text('submission.state')}
            problems={[]}
            value={filters.state}
            empty={ctx.text('editor.filter.waiting')}
            choices={QUEUE_STATES.map((s) => ({
              value: s,
              label: ctx.text(`submission.state.${s}` as MessageKey),
            }))}
          />
          <SelectField
            ctx={ctx}
            name="call"
            label={ctx.text('editor.filter.call')}
            problems={[]}
            value={query.call}
            empty={ctx.text('editor.filter.any')}
            choices={calls.map((c) => ({ value: String(c.id), label: c.title }))}
          />
          <SelectField
            ctx={ctx}
            name="theme"
            label={ctx.text('submission.field.themes')}
            problems={[]}
            value={filters.theme}
            empty={ctx.text('editor.filter.any')}
            choices={themes}
          />
          <SelectField
            ctx={ctx}
            name="region"
            label={ctx.text('editor.filter.region')}
            problems={[]}
            value={filters.region}
            empty={ctx.text('editor.filter.any')}
            choices={regions}
          />
          <SelectField
            ctx={ctx}
            name="age"
            label={ctx.text('editor.filter.age')}
            problems={[]}
            value={query.age}
            empty={ctx.text('editor.filter.any')}
            choices={[7, 14, 30, 90].map((d) => ({
              value: String(d),
              label: ctx.text('editor.filter.olderThan', { days: d }),
            }))}
          />
          <button type="submit" class="button">
            {t('editor.filter.apply')}
          </button>
        </form>
        <p class="results__count">{t('editor.queue.count', { count: queue.total })}</p>
        {queue.items.length === 0 ? (
          ''
        ) : (
          <ScrollTable label={ctx.text('editor.queue')}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('submission.field.title')}</th>
                  <th scope="col">{t('submission.state')}</th>
                  <th scope="col">{t('editor.author')}</th>
                  <th scope="col">{t('submission.field.country')}</th>
                  <th scope="col">{t('editor.submitted')}</th>
                </tr>
              </thead>
              <tbody>
                {queue.items.map((item) => (
                  <tr>
                    <td>
                      <a href={ctx.href(`/editor/submissions/${item.id}`)} safe>
                        {item.title || ctx.text('submission.untitled')}
                      </a>
                      {item.isNewVersion ? (
                        <span class="muted"> {t('editor.newVersion')}</span>
                      ) : (
                        ''
                      )}
                      {item.callTitle ? (
                        <div class="muted" safe>
                          {item.callTitle}
                        </div>
                      ) : (
                        ''
                      )}
                    </td>
                    <td>
                      <StateBadge ctx={ctx} state={item.state} />
                    </td>
                    <td safe>{item.authorName ?? '—'}</td>
                    <td safe>{item.country}</td>
                    <td>
                      {item.submittedAt ? (
                        <time datetime={item.submittedAt} safe>
                          {ctx.date(item.submittedAt)}
                        </time>
                      ) : (
                        '—'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
        <Pagination
          ctx={ctx}
          page={filters.page}
          pageCount={Math.max(1, Math.ceil(queue.total / QUEUE_PAGE_SIZE))}
          link={(page) =>
            ctx.href(
              `/editor${queryString({ ...query, page: page > 1 ? String(page) : undefined })}`,
            )
          }
        />
      </section>
    </Layout>
  );
}
