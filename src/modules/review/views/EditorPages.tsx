import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import {
  type Choice,
  ChoiceGroup,
  ErrorSummary,
  Field,
  PostForm,
  SelectField,
  TextArea,
} from '../../../views/components/Form.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { EVIDENCE_LEVELS, FieldChanges } from '../../practices/index.ts';
import type { CallView } from '../call.service.ts';
import {
  type EditorSubmissionView,
  type Pipeline,
  QUEUE_PAGE_SIZE,
  QUEUE_STATES,
  type QueueFilters,
  type QueueItem,
} from '../editorial.service.ts';
import { MIN_REVIEWERS } from '../submission.model.ts';
import { FileList, StateBadge, SubmissionText, Timeline } from './parts.tsx';
import { AssignmentBadge, ReviewSummary } from './ReviewPages.tsx';

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

export interface EditorSubmissionPageProps {
  ctx: ViewContext;
  view: EditorSubmissionView;
  problems?: FieldProblem[];
  values?: Record<string, string | string[]>;
  /** Which form the problems belong to. */
  form?: 'assign' | 'decide';
  defaultDueDate: string;
  notice?: string;
}

export function EditorSubmissionPage({
  ctx,
  view,
  problems = [],
  values = {},
  form,
  defaultDueDate,
  notice,
}: EditorSubmissionPageProps) {
  const { t } = ctx;
  const s = view.submission;
  const title = s.data.title || ctx.text('submission.untitled');
  const value = (name: string) => {
    const v = values[name];
    return Array.isArray(v) ? v[0] : v;
  };
  const assignProblems = form === 'assign' ? problems : [];
  const decideProblems = form === 'decide' ? problems : [];
  const rounds = [...new Set(view.assignments.map((a) => a.round))].sort((a, b) => b - a);
  const canAssign = ['submitted', 'resubmitted', 'in_review'].includes(s.state);
  return (
    <Layout ctx={ctx} title={title} noindex>
      <p>
        <a href={ctx.href('/editor')}>{t('editor.backToQueue')}</a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        {t('submission.state')}: <StateBadge ctx={ctx} state={s.state} /> ·{' '}
        {t('editor.round', { round: s.round })}
        {view.authorName ? (
          <>
            {' · '}
            {t('editor.by', { name: view.authorName })}
          </>
        ) : (
          ''
        )}
        {s.practiceSlug ? (
          <>
            {' · '}
            <a href={ctx.href(`/practices/${s.practiceSlug}`)}>{t('submission.publishedPage')}</a>
          </>
        ) : (
          ''
        )}
      </p>
      {notice ? (
        <p class="notice notice--success" role="status" safe>
          {notice}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary ctx={ctx} problems={problems} />
      <div class="editor-layout">
        <div>
          {view.changesSinceLastRound ? (
            <section aria-labelledby="round-diff-heading" class="diff">
              <h2 id="round-diff-heading">{t('editor.roundChanges', { round: s.round - 1 })}</h2>
              <p class="muted">{t('history.legend')}</p>
              <FieldChanges ctx={ctx} changes={view.changesSinceLastRound} />
            </section>
          ) : (
            ''
          )}
          <SubmissionText ctx={ctx} submission={s} />
          <section aria-labelledby="files-heading">
            <h2 id="files-heading">{t('submission.files')}</h2>
            <FileList ctx={ctx} files={s.files} />
          </section>
          <section aria-labelledby="history-heading">
            <h2 id="history-heading">{t('submission.history')}</h2>
            <Timeline ctx={ctx} events={s.events} />
          </section>
        </div>
        <div>
          <section aria-labelledby="reviews-heading">
            <h2 id="reviews-heading">{t('editor.reviews')}</h2>
            {view.assignments.length === 0 ? <p>{t('editor.reviews.none')}</p> : ''}
            {rounds.map((round) => (
              <>
                <h3>{t('editor.round', { round })}</h3>
                <ul class="plain-list">
                  {view.assignments
                    .filter((a) => a.round === round)
                    .map((a, index) => (
                      <li class="assignment">
                        {a.reviewerName === null ? (
                          <strong>{t('editor.reviewer.deleted', { number: index + 1 })}</strong>
                        ) : (
                          <strong safe>{a.reviewerName}</strong>
                        )}{' '}
                        <AssignmentBadge ctx={ctx} state={a.state} />{' '}
                        <span class="muted">{t('review.dueOn', { date: ctx.date(a.dueAt) })}</span>
                        {a.conflictStatement ? (
                          <p class="muted" safe>
                            {a.conflictStatement}
                          </p>
                        ) : (
                          ''
                        )}
                        {a.review ? <ReviewSummary ctx={ctx} review={a.review} confidential /> : ''}
                        {canAssign && (a.state === 'invited' || a.state === 'accepted') ? (
                          <PostForm
                            action={ctx.href(
                              `/editor/submissions/${s.id}/assignments/${a.id}/withdraw`,
                            )}
                            csrfToken={ctx.csrfToken ?? ''}
                          >
                            <p class="muted">{t('editor.withdraw.hint')}</p>
                            <button type="submit" class="button button--secondary">
                              {t('editor.withdraw.button')}
                            </button>
                          </PostForm>
                        ) : (
                          ''
                        )}
                      </li>
                    ))}
                </ul>
              </>
            ))}
          </section>
          {canAssign ? (
            <section aria-labelledby="assign-heading">
              <h2 id="assign-heading">{t('editor.assign.title')}</h2>
              <p>
                {view.reviewersNeeded > 0
                  ? t('editor.assign.needed', { count: view.reviewersNeeded })
                  : t('editor.assign.more')}
              </p>
              {view.candidates.length === 0 ? (
                <p>{t('editor.assign.noCandidates')}</p>
              ) : (
                <PostForm
                  action={ctx.href(`/editor/submissions/${s.id}/assign`)}
                  csrfToken={ctx.csrfToken ?? ''}
                >
                  <ChoiceGroup
                    ctx={ctx}
                    name="reviewers"
                    label={ctx.text('editor.assign.reviewers')}
                    problems={assignProblems}
                    values={
                      Array.isArray(values.reviewers)
                        ? values.reviewers
                        : values.reviewers
                          ? [values.reviewers]
                          : []
                    }
                    choices={view.candidates.map((c) => ({
                      value: String(c.id),
                      label: [
                        c.name,
                        ctx.text('editor.candidate.load', { count: c.openReviews }),
                        ...(c.sharedThemes.length > 0
                          ? [
                              ctx.text('editor.candidate.themes', {
                                themes: c.sharedThemes.join(', '),
                              }),
                            ]
                          : []),
                        ...(c.readsLanguage ? [ctx.text('editor.candidate.language')] : []),
                        ...(c.knowsRegion ? [ctx.text('editor.candidate.region')] : []),
                      ].join(' · '),
                    }))}
                  />
                  <Field
                    ctx={ctx}
                    type="date"
                    name="due_date"
                    label={ctx.text('editor.assign.due')}
                    problems={assignProblems}
                    value={value('due_date') ?? defaultDueDate}
                  />
                  <button type="submit" class="button">
                    {t('editor.assign.button')}
                  </button>
                </PostForm>
              )}
            </section>
          ) : (
            ''
          )}
          {view.decisions.length > 0 ? (
            <section aria-labelledby="decide-heading">
              <h2 id="decide-heading">{t('editor.decide.title')}</h2>
              <PostForm
                action={ctx.href(`/editor/submissions/${s.id}/decide`)}
                csrfToken={ctx.csrfToken ?? ''}
              >
                <ChoiceGroup
                  ctx={ctx}
                  name="decision"
                  label={ctx.text('editor.decide.decision')}
                  problems={decideProblems}
                  values={value('decision') ? [value('decision') as string] : []}
                  multiple={false}
                  choices={view.decisions.map((d) => ({
                    value: d,
                    label: ctx.text(`editor.decision.${d}` as MessageKey),
                  }))}
                />
                <TextArea
                  ctx={ctx}
                  name="message"
                  label={ctx.text('editor.decide.message')}
                  hint={ctx.text('editor.decide.messageHint')}
                  problems={decideProblems}
                  value={value('message')}
                  maxlength={10_000}
                  rows={6}
                />
                <fieldset class="field">
                  <legend>{t('editor.decide.ifPublished')}</legend>
                  <SelectField
                    ctx={ctx}
                    name="evidence_level"
                    label={ctx.text('editor.decide.level')}
                    problems={decideProblems}
                    value={value('evidence_level') ?? s.evidenceLevel ?? undefined}
                    empty=""
                    choices={EVIDENCE_LEVELS.map((l) => ({
                      value: l,
                      label: ctx.text(`evidence.${l}.label` as MessageKey),
                    }))}
                    hint={ctx.text('editor.decide.levelHint')}
                  />
                  <TextArea
                    ctx={ctx}
                    name="justification"
                    label={ctx.text('editor.decide.justification')}
                    hint={ctx.text('editor.decide.justificationHint')}
                    problems={decideProblems}
                    value={value('justification') ?? s.evidenceJustification ?? undefined}
                    maxlength={5000}
                    rows={4}
                  />
                  {view.completedReviews < MIN_REVIEWERS ? (
                    <TextArea
                      ctx={ctx}
                      name="override_reason"
                      label={ctx.text('editor.decide.override')}
                      hint={ctx.text('editor.decide.overrideHint', {
                        count: view.completedReviews,
                        needed: MIN_REVIEWERS,
                      })}
                      problems={decideProblems}
                      value={value('override_reason')}
                      maxlength={2000}
                      rows={3}
                    />
                  ) : (
                    ''
                  )}
                </fieldset>
                <button type="submit" class="button">
                  {t('editor.decide.button')}
                </button>
              </PostForm>
            </section>
          ) : (
            ''
          )}
          {s.publishOverride ? (
            <p class="notice notice--warning">
              {t('editor.decide.overridden')}{' '}
              <q dir="auto" safe>
                {s.publishOverride}
              </q>
            </p>
          ) : (
            ''
          )}
          {s.state === 'published' ? (
            <section aria-labelledby="archive-heading">
              <h2 id="archive-heading">{t('editor.archive.title')}</h2>
              <p>{t('editor.archive.explain')}</p>
              <PostForm
                action={ctx.href(`/editor/submissions/${s.id}/archive`)}
                csrfToken={ctx.csrfToken ?? ''}
              >
                <TextArea
                  ctx={ctx}
                  name="message"
                  label={ctx.text('editor.archive.reason')}
                  problems={[]}
                  rows={3}
                />
                <button type="submit" class="button button--danger">
                  {t('editor.archive.button')}
                </button>
              </PostForm>
            </section>
          ) : (
            ''
          )}
        </div>
      </div>
    </Layout>
  );
}

export interface CallFormPageProps {
  ctx: ViewContext;
  call?: CallView;
  values: Record<string, string | string[]>;
  problems: FieldProblem[];
  themes: Choice[];
  timeZones: string[];
}

export function CallFormPage({
  ctx,
  call,
  values,
  problems,
  themes,
  timeZones,
}: CallFormPageProps) {
  const { t } = ctx;
  const v = (name: string) => {
    const x = values[name];
    return Array.isArray(x) ? x[0] : x;
  };
  const heading = call ? ctx.text('call.edit', { title: call.title }) : ctx.text('call.new');
  return (
    <Layout ctx={ctx} title={heading} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href('/editor/calls')}>{t('editor.calls')}</a>
        </p>
        <h1 safe>{heading}</h1>
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm
          action={ctx.href(call ? `/editor/calls/${call.id}` : '/editor/calls')}
          csrfToken={ctx.csrfToken ?? ''}
        >
          <Field
            ctx={ctx}
            name="title"
            label={ctx.text('call.field.title')}
            problems={problems}
            value={v('title')}
            maxlength={300}
          />
          <TextArea
            ctx={ctx}
            name="description"
            label={ctx.text('call.field.description')}
            problems={problems}
            value={v('description')}
            maxlength={20_000}
            rows={8}
          />
          <ChoiceGroup
            ctx={ctx}
            name="themes"
            label={ctx.text('call.field.themes')}
            problems={problems}
            values={
              Array.isArray(values.themes) ? values.themes : values.themes ? [values.themes] : []
            }
            choices={themes}
          />
          <Field
            ctx={ctx}
            type="datetime-local"
            name="opens_at"
            label={ctx.text('call.field.opens_at')}
            problems={problems}
            value={v('opens_at')}
          />
          <Field
            ctx={ctx}
            type="datetime-local"
            name="closes_at"
            label={ctx.text('call.field.closes_at')}
            problems={problems}
            value={v('closes_at')}
          />
          <SelectField
            ctx={ctx}
            name="time_zone"
            label={ctx.text('call.field.time_zone')}
            hint={ctx.text('call.timeZoneHint')}
            problems={problems}
            value={v('time_zone') ?? 'UTC'}
            choices={timeZones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }))}
          />
          <button type="submit" class="button">
            {call ? t('call.save') : t('call.create')}
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}

export function EditorCallsPage({ ctx, calls }: { ctx: ViewContext; calls: CallView[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('editor.calls')} noindex>
      <p>
        <a href={ctx.href('/editor')}>{t('editor.backToQueue')}</a>
      </p>
      <h1>{t('editor.calls')}</h1>
      <p>
        <a class="button" href={ctx.href('/editor/calls/new')}>
          {t('call.new')}
        </a>
      </p>
      {calls.length === 0 ? (
        <p>{t('call.none')}</p>
      ) : (
        <ul class="plain-list">
          {calls.map((c) => (
            <li>
              <a href={ctx.href(`/editor/calls/${c.id}/edit`)} safe>
                {c.title}
              </a>{' '}
              <span class="muted">{t(`call.phase.${c.phase}` as MessageKey)}</span> ·{' '}
              <a href={ctx.href(`/calls/${c.slug}`)}>{t('call.publicPage')}</a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
