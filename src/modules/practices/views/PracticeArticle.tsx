import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf, languageName } from '../../../core/i18n/locales.ts';
import { listSeparator } from '../../../views/components/PlaceName.tsx';
import { queryString } from '../../../views/context.ts';
import type { PracticeDetail } from '../practice-detail.service.ts';
import { PracticeFacts } from './PracticeFacts.tsx';
import {
  PracticeAttachments,
  PracticeCitation,
  PracticeOrganisations,
  PracticeSources,
} from './PracticeReferences.tsx';

/**
 * The practice itself as published, shared by the practice page, its version page, the preview
 * of a submission and the printable brief: its text beside its key facts, then what follows it.
 */

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
      <LanguageNote ctx={ctx} practice={p} />
      {/* Wide screens: the key facts in a column beside the summary and the text. */}
      <div class="practice__body">
        <p class="lead practice__summary" safe>
          {p.summary}
        </p>
        {actionsMarkup}
        <PracticeFacts ctx={ctx} practice={p} preview={preview} reviewMark={reviewMark} />

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
            <PracticeOrganisations ctx={ctx} practice={p} />
            <PracticeAttachments ctx={ctx} practice={p} />
            <PracticeSources ctx={ctx} practice={p} />
            <PracticeCitation ctx={ctx} practice={p} preview={preview} />
          </div>
        </div>
      </div>
    </article>
  );
}

/** The language the practice is shown in, its original, and the other languages it is in. */
function LanguageNote({ ctx, practice: p }: { ctx: ViewContext; practice: PracticeDetail }) {
  const { t } = ctx;
  const otherLanguages = p.availableLanguages.filter((l) => l !== p.displayLanguage);
  return (
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
  );
}
