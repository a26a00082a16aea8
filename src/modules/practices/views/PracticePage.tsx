import type { PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf, languageName } from '../../../core/i18n/locales.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { FollowButton } from '../../../views/components/FollowButton.tsx';
import { PostForm } from '../../../views/components/Form.tsx';
import { listSeparator, listText, PlaceName } from '../../../views/components/PlaceName.tsx';
import { years } from '../../../views/components/PracticeCard.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { ConceptRef } from '../practice.service.ts';
import type { PracticeDetail } from '../practice-detail.service.ts';
import type { PracticeVersionView } from '../practice-history.service.ts';
import { citedPath } from '../practice-permalink.ts';
import { practiceStructuredData } from './practice-structured-data.ts';

/**
 * The practice page, its version page and the article they share with the printable brief: every
 * section of the record with its facts, evidence, organisations, sources and citation. Longer than
 * 600 lines because the record is; the parts are small functions that only this page uses.
 */

function ConceptList({
  ctx,
  items,
  filter,
}: {
  ctx: ViewContext;
  items: ConceptRef[];
  filter: string;
}) {
  return (
    <ul class="inline-list">
      {items.map((item) => (
        <li>
          <a href={ctx.href(`/practices${queryString({ [filter]: item.id })}`)} safe>
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Fact({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <div class="facts__row">
      <dt safe>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export interface PracticePageProps {
  ctx: ViewContext;
  practice: PracticeDetail;
  /** Whether the reader may propose a new version of it. */
  mayPropose?: boolean;
  /** Panels of higher modules below the practice, such as the recommendations it supports. */
  afterArticle?: JSX.Element[];
  /** Panels of higher modules at the end of the page, such as its discussion. */
  end?: JSX.Element[];
}

export function PracticePage({
  ctx,
  practice,
  mayPropose,
  afterArticle = [],
  end = [],
}: PracticePageProps) {
  return (
    <Layout
      ctx={ctx}
      title={practice.title}
      description={practice.summary.slice(0, 160)}
      ogType="article"
      jsonLd={practiceStructuredData(
        ctx,
        practice,
        `${ctx.publicUrl}${ctx.href(`/practices/${practice.slug}`)}`,
      )}
    >
      {practice.archivedAt ? (
        <p class="notice notice--warning" role="status">
          {ctx.t('practice.archived', { date: ctx.date(practice.archivedAt) })}
        </p>
      ) : (
        ''
      )}
      <PracticeArticle
        ctx={ctx}
        practice={practice}
        actions={
          <div class="practice__actions no-print" lang={ctx.locale} dir={ctx.dir}>
            <div class="practice__tools">
              {/* No token: the page is cached for everyone; the route checks where the form came from. */}
              <form method="post" action={ctx.href('/shortlist/add')}>
                <input type="hidden" name="practice" value={practice.slug} />
                <button type="submit" class="button button--secondary">
                  {ctx.t('shortlist.add')}
                </button>
              </form>
              <a href={ctx.href(`/practices/${practice.slug}/brief`)}>{ctx.t('brief.link')}</a>
              <a href={ctx.href(`/contact/practice/${practice.slug}`)}>
                {ctx.t('contact.link.practice')}
              </a>
              <a href={ctx.href('/shortlist')}>{ctx.t('shortlist.title')}</a>
            </div>
            <FollowButton ctx={ctx} kind="practice" target={String(practice.id)} />
          </div>
        }
      />
      {afterArticle}
      {mayPropose ? (
        <PostForm
          action={ctx.href(`/practices/${practice.slug}/new-version`)}
          csrfToken={ctx.csrfToken ?? ''}
          class="practice__propose"
        >
          <button type="submit" class="button button--secondary">
            {ctx.t('practice.proposeVersion')}
          </button>
        </PostForm>
      ) : (
        ''
      )}
      {end}
    </Layout>
  );
}

/** One published version of a practice, at its permanent address. */
export function PracticeVersionPage({
  ctx,
  view,
}: {
  ctx: ViewContext;
  view: PracticeVersionView;
}) {
  const p = view.practice;
  const path = `/practices/${p.slug}/versions/${view.version}`;
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('version.title', { title: p.title, version: view.version })}
      description={p.summary.slice(0, 160)}
      noindex={!view.isCurrent}
      canonicalPath={path}
      ogType="article"
      jsonLd={practiceStructuredData(ctx, p, `${ctx.publicUrl}${ctx.href(path)}`)}
    >
      <p class="notice" role="status">
        {ctx.t('version.notice', {
          version: view.version,
          total: view.latest,
          date: ctx.date(view.publishedAt),
        })}{' '}
        <a href={ctx.href(`/practices/${p.slug}`)}>{ctx.t('version.current')}</a>
        {' · '}
        <a href={ctx.href(`/practices/${p.slug}/history`)}>{ctx.t('version.history')}</a>
      </p>
      <PracticeArticle ctx={ctx} practice={p} reviewMark={false} />
    </Layout>
  );
}

/**
 * The practice itself, as published: the practice page shows it, and the preview of a
 * submission shows the same component, so a preview is exactly what will be published.
 */
export function PracticeArticle({
  ctx,
  practice: p,
  preview = false,
  reviewMark = true,
  actions,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
  preview?: boolean;
  /** What a reader can do with the practice (shortlist, brief, contact), shown below the summary. */
  actions?: JSX.Element;
  /** False where the review of the version shown is not known (an older version). */
  reviewMark?: boolean;
}) {
  const { t } = ctx;
  const actionsMarkup: JSX.Element = actions ?? '';
  const contentDir = directionOf(p.displayLanguage);
  const place = p.cityName ?? p.city?.name;
  const cityMarkup: JSX.Element | null = !place ? null : p.city && !preview ? (
    <a href={ctx.href(`/cities/${p.city.id}`)} safe>
      {place}
    </a>
  ) : (
    <span safe>{place}</span>
  );
  const span = years(ctx, p.startYear, p.endYear, p.status);
  const lead = p.organisations.filter((o) => o.role === 'lead');
  const others = p.organisations.filter((o) => o.role !== 'lead');
  // A preview is not published yet: it has no version of its own to cite.
  const permalink = `${ctx.publicUrl}${preview ? `/practices/${p.slug}` : citedPath(p)}`;
  const citeQuery = queryString({
    version: p.version > 0 ? String(p.version) : undefined,
    lang: p.displayLanguage,
  });
  const otherLanguages = p.availableLanguages.filter((l) => l !== p.displayLanguage);
  return (
    <article class="practice" lang={p.displayLanguage} dir={contentDir}>
      <nav
        class="breadcrumbs"
        aria-label={ctx.text('nav.breadcrumbs')}
        lang={ctx.locale}
        dir={ctx.dir}
      >
        <ol>
          <li>
            <a href={ctx.href('/practices')}>{t('nav.practices')}</a>
          </li>
          <li>
            <a href={ctx.href(`/countries/${p.country.code}`)} safe>
              {p.country.name}
            </a>
          </li>
        </ol>
      </nav>
      <h1 safe>{p.title}</h1>
      {p.illustrative ? (
        <p class="notice notice--warning" lang={ctx.locale} dir={ctx.dir}>
          <strong>{t('practice.illustrative.badge')}</strong> {t('practice.illustrative.note')}
        </p>
      ) : (
        ''
      )}
      <div class="language-note" lang={ctx.locale} dir={ctx.dir}>
        <p>
          {p.displayLanguage === p.language
            ? t('practice.language.original', { language: ctx.language(p.language) })
            : p.translatedAt
              ? t('practice.language.translatedOn', {
                  language: ctx.language(p.displayLanguage),
                  date: ctx.date(p.translatedAt),
                  original: ctx.language(p.language),
                })
              : t('practice.language.translated', {
                  language: ctx.language(p.displayLanguage),
                  original: ctx.language(p.language),
                })}
          {p.displayLanguage !== p.language && p.machineTranslationReviewed ? (
            <> {t('practice.language.machineReviewed')}</>
          ) : (
            ''
          )}
          {otherLanguages.length > 0 ? (
            <>
              {' '}
              {t('practice.language.alsoIn')}{' '}
              {otherLanguages.map((l, i) => (
                <>
                  {i > 0 ? listSeparator(ctx.locale) : ''}
                  <a
                    href={ctx.href(`/practices/${p.slug}${queryString({ lang: l })}`)}
                    hreflang={l}
                    lang={l}
                    safe
                  >
                    {languageName(l, l)}
                  </a>
                </>
              ))}
            </>
          ) : (
            ''
          )}
        </p>
      </div>
      {/* Wide screens: the key facts in a column beside the summary and the text. */}
      <div class="practice__body">
        <p class="lead practice__summary" safe>
          {p.summary}
        </p>
        {actionsMarkup}
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
            <Fact label={ctx.text('practice.fact.place')}>
              <PlaceName
                ctx={ctx}
                city={cityMarkup}
                country={
                  <a href={ctx.href(`/countries/${p.country.code}`)} safe>
                    {p.country.name}
                  </a>
                }
              />
              {p.regions.length > 0 ? (
                <>
                  {' ('}
                  {p.regions.slice(0, 2).map((r, i) => (
                    <>
                      {i > 0 ? listSeparator(ctx.locale) : ''}
                      <a href={ctx.href(`/regions/${r.code}`)} safe>
                        {r.name}
                      </a>
                    </>
                  ))}
                  {')'}
                </>
              ) : (
                ''
              )}
            </Fact>
            {p.level ? (
              <Fact label={ctx.text('practice.fact.level')}>
                {t(`level.${p.level}` as MessageKey)}
              </Fact>
            ) : (
              ''
            )}
            {p.type ? (
              <Fact label={ctx.text('practice.fact.type')}>
                <a href={ctx.href(`/practices${queryString({ type: p.type })}`)}>
                  {t(`type.${p.type}` as MessageKey)}
                </a>
              </Fact>
            ) : (
              ''
            )}
            {p.status || span ? (
              <Fact label={ctx.text('practice.fact.status')}>
                {p.status ? t(`status.${p.status}` as MessageKey) : ''}
                {p.status && span ? listSeparator(ctx.locale) : ''}
                <span safe>{span}</span>
              </Fact>
            ) : (
              ''
            )}
            {lead.length > 0 ? (
              <Fact label={ctx.text('practice.fact.lead')}>
                <span safe>
                  {listText(
                    ctx.locale,
                    lead.map((o) => o.name),
                  )}
                </span>
              </Fact>
            ) : (
              ''
            )}
            {others.length > 0 ? (
              <Fact label={ctx.text('practice.fact.partners')}>
                <span safe>
                  {listText(
                    ctx.locale,
                    others.map((o) => o.name),
                  )}
                </span>
              </Fact>
            ) : (
              ''
            )}
            <Fact label={ctx.text('practice.fact.evidence')}>
              <EvidenceBadge ctx={ctx} level={p.evidenceLevel} />{' '}
              <a href={ctx.href('/evidence')}>{t('practice.evidenceScale')}</a>
              {p.evidenceJustification ? (
                <p class="facts__note" safe>
                  {p.evidenceJustification}
                </p>
              ) : (
                ''
              )}
              {p.peerReview ? (
                <p class="facts__note peer-review">
                  {t('practice.peerReviewed', {
                    count: p.peerReview.reviewers,
                    date: ctx.date(p.peerReview.decidedAt),
                  })}
                  {p.peerReview.override ? (
                    <>
                      {' '}
                      {t('practice.reviewOverride')}{' '}
                      <q dir="auto" safe>
                        {p.peerReview.override}
                      </q>
                    </>
                  ) : (
                    ''
                  )}
                </p>
              ) : reviewMark && !preview ? (
                <p class="facts__note peer-review">{t('practice.notPeerReviewed')}</p>
              ) : (
                ''
              )}
            </Fact>
            {p.policyAreas.length > 0 ? (
              <Fact label={ctx.text('practice.fact.policyAreas')}>
                <ConceptList ctx={ctx} items={p.policyAreas} filter="policy_area" />
              </Fact>
            ) : (
              ''
            )}
            <Fact label={ctx.text('practice.fact.themes')}>
              <ul class="inline-list">
                {p.themes.map((item) => (
                  <li>
                    <a href={ctx.href(`/themes/${item.id}`)} safe>
                      {item.label}
                    </a>
                  </li>
                ))}
              </ul>
            </Fact>
            {p.targetGroups.length > 0 ? (
              <Fact label={ctx.text('practice.fact.targetGroups')}>
                <ConceptList ctx={ctx} items={p.targetGroups} filter="target_group" />
              </Fact>
            ) : (
              ''
            )}
            {p.actorTypes.length > 0 ? (
              <Fact label={ctx.text('practice.fact.actorTypes')}>
                <ConceptList ctx={ctx} items={p.actorTypes} filter="actor_type" />
              </Fact>
            ) : (
              ''
            )}
            {p.gcmObjectives.length > 0 ? (
              <Fact label={ctx.text('practice.fact.gcm')}>
                <ul class="inline-list">
                  {p.gcmObjectives.map((g) => (
                    <li>
                      <span>{t('practice.gcmObjective', { number: g.id, label: g.label })}</span>
                    </li>
                  ))}
                </ul>
              </Fact>
            ) : (
              ''
            )}
            {p.sdgTargets.length > 0 ? (
              <Fact label={ctx.text('practice.fact.sdg')}>
                <ul class="inline-list">
                  {p.sdgTargets.map((g) => (
                    <li>
                      <span>{t('practice.sdgTarget', { number: g.id, label: g.label })}</span>
                    </li>
                  ))}
                </ul>
              </Fact>
            ) : (
              ''
            )}
          </dl>
        </section>

        <div class="practice__main">
          {p.sections.map((section) => (
            <section class="practice__section" aria-labelledby={`section-${section.key}`}>
              <h2 id={`section-${section.key}`} lang={ctx.locale} dir={ctx.dir}>
                {t(`section.${section.key}` as MessageKey)}
              </h2>
              {section.text.split(/\n{2,}/).map((paragraph) => (
                <p safe>{paragraph}</p>
              ))}
            </section>
          ))}

          <div lang={ctx.locale} dir={ctx.dir}>
            {p.organisations.length > 0 ? (
              <section class="practice__section" aria-labelledby="organisations-heading">
                <h2 id="organisations-heading">{t('practice.organisations')}</h2>
                <ul class="plain-list">
                  {p.organisations.map((o) => (
                    <li>
                      {o.website ? (
                        <a href={o.website} rel="noopener nofollow" safe>
                          {o.name}
                        </a>
                      ) : (
                        <span safe>{o.name}</span>
                      )}
                      <span class="muted">
                        {' — '}
                        {t(`role.${o.role}` as MessageKey)}
                        {o.typeLabel ? (
                          <>
                            {', '}
                            <span safe>{o.typeLabel}</span>
                          </>
                        ) : (
                          ''
                        )}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : (
              ''
            )}

            {p.attachments.length > 0 ? (
              <section class="practice__section" aria-labelledby="attachments-heading">
                <h2 id="attachments-heading">{t('practice.attachments')}</h2>
                <ul class="plain-list attachments">
                  {p.attachments.map((f) => (
                    <li>
                      {f.hasWebCopy ? (
                        <figure class="attachment__figure">
                          <img
                            src={`/files/${f.id}/web`}
                            alt={ctx.text('practice.attachmentImage', { name: f.name })}
                            loading="lazy"
                            decoding="async"
                          />
                          <figcaption>
                            <a href={`/files/${f.id}`} safe>
                              {f.name}
                            </a>
                          </figcaption>
                        </figure>
                      ) : (
                        <a href={`/files/${f.id}`} type={f.mediaType} safe>
                          {f.name}
                        </a>
                      )}
                      <span class="muted">
                        {' '}
                        {t('file.size', { kb: Math.max(1, Math.round(f.size / 1024)) })}
                      </span>
                    </li>
                  ))}
                </ul>
              </section>
            ) : (
              ''
            )}

            {p.sourceUrl || p.sources.length > 0 ? (
              <section class="practice__section" aria-labelledby="sources-heading">
                <h2 id="sources-heading">{t('practice.sources')}</h2>
                <ul class="plain-list sources">
                  {p.sourceUrl ? (
                    <li>
                      <a href={p.sourceUrl} rel="noopener nofollow" safe>
                        {p.sourceUrl}
                      </a>
                    </li>
                  ) : (
                    ''
                  )}
                  {p.sources.map((s) => (
                    <li>
                      <a href={s.url} rel="noopener nofollow" safe>
                        {s.title ?? s.url}
                      </a>
                    </li>
                  ))}
                </ul>
              </section>
            ) : (
              ''
            )}

            <section class="practice__section cite" aria-labelledby="cite-heading">
              <h2 id="cite-heading">{t('practice.cite')}</h2>
              <p class="cite__text">
                {t('practice.citation', {
                  title: p.title,
                  site: ctx.text('site.name'),
                  updated: ctx.date(p.updatedAt),
                  url: permalink,
                })}
              </p>
              {preview ? (
                ''
              ) : (
                <p class="cite__downloads">
                  {t('practice.citeDownload')}{' '}
                  <a
                    href={ctx.href(`/practices/${p.slug}/cite.bib${citeQuery}`)}
                    type="application/x-bibtex"
                  >
                    {t('practice.citeBibtex')}
                  </a>
                  {' · '}
                  <a
                    href={ctx.href(`/practices/${p.slug}/cite.json${citeQuery}`)}
                    type="application/vnd.citationstyles.csl+json"
                  >
                    {t('practice.citeCsl')}
                  </a>
                </p>
              )}
              {preview ? (
                ''
              ) : (
                <p class="muted">
                  {t('practice.updated', { date: ctx.date(p.updatedAt) })}
                  {p.version > 0 ? (
                    <>
                      {' · '}
                      <a href={ctx.href(`/practices/${p.slug}/history`)}>
                        {t('practice.versionLink', { version: p.version })}
                      </a>
                    </>
                  ) : (
                    ''
                  )}
                  {' · '}
                  <a href={`/api/v1/practices/${p.slug}`} type="application/json">
                    {t('practice.json')}
                  </a>
                </p>
              )}
            </section>
          </div>
        </div>
      </div>
    </article>
  );
}
