import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { ErrorSummary, PostForm, TextArea } from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { type AssessmentWorkspace, LIMITS } from '../assessment.model.ts';
import type { QueuedAssessment } from '../assessment-review.service.ts';
import { AnswerList, Messages, ScoreTable, stateText } from './AssessmentParts.tsx';

export function AssessmentQueuePage({
  ctx,
  queue,
  done,
}: {
  ctx: ViewContext;
  queue: QueuedAssessment[];
  done?: string | undefined;
}) {
  const title = ctx.text('assessment.queue.title');
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      <p>
        <a href={ctx.href('/editor')}>{ctx.t('editor.title')}</a>
      </p>
      {done === 'asked' || done === 'accepted' ? (
        <p class="notice notice--success" role="status">
          {done === 'asked' ? ctx.t('assessment.done.asked') : ctx.t('assessment.done.accepted')}
        </p>
      ) : (
        ''
      )}
      <p>{ctx.t('assessment.queue.count', { count: queue.length })}</p>
      {queue.length > 0 ? (
        <table class="data-table" id="assessment-queue">
          <thead>
            <tr>
              <th scope="col">{ctx.t('assessment.queue.city')}</th>
              <th scope="col">{ctx.t('assessment.city.year')}</th>
              <th scope="col">{ctx.t('assessment.queue.submitted')}</th>
            </tr>
          </thead>
          <tbody>
            {queue.map((item) => (
              <tr>
                <th scope="row">
                  <a href={ctx.href(`/editor/assessments/${item.id}`)} safe>
                    {item.city_name}
                  </a>
                </th>
                <td safe>{String(item.year)}</td>
                <td>{item.submitted_at ? ctx.date(item.submitted_at) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function AssessmentReviewPage({
  ctx,
  id,
  workspace,
  values,
  problems,
}: {
  ctx: ViewContext;
  id: number;
  workspace: AssessmentWorkspace;
  values: Record<string, string | string[]>;
  problems: FieldProblem[];
}) {
  const { assessment, city } = workspace;
  const title = ctx.text('assessment.edit.title', {
    city: city.name,
    year: String(assessment.year),
  });
  const message = typeof values.message === 'string' ? values.message : '';
  const waiting = assessment.state === 'submitted';
  return (
    <Layout ctx={ctx} title={title} noindex>
      <p>
        <a href={ctx.href('/editor/assessments')}>{ctx.t('assessment.queue.title')}</a>
      </p>
      <h1 safe>{title}</h1>
      <p>
        {ctx.t('assessment.edit.state')} <strong>{stateText(ctx, assessment.state)}</strong>
        {' · '}
        {ctx.t('assessment.edit.version', { version: assessment.frameworkVersion })}
        {' · '}
        {assessment.sharePublicly
          ? ctx.t('assessment.share.public')
          : ctx.t('assessment.share.private')}
      </p>
      <ErrorSummary ctx={ctx} problems={problems} />
      <Messages ctx={ctx} messages={workspace.messages} />
      {waiting && ctx.csrfToken ? (
        <div class="assessment-decision">
          <PostForm action={ctx.href(`/editor/assessments/${id}/accept`)} csrfToken={ctx.csrfToken}>
            <button type="submit" class="button">
              {ctx.t('assessment.editor.accept')}
            </button>
          </PostForm>
          <PostForm
            action={ctx.href(`/editor/assessments/${id}/question`)}
            csrfToken={ctx.csrfToken}
          >
            <TextArea
              ctx={ctx}
              name="message"
              label={ctx.text('assessment.editor.question')}
              hint={ctx.text('assessment.editor.questionHint')}
              value={message}
              problems={problems}
              maxlength={LIMITS.message}
              rows={4}
            />
            <button type="submit" class="button button--secondary">
              {ctx.t('assessment.editor.ask')}
            </button>
          </PostForm>
        </div>
      ) : (
        ''
      )}
      <ScoreTable ctx={ctx} workspace={workspace} />
      <AnswerList ctx={ctx} workspace={workspace} />
    </Layout>
  );
}
