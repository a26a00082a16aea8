import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import {
  ChoiceGroup,
  ErrorSummary,
  Field,
  PostForm,
  SelectField,
  TextArea,
} from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { EVIDENCE_LEVELS, FieldChanges } from '../../practices/index.ts';
import type { EditorSubmissionView } from '../editorial.service.ts';
import { MIN_REVIEWERS } from '../submission.model.ts';
import { FileList, StateBadge, SubmissionText, Timeline } from './parts.tsx';
import { AssignmentBadge, ReviewSummary } from './ReviewPages.tsx';

/** One submission as the editors see it: its text, reviews, assignments and decisions. */

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
