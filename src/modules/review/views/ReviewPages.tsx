import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { ErrorSummary, fieldId, PostForm, TextArea } from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { PlaceText } from '../../../views/components/PlaceName.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { EVIDENCE_LEVELS } from '../../practices/index.ts';
import type {
  AssignmentForEditor,
  AssignmentListing,
  AssignmentView,
} from '../review-assignment.service.ts';
import { RECOMMENDATIONS, REVIEW_MESSAGE_MAX, SCORES } from '../submission.model.ts';
import { FileList, SubmissionText } from './parts.tsx';

export function AssignmentBadge({ ctx, state }: { ctx: ViewContext; state: string }) {
  return (
    <span class={`state state--${state}`}>{ctx.t(`review.state.${state}` as MessageKey)}</span>
  );
}

export function ReviewDashboard({
  ctx,
  assignments,
}: {
  ctx: ViewContext;
  assignments: AssignmentListing[];
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('review.dashboard.title')} noindex>
      <h1>{t('review.dashboard.title')}</h1>
      <p>{t('review.dashboard.lead')}</p>
      {assignments.length === 0 ? (
        <p>{t('review.dashboard.none')}</p>
      ) : (
        <ScrollTable label={ctx.text('review.dashboard.title')}>
          <table class="table">
            <thead>
              <tr>
                <th scope="col">{t('submission.field.title')}</th>
                <th scope="col">{t('review.state')}</th>
                <th scope="col">{t('review.due')}</th>
              </tr>
            </thead>
            <tbody>
              {assignments.map((a) => (
                <tr>
                  <td>
                    <a href={ctx.href(`/review/assignments/${a.id}`)} safe>
                      {a.title || ctx.text('submission.untitled')}
                    </a>
                  </td>
                  <td>
                    <AssignmentBadge ctx={ctx} state={a.state} />
                  </td>
                  <td>
                    <time datetime={a.dueAt} safe>
                      {ctx.date(a.dueAt)}
                    </time>
                    {a.overdue ? <strong class="overdue"> {t('review.overdue')}</strong> : ''}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

/** A completed review, as the editors (and its author) read it. */
export function ReviewSummary({
  ctx,
  review,
  confidential,
}: {
  ctx: ViewContext;
  review: NonNullable<AssignmentForEditor['review']>;
  confidential: boolean;
}) {
  const { t } = ctx;
  return (
    <div class="review-summary">
      <dl class="facts__list">
        {SCORES.map((score) => (
          <FactRow label={t(`review.score.${score}` as MessageKey)}>
            {t('review.scoreOf', { score: review.scores[score] })}
          </FactRow>
        ))}
        <FactRow label={t('review.field.proposed_evidence_level')}>
          {t(`evidence.${review.proposedEvidenceLevel}.label` as MessageKey)}
        </FactRow>
        <FactRow label={t('review.field.recommendation')}>
          {t(`review.recommendation.${review.recommendation}` as MessageKey)}
        </FactRow>
      </dl>
      <h4>{t('review.field.message_to_author')}</h4>
      <blockquote>
        {review.messageToAuthor.split(/\n{2,}/).map((p) => (
          <p safe>{p}</p>
        ))}
      </blockquote>
      {confidential && review.messageToEditor ? (
        <>
          <h4>{t('review.field.message_to_editor')}</h4>
          <blockquote class="confidential">
            {review.messageToEditor.split(/\n{2,}/).map((p) => (
              <p safe>{p}</p>
            ))}
          </blockquote>
        </>
      ) : (
        ''
      )}
    </div>
  );
}

export interface AssignmentPageProps {
  ctx: ViewContext;
  assignment: AssignmentView;
  problems?: FieldProblem[];
  values?: Record<string, string>;
}

export function AssignmentPage({
  ctx,
  assignment: a,
  problems = [],
  values = {},
}: AssignmentPageProps) {
  const { t } = ctx;
  const title = a.identification.title || ctx.text('submission.untitled');
  const base = `/review/assignments/${a.id}`;
  // What was just sent, else the draft as last saved.
  const shown = Object.keys(values).length > 0 ? values : (a.draft?.values ?? {});
  return (
    <Layout ctx={ctx} title={title} noindex>
      <p>
        <a href={ctx.href('/review')}>{t('review.backToList')}</a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        {t('review.state')}: <AssignmentBadge ctx={ctx} state={a.state} /> ·{' '}
        {t('review.dueOn', { date: ctx.date(a.dueAt) })}
      </p>
      <ErrorSummary ctx={ctx} problems={problems} />
      {a.state === 'invited' ? (
        <section aria-labelledby="declare-heading" class="form-page">
          <h2 id="declare-heading">{t('review.declare.title')}</h2>
          <p>{t('review.declare.lead')}</p>
          <dl class="facts__list">
            <FactRow
              label={t('submission.field.organisations')}
              text={a.identification.organisations.join('; ')}
            />
            <FactRow label={t('submission.field.country')}>
              <PlaceText
                ctx={ctx}
                city={a.identification.city}
                country={a.identification.country ?? ''}
              />
            </FactRow>
          </dl>
          <PostForm action={ctx.href(`${base}/declare`)} csrfToken={ctx.csrfToken ?? ''}>
            <fieldset
              class={problems.some((p) => p.field === 'conflict') ? 'field field--error' : 'field'}
            >
              <legend>{t('review.declare.question')}</legend>
              <label class="choice">
                <input
                  type="radio"
                  name="conflict"
                  value="no"
                  id={fieldId('conflict')}
                  checked={values.conflict === 'no'}
                />
                <span>{t('review.declare.no')}</span>
              </label>
              <label class="choice">
                <input
                  type="radio"
                  name="conflict"
                  value="yes"
                  checked={values.conflict === 'yes'}
                />
                <span>{t('review.declare.yes')}</span>
              </label>
            </fieldset>
            <TextArea
              ctx={ctx}
              name="statement"
              label={ctx.text('review.field.statement')}
              hint={ctx.text('review.declare.statementHint')}
              problems={problems}
              value={values.statement}
              rows={3}
            />
            <button type="submit" class="button">
              {t('review.declare.button')}
            </button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
      {a.state === 'conflict' ? <p class="notice">{t('review.conflict.declared')}</p> : ''}
      {a.state === 'withdrawn' ? <p class="notice">{t('review.withdrawn')}</p> : ''}
      {a.submission ? (
        <>
          <SubmissionText ctx={ctx} submission={a.submission} />
          <section aria-labelledby="files-heading">
            <h2 id="files-heading">{t('submission.files')}</h2>
            <FileList ctx={ctx} files={a.submission.files} />
          </section>
        </>
      ) : (
        ''
      )}
      {a.state === 'accepted' ? (
        <section aria-labelledby="review-heading" class="review-form">
          <h2 id="review-heading">{t('review.form.title')}</h2>
          <p>{t('review.form.lead')}</p>
          {a.draft ? (
            <p class="notice" role="status">
              {t('review.draft.saved', { date: ctx.date(a.draft.savedAt) })}
            </p>
          ) : (
            ''
          )}
          <PostForm action={ctx.href(`${base}/review`)} csrfToken={ctx.csrfToken ?? ''} warnUnsaved>
            {SCORES.map((score) => {
              const name = `score_${score}`;
              const problem = problems.some((p) => p.field === name);
              return (
                <fieldset class={problem ? 'field field--error score' : 'field score'}>
                  <legend>{t(`review.score.${score}` as MessageKey)}</legend>
                  <p class="field__hint">{t(`review.scoreHint.${score}` as MessageKey)}</p>
                  <div class="score__choices">
                    {[1, 2, 3, 4, 5].map((n) => (
                      <label class="choice">
                        <input
                          type="radio"
                          name={name}
                          value={String(n)}
                          id={n === 1 ? fieldId(name) : `${fieldId(name)}-${n}`}
                          checked={shown[name] === String(n)}
                        />
                        <span>{t('review.scoreOf', { score: n })}</span>
                      </label>
                    ))}
                  </div>
                </fieldset>
              );
            })}
            <FormFields
              ctx={ctx}
              problems={problems}
              values={shown}
              fields={[
                {
                  kind: 'select',
                  name: 'proposed_evidence_level',
                  label: ctx.text('review.field.proposed_evidence_level'),
                  hint: ctx.text('review.evidenceHint'),
                  empty: '',
                  choices: EVIDENCE_LEVELS.map((l) => ({
                    value: l,
                    label: ctx.text(`evidence.${l}.label` as MessageKey),
                  })),
                },
                {
                  kind: 'select',
                  name: 'recommendation',
                  label: ctx.text('review.field.recommendation'),
                  empty: '',
                  choices: RECOMMENDATIONS.map((r) => ({
                    value: r,
                    label: ctx.text(`review.recommendation.${r}` as MessageKey),
                  })),
                },
                {
                  kind: 'area',
                  name: 'message_to_author',
                  label: ctx.text('review.field.message_to_author'),
                  hint: ctx.text('review.authorHint'),
                  maxlength: REVIEW_MESSAGE_MAX,
                  rows: 8,
                },
                {
                  kind: 'area',
                  name: 'message_to_editor',
                  label: ctx.text('review.field.message_to_editor'),
                  hint: ctx.text('review.editorHint'),
                  maxlength: REVIEW_MESSAGE_MAX,
                  rows: 4,
                },
              ]}
            />
            <div class="form-actions">
              <button type="submit" class="button">
                {t('review.form.submit')}
              </button>
              <button
                type="submit"
                class="button button--secondary"
                formaction={ctx.href(`${base}/draft`)}
                formnovalidate
              >
                {t('review.draft.save')}
              </button>
            </div>
          </PostForm>
        </section>
      ) : (
        ''
      )}
      {a.review ? (
        <section aria-labelledby="my-review">
          <h2 id="my-review">{t('review.mine')}</h2>
          <ReviewSummary ctx={ctx} review={a.review} confidential />
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
