import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import {
  ChoiceGroup,
  ErrorSummary,
  Field,
  fieldId,
  labelField,
  PostForm,
  SelectField,
  TextArea,
} from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import {
  type AnswerPart,
  type AssessmentWorkspace,
  answerField,
  type CityAssessments,
  LIMITS,
} from '../assessment.model.ts';
import {
  type FrameworkArea,
  type FrameworkQuestion,
  OUTCOME_CHOICES,
  POLICY_CHOICES,
} from '../framework.model.ts';
import {
  choiceText,
  inLocale,
  kindText,
  Messages,
  ScoreTable,
  stateText,
} from './AssessmentParts.tsx';

type Values = Record<string, string | string[]>;

const editPath = (cityId: number, year: number) => `/cities/${cityId}/assessment/${year}/edit`;

function title(ctx: ViewContext, workspace: AssessmentWorkspace): string {
  return ctx.text('assessment.edit.title', {
    city: workspace.city.name,
    year: String(workspace.assessment.year),
  });
}

/** A city's assessments and the form to start one. */
export function CityAssessmentsPage({
  ctx,
  data,
  values,
  problems,
}: {
  ctx: ViewContext;
  data: CityAssessments;
  values: Values;
  problems: FieldProblem[];
}) {
  const pageTitle = ctx.text('assessment.city.title', { city: data.city.name });
  const chosen = typeof values.year === 'string' ? values.year : undefined;
  return (
    <Layout ctx={ctx} title={pageTitle} noindex>
      <h1 safe>{pageTitle}</h1>
      <p>
        {ctx.t('assessment.city.lead')}{' '}
        <a href={ctx.href('/self-assessment/method')}>{ctx.t('assessment.method.link')}</a>
      </p>
      <ErrorSummary ctx={ctx} problems={problems} />
      {data.assessments.length > 0 ? (
        <table class="data-table">
          <caption>{ctx.t('assessment.city.existing')}</caption>
          <thead>
            <tr>
              <th scope="col">{ctx.t('assessment.city.year')}</th>
              <th scope="col">{ctx.t('assessment.city.state')}</th>
            </tr>
          </thead>
          <tbody>
            {data.assessments.map((a) => (
              <tr>
                <th scope="row">
                  <a href={ctx.href(editPath(data.city.id, a.year))} safe>
                    {String(a.year)}
                  </a>
                </th>
                <td>{stateText(ctx, a.state)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{ctx.t('assessment.city.none')}</p>
      )}
      {data.startableYears.length > 0 && ctx.csrfToken ? (
        <section aria-labelledby="start-heading">
          <h2 id="start-heading">{ctx.t('assessment.city.start')}</h2>
          <PostForm
            action={ctx.href(`/cities/${data.city.id}/self-assessment`)}
            csrfToken={ctx.csrfToken}
          >
            <SelectField
              ctx={ctx}
              name="year"
              label={ctx.text('assessment.city.year')}
              hint={ctx.text('assessment.city.yearHint')}
              value={chosen ?? String(data.startableYears[0])}
              problems={problems}
              choices={data.startableYears.map((y) => ({ value: String(y), label: String(y) }))}
            />
            <button type="submit" class="button">
              {ctx.t('assessment.city.startButton')}
            </button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** The areas, each with how many of its questions are answered: the way between area pages. */
function AreaNav({
  ctx,
  workspace,
  current,
}: {
  ctx: ViewContext;
  workspace: AssessmentWorkspace;
  current?: string;
}) {
  const base = editPath(workspace.city.id, workspace.assessment.year);
  return (
    <nav aria-label={ctx.text('assessment.areas.label')}>
      <ol class="plain-list assessment-areas">
        {workspace.progress.map(({ area, answered, total }) => (
          <li>
            <a
              href={ctx.href(`${base}/areas/${area.id}`)}
              aria-current={area.id === current ? 'page' : undefined}
              safe
            >
              {inLocale(ctx, area.title)}
            </a>{' '}
            <span class="field__hint">
              {ctx.t('assessment.areas.answered', { answered, total })}
            </span>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function doneNotice(ctx: ViewContext, done: string | undefined) {
  if (done === 'sent') return ctx.t('assessment.done.sent');
  if (done === 'sharing') return ctx.t('assessment.done.sharing');
  return undefined;
}

/** The assessment's own page: the editors' messages first, then the areas, sharing and scores. */
export function AssessmentOverviewPage({
  ctx,
  workspace,
  done,
  problems,
}: {
  ctx: ViewContext;
  workspace: AssessmentWorkspace;
  done?: string | undefined;
  problems: FieldProblem[];
}) {
  const { assessment, city } = workspace;
  const base = editPath(city.id, assessment.year);
  const notice = doneNotice(ctx, done);
  return (
    <Layout ctx={ctx} title={title(ctx, workspace)} noindex>
      <p>
        <a href={ctx.href(`/cities/${city.id}/self-assessment`)}>
          {ctx.t('assessment.city.title', { city: city.name })}
        </a>
      </p>
      <h1 safe>{title(ctx, workspace)}</h1>
      {notice ? (
        <p class="notice notice--success" role="status">
          {notice}
        </p>
      ) : (
        ''
      )}
      <Messages ctx={ctx} messages={workspace.messages} />
      <p>
        {ctx.t('assessment.edit.state')} <strong>{stateText(ctx, assessment.state)}</strong>
        {' · '}
        {ctx.t('assessment.edit.version', { version: assessment.frameworkVersion })}
      </p>
      {assessment.state === 'submitted' ? <p>{ctx.t('assessment.edit.withEditors')}</p> : ''}
      {assessment.state === 'questions' ? <p>{ctx.t('assessment.edit.answerQuestions')}</p> : ''}
      <h2>{ctx.t('assessment.areas.heading')}</h2>
      <AreaNav ctx={ctx} workspace={workspace} />
      {workspace.editable ? (
        <p>
          <a class="button" href={ctx.href(`${base}/review`)}>
            {ctx.t('assessment.review.link')}
          </a>
        </p>
      ) : (
        ''
      )}
      <ScoreTable ctx={ctx} workspace={workspace} />
      <section aria-labelledby="sharing-heading">
        <h2 id="sharing-heading">{ctx.t('assessment.share.heading')}</h2>
        <p>
          {assessment.publishedAt
            ? ctx.t('assessment.share.published', { date: ctx.date(assessment.publishedAt) })
            : ctx.t('assessment.share.notPublished')}
        </p>
        {ctx.csrfToken ? (
          <PostForm
            action={ctx.href(`/cities/${city.id}/assessment/${assessment.year}/sharing`)}
            csrfToken={ctx.csrfToken}
          >
            <ErrorSummary ctx={ctx} problems={problems} />
            <ShareChoice ctx={ctx} shared={assessment.sharePublicly} problems={problems} />
            <button type="submit" class="button button--secondary">
              {ctx.t('assessment.share.save')}
            </button>
          </PostForm>
        ) : (
          ''
        )}
      </section>
    </Layout>
  );
}

function ShareChoice({
  ctx,
  shared,
  problems,
}: {
  ctx: ViewContext;
  shared: boolean | undefined;
  problems: FieldProblem[];
}) {
  return (
    <ChoiceGroup
      ctx={ctx}
      name="share"
      label={ctx.text('assessment.share.label')}
      hint={ctx.text('assessment.share.hint')}
      values={shared === undefined ? [] : [shared ? 'public' : 'private']}
      problems={problems}
      multiple={false}
      choices={[
        { value: 'public', label: ctx.text('assessment.share.public') },
        { value: 'private', label: ctx.text('assessment.share.private') },
      ]}
    />
  );
}

function shownValue(
  workspace: AssessmentWorkspace,
  values: Values | undefined,
  question: FrameworkQuestion,
  part: AnswerPart,
): string {
  if (values) {
    const typed = values[answerField(question.id, part)];
    return typeof typed === 'string' ? typed : '';
  }
  const answer = workspace.answers[question.id];
  if (!answer) return '';
  const stored = {
    choice: answer.choice,
    value: answer.value,
    year: answer.value_year,
    source: answer.source,
    url: answer.evidence_url,
    note: answer.note,
  }[part];
  return stored === null ? '' : String(stored);
}

function unitText(ctx: ViewContext, unit: FrameworkQuestion['unit']): string {
  switch (unit) {
    case 'percent':
      return ctx.text('assessment.unit.percent');
    case 'count':
      return ctx.text('assessment.unit.count');
    case 'days':
      return ctx.text('assessment.unit.days');
    case 'ratio':
      return ctx.text('assessment.unit.ratio');
    default:
      return '';
  }
}

/** One question with the controls its kind asks for. */
function QuestionFields({
  ctx,
  workspace,
  question,
  number,
  values,
  problems,
}: {
  ctx: ViewContext;
  workspace: AssessmentWorkspace;
  question: FrameworkQuestion;
  number: number;
  values: Values | undefined;
  problems: FieldProblem[];
}) {
  const questionText = inLocale(ctx, question.text);
  const value = (part: AnswerPart) => shownValue(workspace, values, question, part);
  const name = (part: AnswerPart) => answerField(question.id, part);
  // The error summary names the question as well as the part ("Figure" alone is ambiguous):
  // these labels are told to it once the fields, which tell their own, are drawn.
  const summaryLabels: [string, string][] = [];
  const label = (part: AnswerPart, text: string) => {
    summaryLabels.push([name(part), `${questionText} — ${text}`]);
    return text;
  };
  const figures = question.kind !== 'policy';
  const unit = unitText(ctx, question.unit);
  const choices = question.kind === 'policy' ? POLICY_CHOICES : OUTCOME_CHOICES;
  const fields = (
    <fieldset class="assessment-question" id={`q-${question.id}`}>
      <legend>
        <span>{ctx.t('assessment.question.number', { number })}</span>{' '}
        <span safe>{questionText}</span>
      </legend>
      <p class="field__hint">
        {kindText(ctx, question.kind)}
        {question.kind === 'fact' ? (
          ''
        ) : (
          <> · {ctx.t('assessment.question.weight', { weight: question.weight })}</>
        )}
      </p>
      <p class="field__hint" safe>
        {inLocale(ctx, question.guidance)}
      </p>
      {question.kind !== 'fact' ? (
        <ChoiceGroup
          ctx={ctx}
          name={name('choice')}
          label={label(
            'choice',
            question.kind === 'policy'
              ? ctx.text('assessment.field.policyChoice')
              : ctx.text('assessment.field.trend'),
          )}
          values={[value('choice')]}
          problems={problems}
          multiple={false}
          choices={choices.map((c) => ({ value: c, label: choiceText(ctx, c) }))}
        />
      ) : (
        ''
      )}
      {figures ? (
        <>
          <Field
            ctx={ctx}
            name={name('value')}
            label={label('value', ctx.text('assessment.field.figure'))}
            hint={unit || undefined}
            value={value('value')}
            problems={problems}
          />
          <Field
            ctx={ctx}
            name={name('year')}
            label={label('year', ctx.text('assessment.field.year'))}
            value={value('year')}
            problems={problems}
          />
          <Field
            ctx={ctx}
            name={name('source')}
            label={label('source', ctx.text('assessment.field.source'))}
            value={value('source')}
            problems={problems}
            maxlength={LIMITS.source}
          />
        </>
      ) : (
        <TextArea
          ctx={ctx}
          name={name('note')}
          label={label('note', ctx.text('assessment.field.example'))}
          value={value('note')}
          problems={problems}
          maxlength={LIMITS.note}
          rows={3}
        />
      )}
      <Field
        ctx={ctx}
        name={name('url')}
        label={label('url', ctx.text('assessment.field.evidence'))}
        hint={ctx.text('assessment.field.evidenceHint')}
        value={value('url')}
        problems={problems}
      />
    </fieldset>
  );
  for (const [field, text] of summaryLabels) labelField(ctx, field, text);
  return fields;
}

/** One area's questions on a page of their own, saved as a draft. */
export function AreaPage({
  ctx,
  workspace,
  areaId,
  values,
  problems,
  saved,
}: {
  ctx: ViewContext;
  workspace: AssessmentWorkspace;
  areaId: string;
  values: Values | undefined;
  problems: FieldProblem[];
  saved: boolean;
}) {
  const { assessment, city } = workspace;
  const areas = workspace.framework.areas;
  const index = areas.findIndex((a) => a.id === areaId);
  const area = areas[index] as FrameworkArea | undefined;
  const base = editPath(city.id, assessment.year);
  if (!area)
    return (
      <Layout ctx={ctx} title={title(ctx, workspace)} noindex>
        <h1 safe>{title(ctx, workspace)}</h1>
        <p>{ctx.t('assessment.area.unknown')}</p>
        <AreaNav ctx={ctx} workspace={workspace} />
      </Layout>
    );
  const areaTitle = inLocale(ctx, area.title);
  const next = areas[index + 1];
  return (
    <Layout ctx={ctx} title={`${areaTitle} — ${title(ctx, workspace)}`} noindex>
      <p>
        <a href={ctx.href(base)} safe>
          {title(ctx, workspace)}
        </a>
      </p>
      <h1 safe>{areaTitle}</h1>
      <p safe>{inLocale(ctx, area.description)}</p>
      {saved ? (
        <p class="notice notice--success" role="status">
          {ctx.t('assessment.done.saved')}
        </p>
      ) : (
        ''
      )}
      {workspace.editable ? (
        ''
      ) : (
        <p class="notice notice--info">{ctx.t('assessment.area.locked')}</p>
      )}
      <ErrorSummary ctx={ctx} problems={problems} />
      {ctx.csrfToken ? (
        <PostForm
          action={ctx.href(`${base}/areas/${area.id}`)}
          csrfToken={ctx.csrfToken}
          warnUnsaved
        >
          <fieldset class="assessment-area" disabled={!workspace.editable}>
            <legend class="visually-hidden" safe>
              {areaTitle}
            </legend>
            {area.questions.map((question, i) => (
              <QuestionFields
                ctx={ctx}
                workspace={workspace}
                question={question}
                number={i + 1}
                values={values}
                problems={problems}
              />
            ))}
            <button type="submit" class="button">
              {ctx.t('assessment.area.save')}
            </button>
          </fieldset>
        </PostForm>
      ) : (
        ''
      )}
      <p>
        {next ? (
          <a href={ctx.href(`${base}/areas/${next.id}`)}>
            {ctx.t('assessment.area.next', { area: inLocale(ctx, next.title) })}
          </a>
        ) : (
          <a href={ctx.href(`${base}/review`)}>{ctx.t('assessment.review.link')}</a>
        )}
      </p>
      <h2>{ctx.t('assessment.areas.heading')}</h2>
      <AreaNav ctx={ctx} workspace={workspace} current={area.id} />
    </Layout>
  );
}

/** What is still missing, and the submission with the choice of sharing. */
export function ReviewPage({
  ctx,
  workspace,
  values,
  problems,
}: {
  ctx: ViewContext;
  workspace: AssessmentWorkspace;
  values: Values;
  problems: FieldProblem[];
}) {
  const { assessment, city } = workspace;
  const base = editPath(city.id, assessment.year);
  const pageTitle = ctx.text('assessment.review.title', {
    city: city.name,
    year: String(assessment.year),
  });
  const areaOf = new Map(
    workspace.framework.areas.flatMap((area) => area.questions.map((q) => [q.id, area] as const)),
  );
  const questionOf = new Map(
    workspace.framework.areas.flatMap((area) => area.questions.map((q) => [q.id, q] as const)),
  );
  const formProblems = problems.filter((p) => p.field === 'share' || p.field === 'message');
  const shareValue = typeof values.share === 'string' ? values.share : undefined;
  const shared = shareValue ? shareValue === 'public' : assessment.sharePublicly;
  const message = typeof values.message === 'string' ? values.message : '';
  return (
    <Layout ctx={ctx} title={pageTitle} noindex>
      <p>
        <a href={ctx.href(base)} safe>
          {title(ctx, workspace)}
        </a>
      </p>
      <h1 safe>{pageTitle}</h1>
      <ErrorSummary ctx={ctx} problems={formProblems} />
      {workspace.missing.length > 0 ? (
        <section class="notice notice--warning" aria-labelledby="missing-heading" id="missing">
          <h2 id="missing-heading">
            {ctx.t('assessment.review.missing', { count: workspace.missing.length })}
          </h2>
          <ul>
            {workspace.missing.map((p) => {
              const questionId = p.field.replace(/\.choice$/, '');
              const area = areaOf.get(questionId);
              const question = questionOf.get(questionId);
              if (!area || !question) return '';
              return (
                <li>
                  <a
                    href={ctx.href(
                      `${base}/areas/${area.id}#${fieldId(answerField(questionId, 'choice'))}`,
                    )}
                    safe
                  >
                    {`${inLocale(ctx, area.title)}: ${inLocale(ctx, question.text)}`}
                  </a>
                </li>
              );
            })}
          </ul>
        </section>
      ) : (
        <p class="notice notice--success">{ctx.t('assessment.review.complete')}</p>
      )}
      <AreaNav ctx={ctx} workspace={workspace} />
      {workspace.editable && ctx.csrfToken ? (
        <PostForm
          action={ctx.href(`/cities/${city.id}/assessment/${assessment.year}/submit`)}
          csrfToken={ctx.csrfToken}
        >
          <ShareChoice ctx={ctx} shared={shared} problems={problems} />
          <TextArea
            ctx={ctx}
            name="message"
            label={
              assessment.state === 'questions'
                ? ctx.text('assessment.review.reply')
                : ctx.text('assessment.review.note')
            }
            value={message}
            problems={problems}
            maxlength={LIMITS.message}
            rows={4}
          />
          <button type="submit" class="button">
            {ctx.t('assessment.review.submit')}
          </button>
        </PostForm>
      ) : (
        <p>{ctx.t('assessment.area.locked')}</p>
      )}
    </Layout>
  );
}
