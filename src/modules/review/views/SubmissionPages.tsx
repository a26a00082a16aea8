import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { PostForm, problemText } from '../../../views/components/Form.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { PracticeDetail } from '../../practices/index.ts';
import { PracticeArticle } from '../../practices/index.ts';
import type { CallView } from '../call.service.ts';
import { canMove, EDITABLE_STATES } from '../submission.model.ts';
import type { SubmissionListing } from '../submission.service.ts';
import type { SubmissionView } from '../submission-view.ts';
import {
  FileList,
  MissingSummary,
  StateBadge,
  StepNav,
  SubmissionText,
  Timeline,
} from './parts.tsx';

export function SubmissionsPage({
  ctx,
  submissions,
  calls,
}: {
  ctx: ViewContext;
  submissions: SubmissionListing[];
  calls: CallView[];
}) {
  const { t } = ctx;
  const open = calls.filter((c) => c.phase === 'open');
  return (
    <Layout ctx={ctx} title={ctx.text('submission.dashboard.title')} noindex>
      <h1>{t('submission.dashboard.title')}</h1>
      <p>{t('submission.dashboard.lead')}</p>
      <PostForm action={ctx.href('/submissions')} csrfToken={ctx.csrfToken ?? ''}>
        <button type="submit" class="button">
          {t('submission.new')}
        </button>
      </PostForm>
      {open.length > 0 ? (
        <section aria-labelledby="open-calls">
          <h2 id="open-calls">{t('call.open.title')}</h2>
          <ul class="plain-list">
            {open.map((c) => (
              <li>
                <a href={ctx.href(`/calls/${c.slug}`)} safe>
                  {c.title}
                </a>{' '}
                <span class="muted">{t('call.closes', { date: ctx.date(c.closesAt) })}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="mine">
        <h2 id="mine">{t('submission.dashboard.mine')}</h2>
        {submissions.length === 0 ? (
          <p>{t('submission.dashboard.none')}</p>
        ) : (
          <ScrollTable label={ctx.text('submission.dashboard.mine')}>
            <table class="table">
              <thead>
                <tr>
                  <th scope="col">{t('submission.field.title')}</th>
                  <th scope="col">{t('submission.state')}</th>
                  <th scope="col">{t('submission.updated')}</th>
                </tr>
              </thead>
              <tbody>
                {submissions.map((s) => (
                  <tr>
                    <td>
                      <a href={ctx.href(`/submissions/${s.id}`)} safe>
                        {s.title || ctx.text('submission.untitled')}
                      </a>
                    </td>
                    <td>
                      <StateBadge ctx={ctx} state={s.state} />
                    </td>
                    <td>
                      <time datetime={s.updatedAt} safe>
                        {ctx.date(s.updatedAt)}
                      </time>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </ScrollTable>
        )}
      </section>
    </Layout>
  );
}

export interface SubmissionPageProps {
  ctx: ViewContext;
  submission: SubmissionView;
  /** Problems from an attempt to submit or to upload. */
  problems?: FieldProblem[];
  /** Why a complete submission was not sent (too many sent in the hour). */
  refusals?: FieldProblem[];
  uploadProblems?: FieldProblem[];
  notice?: string;
  maxUploadMb: number;
}

/**
 * The editors' message on the decision the submission is in (changes asked, rejected,
 * published), at the top of the author's page: it is what they have to act on, not history.
 */
function EditorsMessage({ ctx, submission: s }: { ctx: ViewContext; submission: SubmissionView }) {
  if (!['changes_requested', 'rejected', 'published'].includes(s.state)) return '';
  const decision = [...s.events].reverse().find((e) => e.to === s.state);
  if (!decision?.message) return '';
  return (
    <section class="panel editors-message" aria-labelledby="editors-message-heading">
      <h2 id="editors-message-heading">
        {ctx.t('submission.editorsMessage', { date: ctx.date(decision.at) })}
      </h2>
      <blockquote>
        {decision.message.split(/\n{2,}/).map((p) => (
          <p safe>{p}</p>
        ))}
      </blockquote>
    </section>
  );
}

export function SubmissionPage({
  ctx,
  submission: s,
  problems = [],
  refusals = [],
  uploadProblems = [],
  notice,
  maxUploadMb,
}: SubmissionPageProps) {
  const { t } = ctx;
  const editable = EDITABLE_STATES.includes(s.state);
  const title = s.data.title || ctx.text('submission.untitled');
  const upload = uploadProblems[0];
  return (
    <Layout ctx={ctx} title={title} noindex>
      <p>
        <a href={ctx.href('/submissions')}>{t('submission.backToList')}</a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        {t('submission.state')}: <StateBadge ctx={ctx} state={s.state} />
        {s.call ? (
          <>
            {' · '}
            {t('submission.answersCall')}{' '}
            <a href={ctx.href(`/calls/${s.call.slug}`)} safe>
              {s.call.title}
            </a>
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
      <p class="lead">{t(`submission.explain.${s.state}` as MessageKey)}</p>
      <EditorsMessage ctx={ctx} submission={s} />
      {notice ? (
        <p class="notice notice--success" role="status" safe>
          {notice}
        </p>
      ) : (
        ''
      )}
      {refusals.length > 0 ? (
        <div class="notice notice--error" role="alert" tabindex="-1" id="error-summary">
          {refusals.map((p) => (
            <p safe>{problemText(ctx, p)}</p>
          ))}
        </div>
      ) : (
        ''
      )}
      {problems.length > 0 ? (
        <MissingSummary
          ctx={ctx}
          id={s.id}
          problems={problems}
          title={ctx.text('submission.cannotSubmit', { count: problems.length })}
        />
      ) : (
        ''
      )}
      {s.reviewerMessages.length > 0 ? (
        <section aria-labelledby="reviews-heading">
          <h2 id="reviews-heading">{t('submission.reviewerMessages')}</h2>
          {s.reviewerMessages.map((m) => (
            <figure class="review-message">
              <figcaption>
                {t('submission.reviewerN', { number: m.reviewer, round: m.round })}
              </figcaption>
              <blockquote>
                {m.message.split(/\n{2,}/).map((p) => (
                  <p safe>{p}</p>
                ))}
              </blockquote>
            </figure>
          ))}
        </section>
      ) : (
        ''
      )}
      {editable ? (
        <section aria-labelledby="steps-heading">
          <h2 id="steps-heading">{t('submission.steps')}</h2>
          <StepNav ctx={ctx} id={s.id} />
          {problems.length === 0 && s.missing.length > 0 ? (
            <MissingSummary
              ctx={ctx}
              id={s.id}
              problems={s.missing}
              title={ctx.text('submission.stillMissing', { count: s.missing.length })}
            />
          ) : (
            ''
          )}
          <div class="form-actions">
            <a class="button button--secondary" href={ctx.href(`/submissions/${s.id}/preview`)}>
              {t('submission.preview')}
            </a>
            <PostForm
              action={ctx.href(`/submissions/${s.id}/submit`)}
              csrfToken={ctx.csrfToken ?? ''}
              class="inline-form"
            >
              <button type="submit" class="button">
                {s.state === 'draft' ? t('submission.submit') : t('submission.resubmit')}
              </button>
            </PostForm>
          </div>
        </section>
      ) : (
        <p>
          <a href={ctx.href(`/submissions/${s.id}/preview`)}>{t('submission.preview')}</a>
        </p>
      )}
      <section aria-labelledby="files-heading">
        <h2 id="files-heading">{t('submission.files')}</h2>
        <FileList
          ctx={ctx}
          files={s.files}
          remove={
            editable
              ? (fileId) => ctx.href(`/submissions/${s.id}/files/${fileId}/delete`)
              : undefined
          }
        />
        {editable ? (
          <form
            method="post"
            action={ctx.href(`/submissions/${s.id}/files`)}
            enctype="multipart/form-data"
            class="upload-form"
            novalidate
          >
            <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
            <div class={upload ? 'field field--error' : 'field'}>
              <label for="field-file">{t('submission.files.add')}</label>
              <p class="field__hint" id="field-file-hint">
                {t('submission.files.hint', { max: maxUploadMb })}
              </p>
              {upload ? (
                <p class="field__error" id="field-file-error" role="alert" safe>
                  {upload.key ? ctx.text(upload.key as MessageKey, upload.values) : upload.message}
                </p>
              ) : (
                ''
              )}
              <input
                type="file"
                id="field-file"
                name="file"
                accept="application/pdf,image/png,image/jpeg,image/webp"
                aria-describedby={upload ? 'field-file-hint field-file-error' : 'field-file-hint'}
                aria-invalid={upload ? 'true' : undefined}
              />
            </div>
            <button type="submit" class="button button--secondary">
              {t('submission.files.upload')}
            </button>
          </form>
        ) : (
          ''
        )}
      </section>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">{t('submission.history')}</h2>
        <Timeline ctx={ctx} events={s.events} />
      </section>
      {canMove(s.state, 'withdrawn', 'author') ? (
        <section aria-labelledby="withdraw-heading">
          <h2 id="withdraw-heading">{t('submission.withdraw.title')}</h2>
          <p>{t('submission.withdraw.explain')}</p>
          <PostForm
            action={ctx.href(`/submissions/${s.id}/withdraw`)}
            csrfToken={ctx.csrfToken ?? ''}
          >
            <button type="submit" class="button button--danger">
              {t('submission.withdraw.button')}
            </button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function PreviewPage({
  ctx,
  submission,
  preview,
}: {
  ctx: ViewContext;
  submission: SubmissionView;
  preview: { ok: true; practice: PracticeDetail } | { ok: false; problems: FieldProblem[] };
}) {
  const { t } = ctx;
  const title = submission.data.title || ctx.text('submission.untitled');
  return (
    <Layout ctx={ctx} title={ctx.text('submission.previewOf', { title })} noindex>
      <div class="notice notice--warning preview-banner" role="note">
        <p>
          <strong>{t('submission.previewBanner')}</strong>{' '}
          <a href={ctx.href(`/submissions/${submission.id}`)}>{t('submission.backToOverview')}</a>
        </p>
      </div>
      {preview.ok ? (
        <PracticeArticle ctx={ctx} practice={preview.practice} preview />
      ) : (
        <>
          <h1 safe>{title}</h1>
          <MissingSummary
            ctx={ctx}
            id={submission.id}
            problems={preview.problems}
            title={ctx.text('submission.previewMissing', { count: preview.problems.length })}
          />
          <SubmissionText ctx={ctx} submission={submission} />
        </>
      )}
    </Layout>
  );
}
