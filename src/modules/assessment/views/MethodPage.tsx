import type { ViewContext } from '../../../core/http/view-context.ts';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { Framework } from '../framework.model.ts';
import { inLocale, kindText } from './AssessmentParts.tsx';

/**
 * How the self-assessment works, for anyone: what it is for, the areas and their questions with
 * their weights, how a score is computed (with a worked example), and every version's changes.
 */
export function MethodPage({ ctx, versions }: { ctx: ViewContext; versions: Framework[] }) {
  const current = versions[0] as Framework;
  const pageTitle = ctx.text('assessment.method.title');
  return (
    <Layout ctx={ctx} title={pageTitle} description={ctx.text('assessment.method.lead')}>
      <article class="prose assessment-method">
        <h1>{ctx.t('assessment.method.title')}</h1>
        <p class="lead">{ctx.t('assessment.method.lead')}</p>
        <p>
          {ctx.t('assessment.method.version', {
            version: current.version,
            date: ctx.date(current.published),
          })}
        </p>
        <h2>{ctx.t('assessment.method.purpose.heading')}</h2>
        <p>{ctx.t('assessment.method.purpose.body')}</p>
        <h2>{ctx.t('assessment.method.references.heading')}</h2>
        <p>{ctx.t('assessment.method.references.body')}</p>

        <h2>{ctx.t('assessment.method.scoring.heading')}</h2>
        <ul>
          <li>{ctx.t('assessment.method.scoring.policy')}</li>
          <li>{ctx.t('assessment.method.scoring.outcome')}</li>
          <li>{ctx.t('assessment.method.scoring.fact')}</li>
          <li>{ctx.t('assessment.method.scoring.mean')}</li>
        </ul>
        <p>
          <strong>{ctx.t('assessment.method.notCompetent.heading')}</strong>{' '}
          {ctx.t('assessment.method.notCompetent.body')}
        </p>
        <h3>{ctx.t('assessment.method.example.heading')}</h3>
        <p>{ctx.t('assessment.method.example.body')}</p>
        <ScrollTable label={ctx.text('assessment.method.example.heading')}>
          <table class="data-table">
            <thead>
              <tr>
                <th scope="col">{ctx.t('assessment.method.example.question')}</th>
                <th scope="col">{ctx.t('assessment.method.example.weight')}</th>
                <th scope="col">{ctx.t('assessment.method.example.answer')}</th>
                <th scope="col">{ctx.t('assessment.method.example.points')}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <td>A</td>
                <td>{ctx.number(2)}</td>
                <td>{ctx.t('assessment.choice.yes')}</td>
                <td>{ctx.number(100)}</td>
              </tr>
              <tr>
                <td>B</td>
                <td>{ctx.number(1)}</td>
                <td>{ctx.t('assessment.choice.partly')}</td>
                <td>{ctx.number(50)}</td>
              </tr>
              <tr>
                <td>C</td>
                <td>{ctx.number(1)}</td>
                <td>{ctx.t('assessment.choice.no')}</td>
                <td>{ctx.number(0)}</td>
              </tr>
              <tr>
                <td>D</td>
                <td>{ctx.number(1)}</td>
                <td>{ctx.t('assessment.choice.notCompetent')}</td>
                <td>{ctx.t('assessment.method.example.left')}</td>
              </tr>
            </tbody>
          </table>
        </ScrollTable>
        <p>{ctx.t('assessment.method.example.result')}</p>

        <h2>{ctx.t('assessment.method.areas.heading')}</h2>
        {current.areas.map((area) => (
          <section id={`area-${area.id}`}>
            <h3 safe>{inLocale(ctx, area.title)}</h3>
            <p safe>{inLocale(ctx, area.description)}</p>
            {area.references.length > 0 ? (
              <p class="field__hint">
                {ctx.t('assessment.method.areas.references')}{' '}
                <span safe>{area.references.join('; ')}</span>
              </p>
            ) : (
              ''
            )}
            <ScrollTable label={inLocale(ctx, area.title)}>
              <table class="data-table">
                <thead>
                  <tr>
                    <th scope="col">{ctx.t('assessment.method.areas.question')}</th>
                    <th scope="col">{ctx.t('assessment.method.areas.kind')}</th>
                    <th scope="col">{ctx.t('assessment.method.areas.weight')}</th>
                  </tr>
                </thead>
                <tbody>
                  {area.questions.map((q) => (
                    <tr>
                      <td safe>{inLocale(ctx, q.text)}</td>
                      <td>{kindText(ctx, q.kind)}</td>
                      <td>{q.kind === 'fact' ? '—' : ctx.number(q.weight)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </ScrollTable>
          </section>
        ))}

        <h2>{ctx.t('assessment.method.history.heading')}</h2>
        <dl>
          {versions.map((v) => (
            <>
              <dt>
                {ctx.t('assessment.method.history.version', {
                  version: v.version,
                  date: ctx.date(v.published),
                })}
              </dt>
              <dd safe>{inLocale(ctx, v.changes)}</dd>
            </>
          ))}
        </dl>
      </article>
    </Layout>
  );
}
