import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { formatInZone } from '../../../core/time.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { PostForm } from '../../../views/components/Form.tsx';
import { PracticeCard } from '../../../views/components/PracticeCard.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { PracticeCard as Card } from '../../practices/index.ts';
import type { CallView } from '../call.service.ts';

/** When a call opens or closes, in the call's own time zone, which is named. */
function When({ ctx, iso, zone }: { ctx: ViewContext; iso: string; zone: string }) {
  return (
    <time datetime={iso}>
      <span safe>{formatInZone(iso, ctx.locale, zone)}</span>{' '}
      <span class="muted" safe>{`(${zone.replaceAll('_', ' ')})`}</span>
    </time>
  );
}

export function CallsPage({ ctx, calls }: { ctx: ViewContext; calls: CallView[] }) {
  const { t } = ctx;
  const groups = (['open', 'upcoming', 'closed'] as const).map((phase) => ({
    phase,
    calls: calls.filter((c) => c.phase === phase),
  }));
  return (
    <Layout ctx={ctx} title={ctx.text('call.list.title')}>
      <h1>{t('call.list.title')}</h1>
      <p class="lead">{t('call.list.lead')}</p>
      {calls.length === 0 ? <p>{t('call.none')}</p> : ''}
      {groups.map((g) =>
        g.calls.length === 0 ? (
          ''
        ) : (
          <section aria-labelledby={`calls-${g.phase}`}>
            <h2 id={`calls-${g.phase}`}>{t(`call.group.${g.phase}` as MessageKey)}</h2>
            <ul class="plain-list calls">
              {g.calls.map((c) => (
                <li>
                  <h3>
                    <a href={ctx.href(`/calls/${c.slug}`)} safe>
                      {c.title}
                    </a>
                  </h3>
                  <p>
                    {g.phase === 'upcoming' ? t('call.opensOn') : t('call.closesOn')}{' '}
                    <When
                      ctx={ctx}
                      iso={g.phase === 'upcoming' ? c.opensAt : c.closesAt}
                      zone={c.timeZone}
                    />
                  </p>
                </li>
              ))}
            </ul>
          </section>
        ),
      )}
    </Layout>
  );
}

export function CallPage({
  ctx,
  call,
  practices,
  themes,
  signedIn,
}: {
  ctx: ViewContext;
  call: CallView;
  practices: Card[];
  themes: { id: string; label: string }[];
  signedIn: boolean;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={call.title} description={call.description.slice(0, 160)}>
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/calls')}>{t('call.list.title')}</a>
          </li>
        </ol>
      </nav>
      <h1 safe>{call.title}</h1>
      <p>
        <span class={`state state--${call.phase}`}>
          {t(`call.phase.${call.phase}` as MessageKey)}
        </span>
      </p>
      <dl class="facts__list">
        <FactRow label={t('call.field.opens_at')}>
          <When ctx={ctx} iso={call.opensAt} zone={call.timeZone} />
        </FactRow>
        <FactRow label={t('call.field.closes_at')}>
          <When ctx={ctx} iso={call.closesAt} zone={call.timeZone} />
        </FactRow>
        {themes.length > 0 ? (
          <FactRow label={t('call.field.themes')}>
            <ul class="inline-list">
              {themes.map((theme) => (
                <li>
                  <a href={ctx.href(`/themes/${theme.id}`)} safe>
                    {theme.label}
                  </a>
                </li>
              ))}
            </ul>
          </FactRow>
        ) : (
          ''
        )}
      </dl>
      {call.description.split(/\n{2,}/).map((p) => (
        <p safe>{p}</p>
      ))}
      {call.phase === 'open' ? (
        signedIn ? (
          <PostForm action={ctx.href('/submissions')} csrfToken={ctx.csrfToken ?? ''}>
            <input type="hidden" name="call" value={call.slug} />
            <button type="submit" class="button">
              {t('call.answer')}
            </button>
          </PostForm>
        ) : (
          <p>
            <a
              class="button"
              href={ctx.href(`/account/login?next=${encodeURIComponent(`/calls/${call.slug}`)}`)}
            >
              {t('call.signInToAnswer')}
            </a>
          </p>
        )
      ) : call.phase === 'closed' ? (
        <p class="notice">{t('call.closedNotice')}</p>
      ) : (
        ''
      )}
      <section aria-labelledby="call-practices">
        <h2 id="call-practices">{t('call.practices', { count: practices.length })}</h2>
        {practices.length === 0 ? (
          <p>{t('call.practices.none')}</p>
        ) : (
          <ul class="grid grid--2 latest">
            {practices.map((card) => (
              <li>
                <PracticeCard ctx={ctx} card={card} />
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
