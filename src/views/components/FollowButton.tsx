import { PostForm } from '../../../views/components/Form.tsx';
import type { ViewContext } from '../../../views/context.ts';
import type { FollowKind } from '../alert.table.ts';
import { canonicalTarget, followKey } from '../follow-target.ts';

/**
 * What the signed-in reader follows, by the view context of their request. The alerts plugin
 * fills it before the handler of a page with a follow button runs, so that each of those pages
 * needs only this one component (and no change to its route) to show the right button.
 */
const followed = new WeakMap<ViewContext, Set<string>>();

export function rememberFollows(ctx: ViewContext, keys: Set<string>): void {
  followed.set(ctx, keys);
}

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
  const canonical = canonicalTarget(kind, target);
  const following = followed.get(ctx)?.has(followKey(kind, canonical)) ?? false;
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
