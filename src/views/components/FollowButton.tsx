import type { ViewContext } from '../../core/http/view-context.ts';
import { PostForm } from './Form.tsx';

/** What a reader can follow (the alerts module stores and checks these). */
export type FollowKind = 'practice' | 'organisation' | 'theme' | 'country' | 'search';

/**
 * Follow or unfollow what the page shows; a "sign in to follow" link for readers not signed in
 * (their pages are cached for everyone, so they carry no per-reader state).
 *
 *   <FollowButton ctx={ctx} kind="theme" target="housing" />
 */
export function FollowButton({
  ctx,
  kind,
  target,
}: {
  ctx: ViewContext;
  kind: FollowKind;
  target: string;
}) {
  const { t } = ctx;
  if (!ctx.user || !ctx.csrfToken)
    return (
      <p class="follow no-print">
        <a href={ctx.href(`/account/login?next=${encodeURIComponent(ctx.path)}`)}>
          {t('alerts.signInToFollow')}
        </a>
      </p>
    );
  // Filled by app.ts's hook on the pages that show this button (see ViewContext.follows).
  const { target: canonical, following } = ctx.follows?.(kind, target) ?? {
    target,
    following: false,
  };
  return (
    <PostForm
      action={ctx.href(following ? '/alerts/unfollow' : '/alerts/follow')}
      csrfToken={ctx.csrfToken}
      class="follow no-print"
    >
      <input type="hidden" name="kind" value={kind} />
      <input type="hidden" name="target" value={canonical} />
      <input type="hidden" name="next" value={ctx.path} />
      {following ? <span class="follow__state">{t('alerts.following')}</span> : ''}
      <button type="submit" class="button button--secondary">
        {following
          ? t('alerts.unfollow')
          : kind === 'search'
            ? t('alerts.followSearch')
            : t('alerts.follow')}
      </button>{' '}
      <a href={ctx.href('/account/alerts')}>{t('alerts.title')}</a>
    </PostForm>
  );
}
