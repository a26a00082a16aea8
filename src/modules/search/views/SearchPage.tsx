import { escapeHtml } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { DownloadBlock } from '../../../views/components/DownloadBlock.tsx';
import { FacetSidebar } from '../../../views/components/FacetSidebar.tsx';
import { FollowButton } from '../../../views/components/FollowButton.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { FACETS } from '../facet-store.ts';
import {
  SEARCH_SORTS,
  type SearchFilters,
  type SearchResult,
  type SearchSort,
} from '../practice-search.service.ts';
import type { SnippetPart } from '../snippet.ts';

export interface SearchPageProps {
  ctx: ViewContext;
  /** '/search' or '/practices': the same page under two names. */
  path: string;
  result: SearchResult;
  filters: SearchFilters;
  sort: SearchSort;
  title: string;
  description: string;
}

/** Long facets show this many values before "more". */
const SHORT = 8;

function Snippet({ parts, language }: { parts: SnippetPart[]; language: string }) {
  const dir = /^(ar|fa|he|ur)/.test(language) ? 'rtl' : 'ltr';
  return (
    <p class="card__summary snippet" lang={language} dir={dir}>
      {parts.map((part) => (part.mark ? <mark safe>{part.text}</mark> : escapeHtml(part.text)))}
    </p>
  );
}

// The parameters a feed takes: the words and the filters, not the page or the sort.
const FEED_PARAMETERS = new Set([
  'q',
  'policy_area',
  'theme',
  'type',
  'target_group',
  'actor_type',
  'region',
  'country',
  'evidence',
  'status',
  'decade',
  'peer_reviewed',
]);

/** The feed of the search shown: '?q=housing&country=DE' for that search, '' for all. */
function feedQueryOf(path: string): string {
  const query = new URLSearchParams(path.includes('?') ? path.slice(path.indexOf('?') + 1) : '');
  const kept = new URLSearchParams();
  for (const [key, value] of query)
    if (FEED_PARAMETERS.has(key) && value !== '') kept.append(key, value);
  const text = kept.toString();
  return text ? `?${text}` : '';
}

