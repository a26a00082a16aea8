import type { PropsWithChildren } from '@kitajs/html';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf, languageName } from '../../../core/i18n/locales.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { PostForm } from '../../../views/components/Form.tsx';
import { years } from '../../../views/components/PracticeCard.tsx';
import { queryString, type ViewContext } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { ConceptRef, PracticeDetail } from '../practice.service.ts';

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
}

export function PracticePage({ ctx, practice, mayPropose }: PracticePageProps) {
  return (
    <Layout ctx={ctx} title={practice.title} description={practice.summary.slice(0, 160)}>
      {practice.archivedAt ? (
        <p class="notice notice--warning" role="status">
          {ctx.t('practice.archived', { date: ctx.date(practice.archivedAt) })}
        </p>
      ) : (
        ''
      )}
      <PracticeArticle ctx={ctx} practice={practice} />
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
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
  preview?: boolean;
}) {
  const { t } = ctx;
  const contentDir = directionOf(p.displayLanguage);
  const place = p.cityName ?? p.city?.name;
  const span = years(ctx, p.startYear, p.endYear, p.status);
  const lead = p.organisations.filter((o) => o.role === 'lead');
  const others = p.organisations.filter((o) => o.role !== 'lead');
  const permalink = `${ctx.publicUrl}/practices/${p.slug}`;
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
            : t('practice.language.translated', {
                language: ctx.language(p.displayLanguage),
                original: ctx.language(p.language),
              })}
          {otherLanguages.length > 0 ? (
            <>
              {' '}
              {t('practice.language.alsoIn')}{' '}
              {otherLanguages.map((l, i) => (
                <>
                  {i > 0 ? ', ' : ''}
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
      <p class="lead" safe>
        {p.summary}
      </p>

      <section class="facts panel" aria-labelledby="facts-heading" lang={ctx.locale} dir={ctx.dir}>
        <h2 id="facts-heading" class="facts__title">
          {t('practice.facts')}
        </h2>
        <dl class="facts__list">
          <Fact label={ctx.text('practice.fact.place')}>
            {place ? (
              <>
                <span safe>{place}</span>
                {', '}
              </>
            ) : (
              ''
            )}
            <a href={ctx.href(`/countries/${p.country.code}`)} safe>
              {p.country.name}
            </a>
            {p.regions.length > 0 ? (
              <>
                {' ('}
                {p.regions.slice(0, 2).map((r, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
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
              {p.status && span ? ', ' : ''}
              <span safe>{span}</span>
            </Fact>
          ) : (
            ''
          )}
          {lead.length > 0 ? (
            <Fact label={ctx.text('practice.fact.lead')}>
              <span safe>{lead.map((o) => o.name).join(', ')}</span>
            </Fact>
          ) : (
            ''
          )}
          {others.length > 0 ? (
            <Fact label={ctx.text('practice.fact.partners')}>
              <span safe>{others.map((o) => o.name).join(', ')}</span>
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
    </article>
  );
}
