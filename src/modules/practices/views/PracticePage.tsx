import type { ViewContext } from '../../../core/http/view-context.ts';
import { FollowButton } from '../../../views/components/FollowButton.tsx';
import { PostForm } from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { PracticeDetail } from '../practice-detail.service.ts';
import type { PracticeVersionView } from '../practice-history.service.ts';
import { PracticeArticle } from './PracticeArticle.tsx';
import { practiceStructuredData } from './practice-structured-data.ts';

/** The practice page and the page of one of its published versions. */

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
