import type { ViewContext } from '../../core/http/view-context.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import { EvidenceBadge } from './EvidenceBadge.tsx';
import { PlaceText } from './PlaceName.tsx';

/** What a practice card shows (the practices module's cards have these fields and more). */
export interface PracticeCardData {
  slug: string;
  title: string;
  summary: string;
  /** The language the title and summary are shown in (a translation or the original). */
  displayLanguage: string;
  language: string;
  type: string | null;
  cityName: string | null;
  countryName: string;
  startYear: number | null;
  endYear: number | null;
  status: string | null;
  evidenceLevel: string;
  themes: { id: string; label: string }[];
  illustrative: boolean;
  /** The peer review the practice went through: null for none here; left out, no mark is shown. */
  peerReview?: { reviewers: number; decidedAt: string } | null;
}

/**
 * A compact peer review mark: "Peer reviewed", its number of reviewers and date in the text a
 * screen reader reads and in the tooltip; "Not peer reviewed" for imported or older practices
 * and for those the editors published without a completed review.
 */
export function PeerReviewBadge({
  ctx,
  mark,
}: {
  ctx: ViewContext;
  mark: { reviewers: number; decidedAt: string } | null;
}) {
  if (mark !== null && mark.reviewers > 0) {
    const full = ctx.text('practice.peerReviewed', {
      count: mark.reviewers,
      date: ctx.date(mark.decidedAt),
    });
    return (
      <span class="badge badge--peer-reviewed" title={full}>
        <svg
          class="badge__icon"
          viewBox="0 0 16 16"
          width="16"
          height="16"
          aria-hidden="true"
          focusable="false"
        >
          <path d="M2 8.5l3 3 4-4M7 11.5l7-7" />
        </svg>
        <span aria-hidden="true">{ctx.t('practice.peerReviewBadge')}</span>
        <span class="visually-hidden" safe>
          {full}
        </span>
      </span>
    );
  }
  const reason =
    mark === null
      ? ctx.text('practice.notPeerReviewed')
      : ctx.text('practice.peerReviewed', { count: 0, date: ctx.date(mark.decidedAt) });
  return (
    <span class="badge badge--not-peer-reviewed" title={reason}>
      {ctx.t('practice.notPeerReviewedBadge')}
    </span>
  );
}

export function years(
  ctx: ViewContext,
  start: number | null,
  end: number | null,
  status: string | null,
): string {
  if (start === null) return '';
  if (end !== null && end !== start)
    return ctx.text('practice.years.range', { start: String(start), end: String(end) });
  if (end === null && status === 'ongoing')
    return ctx.text('practice.years.since', { start: String(start) });
  return String(start);
}

export function PracticeCard({
  ctx,
  card,
  headingLevel = 3,
  summary,
}: {
  ctx: ViewContext;
  card: PracticeCardData;
  headingLevel?: 2 | 3;
  /** Replaces the summary, e.g. with a search snippet. */
  summary?: JSX.Element;
}) {
  const { t } = ctx;
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  const span = years(ctx, card.startYear, card.endYear, card.status);
  const textDir = /^(ar|fa|he|ur)/.test(card.displayLanguage) ? 'rtl' : 'ltr';
  return (
    <article class="card practice-card">
      <Heading class="card__title" lang={card.displayLanguage} dir={textDir}>
        <a href={ctx.href(`/practices/${card.slug}`)} safe>
          {card.title}
        </a>
      </Heading>
      <p class="card__meta">
        <PlaceText ctx={ctx} city={card.cityName} country={card.countryName} />
        {card.type ? (
          <>
            {' · '}
            <span>{t(`type.${card.type}` as MessageKey)}</span>
          </>
        ) : (
          ''
        )}
        {span ? (
          <>
            {' · '}
            <span safe>{span}</span>
          </>
        ) : (
          ''
        )}
        {' · '}
        <span>{t('practice.languageOriginal', { language: ctx.language(card.language) })}</span>
      </p>
      {summary === undefined ? (
        <p class="card__summary" lang={card.displayLanguage} dir={textDir} safe>
          {card.summary}
        </p>
      ) : (
        summary
      )}
      <div class="card__footer">
        <EvidenceBadge ctx={ctx} level={card.evidenceLevel} />
        {card.illustrative ? (
          <span class="badge badge--illustrative">{t('practice.illustrative.badge')}</span>
        ) : (
          ''
        )}
        {card.peerReview === undefined ? '' : <PeerReviewBadge ctx={ctx} mark={card.peerReview} />}
        <ul class="chips" aria-label={ctx.text('practice.themes')}>
          {card.themes.map((theme) => (
            <li>
              <a class="chip" href={ctx.href(`/themes/${theme.id}`)} safe>
                {theme.label}
              </a>
            </li>
          ))}
        </ul>
      </div>
    </article>
  );
}
