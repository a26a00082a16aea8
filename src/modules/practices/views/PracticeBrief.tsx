import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { PlaceText } from '../../../views/components/PlaceName.tsx';
import { years } from '../../../views/components/PracticeCard.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { PracticeDetail } from '../practice-detail.service.ts';
import { citedPath } from '../practice-permalink.ts';

/** The sections a decision-maker reads first; the rest is one link away. */
const BRIEF_SECTIONS = ['objectives', 'activities', 'results', 'evaluation'] as const;
/** About a third of a printed page per section at most, cut at a sentence or word boundary. */
const SECTION_CHARS = 600;

export function shorten(text: string, limit = SECTION_CHARS): string {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean.length <= limit) return clean;
  const cut = clean.slice(0, limit);
  const sentence = Math.max(cut.lastIndexOf('. '), cut.lastIndexOf('。'), cut.lastIndexOf('؟ '));
  const end = sentence > limit * 0.5 ? sentence + 1 : cut.lastIndexOf(' ');
  return `${cut.slice(0, end > 0 ? end : limit).trimEnd()} …`;
}

/** One practice on (about) one printed page: what it is, where, how strong the evidence is. */
export function PracticeBriefArticle({
  ctx,
  practice: p,
  headingLevel = 1,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
  headingLevel?: 1 | 2;
}) {
  const { t } = ctx;
  const Heading = headingLevel === 1 ? 'h1' : 'h2';
  const Sub = headingLevel === 1 ? 'h2' : 'h3';
  const span = years(ctx, p.startYear, p.endYear, p.status);
  const lead = p.organisations.filter((o) => o.role === 'lead');
  const permalink = `${ctx.publicUrl}${citedPath(p)}`;
  const sections = BRIEF_SECTIONS.map((key) => p.sections.find((s) => s.key === key)).filter(
    (s) => s !== undefined,
  );
  return (
    <article class="brief" lang={p.displayLanguage} dir={directionOf(p.displayLanguage)}>
      <Heading class="brief__title" safe>
        {p.title}
      </Heading>
      <p class="brief__meta" lang={ctx.locale} dir={ctx.dir}>
        <PlaceText ctx={ctx} city={p.cityName ?? p.city?.name} country={p.country.name} />
        {span ? <span safe>{` · ${span}`}</span> : ''}
        {p.type ? <> · {t(`type.${p.type}` as MessageKey)}</> : ''}{' '}
        <EvidenceBadge ctx={ctx} level={p.evidenceLevel} link={false} />
      </p>
      <p class="brief__summary" safe>
        {p.summary}
      </p>
      {sections.map((section) => (
        <section class="brief__section">
          <Sub lang={ctx.locale} dir={ctx.dir}>
            {t(`section.${section.key}` as MessageKey)}
          </Sub>
          <p safe>{shorten(section.text)}</p>
        </section>
      ))}
      <dl class="brief__facts" lang={ctx.locale} dir={ctx.dir}>
        {p.themes.length > 0 ? (
          <>
            <dt>{t('practice.fact.themes')}</dt>
            <dd safe>{p.themes.map((c) => c.label).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        {p.targetGroups.length > 0 ? (
          <>
            <dt>{t('practice.fact.targetGroups')}</dt>
            <dd safe>{p.targetGroups.map((c) => c.label).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        {lead.length > 0 ? (
          <>
            <dt>{t('practice.fact.lead')}</dt>
            <dd safe>{lead.map((o) => o.name).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        <dt>{t('brief.fullText')}</dt>
        <dd>
          <a href={permalink} safe>
            {permalink}
          </a>
        </dd>
      </dl>
    </article>
  );
}

export function PracticeBriefPage({
  ctx,
  practice,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
}) {
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('brief.title', { title: practice.title })}
      description={practice.summary.slice(0, 160)}
      canonicalPath={`/practices/${practice.slug}`}
      noindex
      mainClass="brief-page"
      jsonLd={false}
    >
      <p class="brief__note no-print">
        {ctx.t('brief.printHint')}{' '}
        <a href={ctx.href(`/practices/${practice.slug}`)}>{ctx.t('brief.back')}</a>
      </p>
      <PracticeBriefArticle ctx={ctx} practice={practice} />
    </Layout>
  );
}
