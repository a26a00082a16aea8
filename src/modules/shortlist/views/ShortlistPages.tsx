import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { PostForm } from '../../../views/components/Form.tsx';
import { PlaceText } from '../../../views/components/PlaceName.tsx';
import { PracticeCard, years } from '../../../views/components/PracticeCard.tsx';
import { ScrollTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { PracticeCard as Card, PracticeDetail } from '../../practices/index.ts';
import { PracticeBriefArticle, shorten } from '../../practices/index.ts';

export function ShortlistPage({
  ctx,
  cards,
  saved,
  added,
  error,
}: {
  ctx: ViewContext;
  cards: Card[];
  saved: boolean;
  added?: string;
  error?: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('shortlist.title')} noindex jsonLd={false}>
      <h1>{t('shortlist.title')}</h1>
      {added ? (
        <p class="notice notice--success" role="status">
          {t('shortlist.added', { title: added })}
        </p>
      ) : (
        ''
      )}
      {error ? (
        <p class="notice notice--warning" role="alert" safe>
          {error}
        </p>
      ) : (
        ''
      )}
      <p>{saved ? t('shortlist.savedWithAccount') : t('shortlist.keptInBrowser')}</p>
      {cards.length === 0 ? (
        <p>{t('shortlist.empty')}</p>
      ) : (
        <>
          <p class="shortlist__actions">
            <strong>{t('shortlist.count', { count: cards.length })}</strong>
            {' · '}
            <a href={ctx.href('/shortlist/compare')}>{t('shortlist.compare')}</a>
            {' · '}
            <a href={ctx.href('/shortlist/brief')}>{t('shortlist.brief')}</a>
          </p>
          <ol class="shortlist__list">
            {cards.map((card) => (
              <li class="shortlist__item">
                <PracticeCard ctx={ctx} card={card} />
                <PostForm
                  action={ctx.href('/shortlist/remove')}
                  csrfToken={ctx.csrfToken ?? ''}
                  class="shortlist__remove"
                >
                  <input type="hidden" name="practice" value={String(card.id)} />
                  <button
                    type="submit"
                    class="button button--secondary"
                    aria-label={ctx.text('shortlist.removeLabel', { title: card.title })}
                  >
                    {t('shortlist.remove')}
                  </button>
                </PostForm>
              </li>
            ))}
          </ol>
          <PostForm action={ctx.href('/shortlist/clear')} csrfToken={ctx.csrfToken ?? ''}>
            <button type="submit" class="button button--secondary">
              {t('shortlist.clear')}
            </button>
          </PostForm>
        </>
      )}
    </Layout>
  );
}

/** The rows of the comparison: each a label and what to show of one practice. */
function comparisonRows(
  ctx: ViewContext,
): { label: string; cell: (p: PracticeDetail) => JSX.Element }[] {
  const { t } = ctx;
  const list = (items: { label: string }[]) => (
    <span safe>{items.map((c) => c.label).join(', ')}</span>
  );
  const section = (key: string) => (p: PracticeDetail) => {
    const text = p.sections.find((s) => s.key === key)?.text;
    return text ? (
      <span lang={p.displayLanguage} dir={directionOf(p.displayLanguage)} safe>
        {shorten(text, 400)}
      </span>
    ) : (
      '—'
    );
  };
  return [
    {
      label: ctx.text('practice.fact.place'),
      cell: (p) => (
        <PlaceText ctx={ctx} city={p.cityName ?? p.city?.name} country={p.country.name} />
      ),
    },
    {
      label: ctx.text('history.field.years'),
      cell: (p) => <span safe>{years(ctx, p.startYear, p.endYear, p.status) || '—'}</span>,
    },
    {
      label: ctx.text('practice.fact.type'),
      cell: (p) => (p.type ? t(`type.${p.type}` as MessageKey) : '—'),
    },
    {
      label: ctx.text('practice.fact.level'),
      cell: (p) => (p.level ? t(`level.${p.level}` as MessageKey) : '—'),
    },
    {
      label: ctx.text('practice.fact.evidence'),
      cell: (p) => <EvidenceBadge ctx={ctx} level={p.evidenceLevel} link={false} />,
    },
    { label: ctx.text('practice.fact.themes'), cell: (p) => list(p.themes) },
    { label: ctx.text('practice.fact.targetGroups'), cell: (p) => list(p.targetGroups) },
    { label: ctx.text('practice.fact.actorTypes'), cell: (p) => list(p.actorTypes) },
    {
      label: ctx.text('practice.fact.lead'),
      cell: (p) =>
        list(p.organisations.filter((o) => o.role === 'lead').map((o) => ({ label: o.name }))),
    },
    { label: ctx.text('section.objectives'), cell: section('objectives') },
    { label: ctx.text('section.results'), cell: section('results') },
    { label: ctx.text('section.evaluation'), cell: section('evaluation') },
    { label: ctx.text('section.transferability'), cell: section('transferability') },
    { label: ctx.text('section.budget'), cell: section('budget') },
  ];
}

export function ComparePage({ ctx, practices }: { ctx: ViewContext; practices: PracticeDetail[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('shortlist.compareTitle')} noindex jsonLd={false}>
      <h1>{t('shortlist.compareTitle')}</h1>
      <p class="no-print">
        <a href={ctx.href('/shortlist')}>{t('shortlist.back')}</a>
        {' · '}
        <a href={ctx.href('/shortlist/brief')}>{t('shortlist.brief')}</a>
      </p>
      {practices.length === 0 ? (
        <p>{t('shortlist.empty')}</p>
      ) : (
        <ScrollTable label={ctx.text('shortlist.compareTitle')}>
          <table class="compare">
            <caption class="visually-hidden">{t('shortlist.compareCaption')}</caption>
            <thead>
              <tr>
                <td />
                {practices.map((p) => (
                  <th scope="col" lang={p.displayLanguage} dir={directionOf(p.displayLanguage)}>
                    <a href={ctx.href(`/practices/${p.slug}`)} safe>
                      {p.title}
                    </a>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {comparisonRows(ctx).map((row) => (
                <tr>
                  <th scope="row" safe>
                    {row.label}
                  </th>
                  {practices.map((p) => (
                    <td>{row.cell(p)}</td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollTable>
      )}
    </Layout>
  );
}

export function ShortlistBriefPage({
  ctx,
  practices,
}: {
  ctx: ViewContext;
  practices: PracticeDetail[];
}) {
  const { t } = ctx;
  const title = ctx.text('shortlist.briefTitle', { count: practices.length });
  return (
    <Layout ctx={ctx} title={title} noindex mainClass="brief-page" jsonLd={false}>
      <h1 safe>{title}</h1>
      <p class="brief__note no-print">
        {t('brief.printHintEach')} <a href={ctx.href('/shortlist')}>{t('shortlist.back')}</a>
      </p>
      {practices.length === 0 ? <p>{t('shortlist.empty')}</p> : ''}
      {practices.map((p) => (
        <PracticeBriefArticle ctx={ctx} practice={p} headingLevel={2} />
      ))}
    </Layout>
  );
}
