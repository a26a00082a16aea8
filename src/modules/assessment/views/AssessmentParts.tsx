import type { ViewContext } from '../../../core/http/view-context.ts';
import type {
  AssessmentMessage,
  AssessmentState,
  AssessmentWorkspace,
} from '../assessment.model.ts';
import type { FrameworkQuestion, FrameworkText } from '../framework.model.ts';

/** Framework text in the page's language. */
export const inLocale = (ctx: ViewContext, text: FrameworkText): string => text[ctx.locale];

export function stateText(ctx: ViewContext, state: AssessmentState): JSX.Element {
  switch (state) {
    case 'draft':
      return ctx.t('assessment.state.draft');
    case 'submitted':
      return ctx.t('assessment.state.submitted');
    case 'questions':
      return ctx.t('assessment.state.questions');
    case 'accepted':
      return ctx.t('assessment.state.accepted');
  }
}

export function kindText(ctx: ViewContext, kind: FrameworkQuestion['kind']): JSX.Element {
  switch (kind) {
    case 'fact':
      return ctx.t('assessment.kind.fact');
    case 'policy':
      return ctx.t('assessment.kind.policy');
    case 'outcome':
      return ctx.t('assessment.kind.outcome');
  }
}

export function choiceText(ctx: ViewContext, choice: string): string {
  switch (choice) {
    case 'yes':
      return ctx.text('assessment.choice.yes');
    case 'partly':
      return ctx.text('assessment.choice.partly');
    case 'no':
      return ctx.text('assessment.choice.no');
    case 'not_competent':
      return ctx.text('assessment.choice.notCompetent');
    case 'improved':
      return ctx.text('assessment.choice.improved');
    case 'unchanged':
      return ctx.text('assessment.choice.unchanged');
    case 'worsened':
      return ctx.text('assessment.choice.worsened');
    default:
      return ctx.text('assessment.choice.unknown');
  }
}

/** The exchange with the editors, oldest first. */
export function Messages({ ctx, messages }: { ctx: ViewContext; messages: AssessmentMessage[] }) {
  if (messages.length === 0) return '';
  return (
    <section class="assessment-messages" aria-labelledby="messages-heading">
      <h2 id="messages-heading">{ctx.t('assessment.messages.heading')}</h2>
      <ol class="plain-list">
        {messages.map((m) => {
          const author = m.authorName ?? ctx.text('assessment.messages.formerAccount');
          return (
            <li class="notice notice--info">
              <p class="field__hint">
                {ctx.t('assessment.messages.by', { name: author, date: ctx.date(m.createdAt) })}
              </p>
              <p dir="auto" safe>
                {m.body}
              </p>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** The area scores, with the framework version that made them. */
export function ScoreTable({
  ctx,
  workspace,
}: {
  ctx: ViewContext;
  workspace: AssessmentWorkspace;
}) {
  const scores = workspace.assessment.scores;
  if (!scores) return '';
  return (
    <table class="data-table">
      <caption>
        {ctx.t('assessment.scores.caption', { version: workspace.assessment.frameworkVersion })}
      </caption>
      <thead>
        <tr>
          <th scope="col">{ctx.t('assessment.scores.area')}</th>
          <th scope="col">{ctx.t('assessment.scores.score')}</th>
        </tr>
      </thead>
      <tbody>
        {workspace.framework.areas.map((area) => {
          const score = scores[area.id];
          return (
            <tr>
              <th scope="row" safe>
                {inLocale(ctx, area.title)}
              </th>
              <td>
                {score === null || score === undefined
                  ? ctx.t('assessment.scores.none')
                  : ctx.number(score)}
              </td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}

/** Every answer of an assessment, read-only, by area. */
export function AnswerList({
  ctx,
  workspace,
}: {
  ctx: ViewContext;
  workspace: AssessmentWorkspace;
}) {
  return (
    <>
      {workspace.framework.areas.map((area) => (
        <section>
          <h2 safe>{inLocale(ctx, area.title)}</h2>
          <dl class="assessment-answers">
            {area.questions.map((q) => {
              const a = workspace.answers[q.id];
              const year =
                a?.value_year === null || a?.value_year === undefined ? '—' : String(a.value_year);
              return (
                <div>
                  <dt safe>{inLocale(ctx, q.text)}</dt>
                  <dd>
                    {!a ? (
                      ctx.t('assessment.answer.none')
                    ) : (
                      <ul class="plain-list">
                        {a.choice ? <li safe>{choiceText(ctx, a.choice)}</li> : ''}
                        {a.value !== null ? (
                          <li>{ctx.t('assessment.answer.figure', { value: a.value, year })}</li>
                        ) : (
                          ''
                        )}
                        {a.source ? (
                          <li dir="auto" safe>
                            {a.source}
                          </li>
                        ) : (
                          ''
                        )}
                        {a.note ? (
                          <li dir="auto" safe>
                            {a.note}
                          </li>
                        ) : (
                          ''
                        )}
                        {a.evidence_url ? (
                          <li>
                            <a href={a.evidence_url} rel="nofollow noopener" safe>
                              {a.evidence_url}
                            </a>
                          </li>
                        ) : (
                          ''
                        )}
                      </ul>
                    )}
                  </dd>
                </div>
              );
            })}
          </dl>
        </section>
      ))}
    </>
  );
}
