import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { queryString } from '../../../views/context.ts';
import type { PracticeDetail } from '../practice-detail.service.ts';
import { citedPath } from '../practice-permalink.ts';

/** What follows a practice's text: its organisations, attachments, sources and citation. */

/** The organisations behind a practice, with their roles. */
export function PracticeOrganisations({
  ctx,
  practice: p,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
}) {
  const { t } = ctx;
  return p.organisations.length > 0 ? (
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
  );
}

/** The files attached to a practice: images shown, other files linked. */
export function PracticeAttachments({
  ctx,
  practice: p,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
}) {
  const { t } = ctx;
  return p.attachments.length > 0 ? (
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
  );
}

/** Where the practice is described elsewhere. */
export function PracticeSources({
  ctx,
  practice: p,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
}) {
  const { t } = ctx;
  return p.sourceUrl || p.sources.length > 0 ? (
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
  );
}

/** How to cite the practice, and (once published) its citation files, history and data. */
export function PracticeCitation({
  ctx,
  practice: p,
  preview,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
  preview: boolean;
}) {
  const { t } = ctx;
  // A preview is not published yet: it has no version of its own to cite.
  const permalink = `${ctx.publicUrl}${preview ? `/practices/${p.slug}` : citedPath(p)}`;
  const citeQuery = queryString({
    version: p.version > 0 ? String(p.version) : undefined,
    lang: p.displayLanguage,
  });
  return (
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
  );
}