export function SearchPage({
  ctx,
  path,
  result,
  filters,
  sort,
  title,
  description,
}: SearchPageProps) {
  const { t } = ctx;
  const applied = FACETS.reduce((n, f) => n + filters[f].length, 0);
  const params = (overrides: Record<string, string | string[] | number | undefined>) =>
    queryString({
      q: result.q || undefined,
      ...filters,
      sort: sort === 'relevance' ? undefined : sort,
      ...overrides,
    });
  // Places named in the query (cities, countries) are shown apart from the other concepts.
  const isPlace = (c: { kind: string }) => c.kind === 'country' || c.kind === 'city';
  const recognized = [
    {
      kind: 'concepts',
      label: 'search.concepts' as const,
      concepts: result.concepts.filter((c) => !isPlace(c)),
    },
    { kind: 'places', label: 'search.places' as const, concepts: result.concepts.filter(isPlace) },
  ].filter((group) => group.concepts.length > 0);
  const examples = [
    ctx.text('search.example1'),
    ctx.text('search.example2'),
    ctx.text('search.example3'),
  ];
  return (
    <Layout
      ctx={ctx}
      title={result.q ? `${result.q} · ${title}` : title}
      description={description}
      mainClass="search-page"
      noindex={Boolean(result.q)}
      feedQuery={feedQueryOf(ctx.path)}
    >
      <form method="get" action={ctx.href(path)} class="search" data-instant-search>
        <search class="search__bar">
          <h1 class="search__title" safe>
            {title}
          </h1>
          <label for="search-q" class="visually-hidden">
            {t('search.label')}
          </label>
          <div class="search__row">
            <input
              type="search"
              id="search-q"
              name="q"
              value={result.q}
              placeholder={ctx.text('search.placeholder')}
              autocomplete="off"
              maxlength="500"
              aria-describedby="search-examples"
            />
            <button type="submit" class="button">
              {t('search.submit')}
            </button>
          </div>
          <p id="search-examples" class="muted search__examples">
            {withSlot(ctx.text('search.examples', { examples: SLOT }), () => (
              <>
                {new Intl.ListFormat(ctx.locale, { type: 'disjunction' })
                  .formatToParts(examples)
                  .map((part) =>
                    part.type === 'element' ? (
                      <a href={ctx.href(`${path}${queryString({ q: part.value })}`)} safe>
                        {part.value}
                      </a>
                    ) : (
                      escapeHtml(part.value)
                    ),
                  )}
              </>
            ))}
          </p>
        </search>

        <FacetSidebar
          ctx={ctx}
          applied={applied}
          clearHref={ctx.href(`${path}${queryString({ q: result.q || undefined })}`)}
          groups={FACETS.map((facet) => ({
            name: facet,
            id: `facet-${facet}`,
            legend: ctx.text(`filter.${facet}` as MessageKey),
            values: result.facets[facet],
            collapseAfter: SHORT,
            countSelected: true,
          }))}
        />

        <section class="content" id="search-results" aria-labelledby="results-count">
          {recognized.map((group) => (
            <div class={`recognized recognized--${group.kind}`}>
              <span class="recognized__label">{t(group.label)}</span>{' '}
              <ul class="chips">
                {group.concepts.map((c) => (
                  <li>
                    <a
                      class="chip chip--removable"
                      href={ctx.href(
                        `${path}${params({ q: quoteWords(result.q, c.matched), page: undefined })}`,
                      )}
                      title={ctx.text('search.removeConcept', { label: c.label })}
                      aria-label={ctx.text('search.removeConcept', { label: c.label })}
                    >
                      <span safe>{c.label}</span>
                      <span aria-hidden="true"> ×</span>
                    </a>
                  </li>
                ))}
              </ul>
            </div>
          ))}
          {result.translations.length > 0 ? (
            <div class="recognized">
              <span class="recognized__label">{t('search.translations')}</span>{' '}
              <ul class="chips">
                {result.translations.map((w) => {
                  const shown = w.translations.slice(0, SHOWN_TRANSLATIONS).map((x) => x.word);
                  const more = w.translations.length > SHOWN_TRANSLATIONS ? '…' : '';
                  const listed = `${shown.join(', ')}${more}`;
                  const remove = ctx.text('search.removeTranslations', { word: w.word });
                  return (
                    <li>
                      <a
                        class="chip chip--removable"
                        href={ctx.href(
                          `${path}${params({ q: quoteWords(result.q, w.word), page: undefined })}`,
                        )}
                        title={remove}
                        aria-label={remove}
                      >
                        {/* Each part isolated: a word in one script and its translations in
                            others keep their own direction (and the ellipsis its place). */}
                        <span>
                          {withSlots(
                            ctx.text('search.translationChip', {
                              word: SLOT,
                              translations: SLOT_2,
                            }),
                            () => (
                              <bdi safe>{w.word}</bdi>
                            ),
                            () => (
                              <bdi safe>{listed}</bdi>
                            ),
                          )}
                        </span>
                        <span aria-hidden="true"> ×</span>
                      </a>
                    </li>
                  );
                })}
              </ul>
            </div>
          ) : (
            ''
          )}
          {result.correctedFrom !== null ? (
            <p class="notice did-you-mean">
              {withSlots(
                ctx.text('search.showingResultsFor', { corrected: SLOT, typed: SLOT_2 }),
                () => (
                  <strong safe>{result.q}</strong>
                ),
                () => (
                  <a
                    href={ctx.href(
                      `${path}${params({ q: result.correctedFrom ?? '', exact: '1', page: undefined })}`,
                    )}
                  >
                    <span safe>{result.correctedFrom}</span>
                  </a>
                ),
              )}
            </p>
          ) : (
            ''
          )}
          {result.didYouMean ? (
            <p class="notice did-you-mean">
              {withSlot(ctx.text('search.didYouMean', { suggestion: SLOT }), () => (
                <a
                  href={ctx.href(
                    `${path}${params({ q: result.didYouMean ?? '', page: undefined })}`,
                  )}
                >
                  <strong safe>{result.didYouMean}</strong>
                </a>
              ))}
            </p>
          ) : (
            ''
          )}
          <div class="results__head">
            <p id="results-count" class="results__count" role="status" aria-live="polite">
              {result.total === 0
                ? t('search.none')
                : t('practices.range', {
                    first: (result.page - 1) * result.perPage + 1,
                    last: Math.min(result.total, result.page * result.perPage),
                    total: result.total,
                  })}
            </p>
            <div class="field field--inline">
              <label for="search-sort">{t('sort.label')}</label>
              <select id="search-sort" name="sort">
                {SEARCH_SORTS.map((s) => (
                  <option value={s} selected={s === sort}>
                    {t(`search.sort.${s}` as MessageKey)}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {result.relaxed ? <p class="notice">{t('search.relaxed')}</p> : ''}
          {result.hits.length > 0 ? (
            <ol class="results__list">
              {result.hits.map((hit) => (
                <li>
                  <PracticeCard
                    ctx={ctx}
                    card={hit.card}
                    headingLevel={2}
                    summary={
                      result.q ? (
                        <Snippet parts={hit.snippet} language={hit.card.displayLanguage} />
                      ) : undefined
                    }
                  />
                </li>
              ))}
            </ol>
          ) : (
            ''
          )}
          <Pagination
            ctx={ctx}
            page={result.page}
            pageCount={result.pageCount}
            link={(page) => ctx.href(`${path}${params({ page: page === 1 ? undefined : page })}`)}
          />
        </section>
      </form>
      <DownloadBlock ctx={ctx} base={path} />
      <FollowButton ctx={ctx} kind="search" target={feedQueryOf(ctx.path)} />
    </Layout>
  );
}

const SLOT = '\u{E000}';
const SLOT_2 = '\u{E001}';

/**
 * A translated message with markup in one place: the message is formatted with SLOT as the
 * placeholder's value, its text escaped, and `fill()` rendered where SLOT is. Each language
 * keeps its own word order and punctuation around the link.
 */
function withSlot(message: string, fill: () => JSX.Element): JSX.Element {
  const [before = '', after = ''] = message.split(SLOT);
  return (
    <>
      {escapeHtml(before)}
      {fill()}
      {escapeHtml(after)}
    </>
  );
}

/** Like withSlot, for a message with two pieces of markup, in whichever order a language puts them. */
function withSlots(message: string, first: () => JSX.Element, second: () => JSX.Element) {
  return (
    <>
      {message
        .split(/([\u{E000}\u{E001}])/u)
        .map((part) => (part === SLOT ? first() : part === SLOT_2 ? second() : escapeHtml(part)))}
    </>
  );
}

/** Translations shown per word of the query: the first, most common senses. */
const SHOWN_TRANSLATIONS = 4;

/** The query with the words that named a concept put in quotes, so they are read literally. */
export function quoteWords(q: string, matched: string): string {
  const at = q.indexOf(matched);
  if (at < 0 || matched === '') return q;
  return `${q.slice(0, at)}"${matched}"${q.slice(at + matched.length)}`;
}
