import { escapeHtml, type PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { DownloadBlock } from '../../../views/components/DownloadBlock.tsx';
import { FacetSidebar } from '../../../views/components/FacetSidebar.tsx';
import type { JsonLdData } from '../../../views/components/JsonLd.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { TranslationNote } from '../../../views/components/TranslationNote.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import { organisationRef, websiteRef } from '../../../views/layout/structured-data.ts';
import type { SnippetPart } from '../library-search.ts';
import { SCHEMA_TYPES } from '../resource.model.ts';
import type {
  LibraryFilters,
  LibraryResult,
  ResourceCard,
  ResourceDetail,
} from '../resource.service.ts';

const FACETS = ['type', 'theme', 'language'] as const;

export function typeLabel(ctx: ViewContext, type: string): string {
  return ctx.text(`library.type.${type}` as MessageKey);
}

function Snippet({ parts, language }: { parts: SnippetPart[]; language: string }) {
  return (
    <p class="card__summary snippet" lang={language} dir={directionOf(language)}>
      {parts.map((part) => (part.mark ? <mark safe>{part.text}</mark> : escapeHtml(part.text)))}
    </p>
  );
}

function ResourceCardView({
  ctx,
  card,
  snippet,
}: {
  ctx: ViewContext;
  card: ResourceCard;
  snippet: SnippetPart[];
}) {
  const dir = directionOf(card.displayLanguage);
  return (
    <article class="card resource-card">
      <h2 class="card__title" lang={card.displayLanguage} dir={dir}>
        <a href={ctx.href(`/resources/${card.slug}`)} safe>
          {card.title}
        </a>
      </h2>
      <p class="card__meta">
        <span safe>{typeLabel(ctx, card.type)}</span>
        {' · '}
        <span safe>{card.authors}</span>
        {card.year !== null ? ` · ${card.year}` : ''}
        {' · '}
        <span safe>{ctx.language(card.language)}</span>
      </p>
      <Snippet parts={snippet} language={card.displayLanguage} />
      {card.themes.length > 0 ? (
        <ul class="chips" aria-label={ctx.text('practice.themes')}>
          {card.themes.map((theme) => (
            <li>
              <a class="chip" href={ctx.href(`/resources${queryString({ theme: theme.id })}`)} safe>
                {theme.label}
              </a>
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </article>
  );
}

export interface LibraryPageProps {
  ctx: ViewContext;
  result: LibraryResult;
  filters: LibraryFilters;
  yearFrom: number | null;
  yearTo: number | null;
}

/** The library: a search box, filters with counts, results and pages; works without scripts. */
export function LibraryPage({ ctx, result, filters, yearFrom, yearTo }: LibraryPageProps) {
  const { t } = ctx;
  const applied =
    FACETS.reduce((n, f) => n + filters[f].length, 0) +
    (yearFrom !== null ? 1 : 0) +
    (yearTo !== null ? 1 : 0);
  const params = (overrides: Record<string, string | string[] | number | undefined>) =>
    queryString({
      q: result.q || undefined,
      ...filters,
      year_from: yearFrom ?? undefined,
      year_to: yearTo ?? undefined,
      ...overrides,
    });
  const title = ctx.text('library.title');
  return (
    <Layout
      ctx={ctx}
      title={result.q ? `${result.q} · ${title}` : title}
      description={ctx.text('library.description')}
      mainClass="search-page"
      noindex={Boolean(result.q)}
    >
      <form method="get" action={ctx.href('/resources')} class="search">
        <search class="search__bar">
          <h1 class="search__title" safe>
            {title}
          </h1>
          <p class="muted" safe>
            {ctx.text('library.description')}
          </p>
          <label for="library-q" class="visually-hidden">
            {t('library.searchLabel')}
          </label>
          <div class="search__row">
            <input
              type="search"
              id="library-q"
              name="q"
              value={result.q}
              autocomplete="off"
              maxlength="500"
            />
            <button type="submit" class="button">
              {t('search.submit')}
            </button>
          </div>
          {ctx.can('resources.manage') ? (
            <p>
              <a href={ctx.href('/editor/resources/new')}>{t('library.new')}</a>
            </p>
          ) : (
            ''
          )}
        </search>

        <FacetSidebar
          ctx={ctx}
          applied={applied}
          clearHref={ctx.href(`/resources${queryString({ q: result.q || undefined })}`)}
          groups={FACETS.map((facet) => ({
            name: facet,
            id: `facet-${facet}`,
            legend: ctx.text(`library.filter.${facet}` as MessageKey),
            values: result.facets[facet],
          }))}
        >
          <fieldset class="facet" id="facet-year">
            <legend>{t('library.filter.year')}</legend>
            <div class="year-range">
              <label for="year-from">{t('library.filter.yearFrom')}</label>
              <input
                type="number"
                id="year-from"
                name="year_from"
                min="1900"
                max="2200"
                inputmode="numeric"
                value={yearFrom === null ? undefined : String(yearFrom)}
              />
              <label for="year-to">{t('library.filter.yearTo')}</label>
              <input
                type="number"
                id="year-to"
                name="year_to"
                min="1900"
                max="2200"
                inputmode="numeric"
                value={yearTo === null ? undefined : String(yearTo)}
              />
            </div>
          </fieldset>
        </FacetSidebar>

        <section class="content" aria-labelledby="results-count">
          {result.concepts.length > 0 ? (
            <p class="recognized">
              <span class="recognized__label">{t('search.concepts')}</span>{' '}
              <span safe>{result.concepts.map((c) => c.label).join(', ')}</span>
            </p>
          ) : (
            ''
          )}
          <div class="results__head">
            <p id="results-count" class="results__count" role="status">
              {result.total === 0
                ? t('search.none')
                : t('library.range', {
                    first: (result.page - 1) * result.perPage + 1,
                    last: Math.min(result.total, result.page * result.perPage),
                    total: result.total,
                  })}
            </p>
          </div>
          {result.relaxed ? <p class="notice">{t('library.relaxed')}</p> : ''}
          {result.hits.length > 0 ? (
            <ol class="results__list">
              {result.hits.map((hit) => (
                <li>
                  <ResourceCardView ctx={ctx} card={hit.card} snippet={hit.snippet} />
                </li>
              ))}
            </ol>
          ) : (
            <div class="empty-state">
              <p>{t('library.empty.next')}</p>
              <ul>
                <li>
                  <a href={ctx.href('/resources')}>{t('library.empty.all')}</a>
                </li>
                {result.q ? (
                  <li>
                    <a href={ctx.href(`/search${queryString({ q: result.q })}`)}>
                      {t('library.empty.practices', { q: isolated(result.q) })}
                    </a>
                  </li>
                ) : (
                  ''
                )}
              </ul>
            </div>
          )}
          <Pagination
            ctx={ctx}
            page={result.page}
            pageCount={result.pageCount}
            link={(page) =>
              ctx.href(`/resources${params({ page: page === 1 ? undefined : page })}`)
            }
          />
        </section>
      </form>
      <DownloadBlock ctx={ctx} base="/resources" />
    </Layout>
  );
}

/** schema.org for a resource: a CreativeWork, Report or Dataset according to its type. */
export function resourceStructuredData(
  ctx: ViewContext,
  r: ResourceDetail,
  url: string,
): JsonLdData {
  const fileUrl = r.file ? `${ctx.publicUrl}${ctx.href(`/resources/${r.slug}/file`)}` : undefined;
  const type = SCHEMA_TYPES[r.type];
  return {
    '@context': 'https://schema.org',
    '@type': type,
    '@id': `${url}#resource`,
    url: r.linkUrl ?? url,
    mainEntityOfPage: url,
    name: r.title,
    description: r.abstract,
    inLanguage: r.language,
    ...(r.year !== null ? { datePublished: String(r.year) } : {}),
    dateModified: r.updatedAt,
    author: { '@type': 'Organization', name: r.authors },
    about: r.themes.map((theme) => ({
      '@type': 'DefinedTerm',
      name: theme.label,
      termCode: theme.id,
    })),
    ...(fileUrl
      ? type === 'Dataset'
        ? {
            distribution: {
              '@type': 'DataDownload',
              contentUrl: fileUrl,
              encodingFormat: r.file?.mediaType,
            },
          }
        : {
            encoding: {
              '@type': 'MediaObject',
              contentUrl: fileUrl,
              encodingFormat: r.file?.mediaType,
            },
          }
      : {}),
    sdPublisher: organisationRef(ctx),
    isPartOf: websiteRef(ctx),
  };
}

function Fact({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <div class="facts__row">
      <dt safe>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function ResourcePage({ ctx, resource: r }: { ctx: ViewContext; resource: ResourceDetail }) {
  const { t } = ctx;
  const url = `${ctx.publicUrl}${ctx.href(`/resources/${r.slug}`)}`;
  const contentDir = directionOf(r.displayLanguage);
  return (
    <Layout
      ctx={ctx}
      title={r.title}
      description={r.abstract.slice(0, 160)}
      ogType="article"
      canonicalPath={`/resources/${r.slug}`}
      jsonLd={resourceStructuredData(ctx, r, url)}
    >
      <article class="resource" lang={r.displayLanguage} dir={contentDir}>
        <nav
          class="breadcrumbs"
          aria-label={ctx.text('nav.breadcrumbs')}
          lang={ctx.locale}
          dir={ctx.dir}
        >
          <ol>
            <li>
              <a href={ctx.href('/resources')}>{t('library.title')}</a>
            </li>
            <li>
              <a href={ctx.href(`/resources${queryString({ type: r.type })}`)} safe>
                {typeLabel(ctx, r.type)}
              </a>
            </li>
          </ol>
        </nav>
        <h1 safe>{r.title}</h1>
        {r.displayLanguage !== r.language ? (
          <TranslationNote ctx={ctx} shown={r} />
        ) : (
          <p class="language-note" lang={ctx.locale} dir={ctx.dir}>
            {r.language === ctx.locale
              ? t('practice.language.original', { language: ctx.language(r.language) })
              : t('library.language.untranslated', {
                  language: ctx.language(r.language),
                  reader: ctx.language(ctx.locale),
                })}
          </p>
        )}
        <p class="lead" safe>
          {r.abstract}
        </p>
        <section
          class="facts panel"
          aria-labelledby="facts-heading"
          lang={ctx.locale}
          dir={ctx.dir}
        >
          <h2 id="facts-heading" class="facts__title">
            {t('practice.facts')}
          </h2>
          <dl class="facts__list">
            <Fact label={ctx.text('library.field.type')}>{escapeHtml(typeLabel(ctx, r.type))}</Fact>
            <Fact label={ctx.text('library.field.authors')}>
              <span lang={r.language} safe>
                {r.authors}
              </span>
            </Fact>
            {r.year !== null ? (
              <Fact label={ctx.text('library.field.year')}>{escapeHtml(String(r.year))}</Fact>
            ) : (
              ''
            )}
            <Fact label={ctx.text('library.field.language')}>
              {escapeHtml(ctx.language(r.language))}
            </Fact>
            {r.themes.length > 0 ? (
              <Fact label={ctx.text('practice.themes')}>
                <ul class="inline-list">
                  {r.themes.map((theme) => (
                    <li>
                      <a href={ctx.href(`/resources${queryString({ theme: theme.id })}`)} safe>
                        {theme.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </Fact>
            ) : (
              ''
            )}
          </dl>
          <p class="resource__actions">
            {r.file ? (
              <a class="button" href={ctx.href(`/resources/${r.slug}/file`)} download={r.file.name}>
                {t('library.download', { size: Math.max(1, Math.round(r.file.size / 1024)) })}
              </a>
            ) : (
              ''
            )}{' '}
            {r.linkUrl ? (
              <a class="button button--secondary" href={r.linkUrl} rel="noopener external">
                {t('library.open')}
              </a>
            ) : (
              ''
            )}
          </p>
        </section>
        {ctx.can('resources.manage') ? (
          <p lang={ctx.locale} dir={ctx.dir}>
            <a href={ctx.href(`/editor/resources/${r.slug}/edit`)}>{t('library.edit')}</a>
          </p>
        ) : (
          ''
        )}
      </article>
    </Layout>
  );
}

/** Words typed by the reader, isolated (FSI … PDI) so their direction never reorders the sentence. */
function isolated(text: string): string {
  return `\u2068${text}\u2069`;
}
