import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { PlaceName, PlaceText } from '../../../views/components/PlaceName.tsx';
import { DataTable, ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { GroupFigure } from '../assessment-peers.ts';
import type { AssessmentResult, FactResult, NextStep } from '../assessment-results.service.ts';
import { AssessmentChart } from './AssessmentChart.tsx';

/**
 * A city's self-assessment result. The same page is the printable report: the print stylesheet
 * leaves out the site's header and footer and the links bar, which keeps it to one or two A4 pages.
 */

export function resultPath(result: { city: { id: number }; year: number }): string {
  return `/cities/${result.city.id}/assessment/${result.year}`;
}

/** "+5", "−5" (a true minus sign), "0"; an em dash where there is nothing to compare. */
export function signed(ctx: ViewContext, change: number | null): string {
  if (change === null) return '—';
  const number = String(ctx.number(Math.abs(change)));
  return change > 0 ? `+${number}` : change < 0 ? `\u2212${number}` : number;
}

function Figure({ ctx, figure }: { ctx: ViewContext; figure: GroupFigure }) {
  if (!figure.shown)
    return <span class="muted">{ctx.t('assessmentResult.peers.tooFew', { n: figure.n })}</span>;
  return (
    <span>
      <strong>{ctx.number(figure.median)}</strong>{' '}
      {/* One unbroken range, read left to right in a right-to-left page too: "(50–89.5)". */}
      <bdi class="assessment-range">
        ({ctx.number(figure.p25)}–{ctx.number(figure.p75)})
      </bdi>
    </span>
  );
}

function factValue(ctx: ViewContext, fact: FactResult): string {
  const number = String(ctx.number(fact.value));
  return fact.unit === 'percent' ? ctx.text('cities.fact.percent', { value: number }) : number;
}

function Facts({ ctx, facts }: { ctx: ViewContext; facts: FactResult[] }) {
  if (facts.length === 0) return <p class="muted">{ctx.t('assessmentResult.facts.none')}</p>;
  return (
    <DataTable
      label={ctx.text('assessmentResult.facts.heading')}
      columns={[
        ctx.t('assessmentResult.facts.fact'),
        ctx.t('assessmentResult.facts.figure'),
        ctx.t('assessmentResult.facts.year'),
        ctx.t('assessmentResult.facts.source'),
      ]}
    >
      {facts.map((fact) => {
        const source = fact.source ?? fact.evidenceUrl ?? '';
        const year = fact.year === null ? '' : String(fact.year);
        return (
          <tr>
            <th scope="row" safe>
              {fact.text}
            </th>
            <td class="num" safe>
              {factValue(ctx, fact)}
            </td>
            <td safe>{year}</td>
            <td>
              {fact.evidenceUrl ? (
                <a href={fact.evidenceUrl} rel="nofollow" safe>
                  {source}
                </a>
              ) : (
                <span safe>{source}</span>
              )}
            </td>
          </tr>
        );
      })}
    </DataTable>
  );
}

function NextSteps({ ctx, steps }: { ctx: ViewContext; steps: NextStep[] }) {
  return (
    <ol class="assessment-next">
      {steps.map((step) => (
        <li>
          <h3>
            <span safe>{step.title}</span>{' '}
            <span class="muted">{ctx.t('assessmentResult.next.score', { score: step.score })}</span>
          </h3>
          {step.practices.length === 0 ? (
            <p class="muted">{ctx.t('assessmentResult.next.none')}</p>
          ) : (
            <ul class="assessment-next__practices">
              {step.practices.map((p) => {
                return (
                  <li class="assessment-next__practice">
                    <a href={ctx.href(`/practices/${p.slug}`)} class="assessment-next__title" safe>
                      {p.title}
                    </a>
                    <span class="muted">
                      {' · '}
                      <PlaceText ctx={ctx} city={p.cityName} country={p.countryName} />
                    </span>
                    <span class="assessment-next__marks">
                      <EvidenceBadge ctx={ctx} level={p.evidenceLevel} />{' '}
                      <span class="muted">
                        {p.peerReviewed
                          ? ctx.t('assessmentResult.peerReviewed')
                          : ctx.t('assessmentResult.notPeerReviewed')}
                      </span>
                      {p.illustrative ? (
                        <span class="badge badge--illustrative">
                          {ctx.t('practice.illustrative.badge')}
                        </span>
                      ) : (
                        ''
                      )}{' '}
                      <a href={ctx.href(`/contact/practice/${p.slug}`)} class="no-print">
                        {ctx.t('assessmentResult.next.contact')}
                      </a>
                    </span>
                  </li>
                );
              })}
            </ul>
          )}
        </li>
      ))}
    </ol>
  );
}

export function AssessmentResultPage({
  ctx,
  result,
}: {
  ctx: ViewContext;
  result: AssessmentResult;
}) {
  const { t } = ctx;
  const values = { city: result.city.name, year: String(result.year) };
  const title = ctx.text('assessmentResult.title', values);
  const path = resultPath(result);
  const previous = result.previousYear === null ? '' : String(result.previousYear);
  // A group too small in every area gets one sentence instead of a column repeating it.
  const likeShown = result.areas.some((a) => a.like.shown);
  const allShown = result.areas.some((a) => a.all.shown);
  const tooFew = (group: 'like' | 'all') => Math.max(0, ...result.areas.map((a) => a[group].n));
  return (
    <Layout
      ctx={ctx}
      title={title}
      description={ctx.text('assessmentResult.description', values)}
      noindex={!result.published}
      mainClass="assessment-result"
    >
      <div class="page-heading">
        <h1 safe>{title}</h1>
        <p class="lead">
          <PlaceName
            ctx={ctx}
            city={
              <a href={ctx.href(`/cities/${result.city.id}`)} safe>
                {result.city.name}
              </a>
            }
            country={<span safe>{result.city.countryName}</span>}
          />
        </p>
      </div>
      {result.illustrative ? (
        <p class="notice notice--warning assessment-result__illustrative">
          <strong>{t('assessmentResult.illustrative')}</strong>
        </p>
      ) : (
        ''
      )}
      {result.published ? (
        ''
      ) : (
        <p class="notice">
          <strong>{t('assessmentResult.private')}</strong>
          {result.accepted ? '' : <> {t('assessmentResult.notAccepted')}</>}
        </p>
      )}
      <p>
        {t('assessmentResult.version', { version: result.frameworkVersion })}{' '}
        <a href={ctx.href('/self-assessment/method')}>{t('assessmentResult.method')}</a>
      </p>
      <p class="assessment-result__downloads no-print">
        <a href={ctx.href(`${path}.csv`)} download="">
          {t('assessmentResult.download.csv')}
        </a>
        {' · '}
        <a href={ctx.href(`${path}.json`)} download="">
          {t('assessmentResult.download.json')}
        </a>
        {' · '}
        <span class="muted">{t('assessmentResult.printHint')}</span>
      </p>

      <section aria-labelledby="scores-heading">
        <h2 id="scores-heading">{t('assessmentResult.scores.heading')}</h2>
        <AssessmentChart
          ctx={ctx}
          id="assessment-chart"
          title={ctx.text('assessmentResult.chart.title', values)}
          areas={result.areas}
        />
        {result.previousYear === null ? (
          <p class="muted">{t('assessmentResult.change.none')}</p>
        ) : (
          ''
        )}
        <ScrollTable label={ctx.text('assessmentResult.scores.heading')}>
          <table class="data-table assessment-table">
            <caption class="visually-hidden">{t('assessmentResult.scores.heading')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('assessmentResult.table.area')}</th>
                <th scope="col">{t('assessmentResult.table.score')}</th>
                {previous ? (
                  <th scope="col">{t('assessmentResult.table.change', { year: previous })}</th>
                ) : (
                  ''
                )}
                {likeShown ? <th scope="col">{t('assessmentResult.table.like')}</th> : ''}
                {allShown ? <th scope="col">{t('assessmentResult.table.all')}</th> : ''}
              </tr>
            </thead>
            <tbody>
              {result.areas.map((area) => (
                <tr>
                  <th scope="row" safe>
                    {area.title}
                  </th>
                  <td class="num">
                    {area.score === null ? t('assessmentResult.notScored') : ctx.number(area.score)}
                  </td>
                  {previous ? (
                    <td class="num">
                      {/* The sign stays before the number in a right-to-left page: "+14". */}
                      <bdi safe>{signed(ctx, area.change)}</bdi>
                    </td>
                  ) : (
                    ''
                  )}
                  {likeShown ? (
                    <td>
                      <Figure ctx={ctx} figure={area.like} />
                    </td>
                  ) : (
                    ''
                  )}
                  {allShown ? (
                    <td>
                      <Figure ctx={ctx} figure={area.all} />
                    </td>
                  ) : (
                    ''
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
        {likeShown ? '' : <p>{t('assessmentResult.peers.likeTooFew', { n: tooFew('like') })}</p>}
        {allShown ? '' : <p>{t('assessmentResult.peers.allTooFew', { n: tooFew('all') })}</p>}
        <p class="muted">
          {t('assessmentResult.peers.rule')}{' '}
          {result.likeness.foreignBornBand === null
            ? t('assessmentResult.peers.foreignBornUnknown')
            : t('assessmentResult.peers.foreignBorn', {
                band: ctx.text(
                  `assessmentResult.foreignBornBand.${result.likeness.foreignBornBand}` as MessageKey,
                ),
              })}
        </p>
        {result.illustrative ? <p class="muted">{t('assessmentResult.peers.illustrative')}</p> : ''}
      </section>

      <section aria-labelledby="next-heading">
        <h2 id="next-heading">{t('assessmentResult.next.heading')}</h2>
        <p>{t('assessmentResult.next.lead')}</p>
        <NextSteps ctx={ctx} steps={result.nextSteps} />
      </section>

      <section aria-labelledby="facts-heading">
        <h2 id="facts-heading">{t('assessmentResult.facts.heading')}</h2>
        <Facts ctx={ctx} facts={result.facts} />
      </section>
    </Layout>
  );
}
