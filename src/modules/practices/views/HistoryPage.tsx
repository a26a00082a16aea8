import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';
import type {
  FieldChange,
  PracticeHistory,
  VersionComparison,
} from '../practice-history.service.ts';

function fieldName(ctx: ViewContext, field: string): string {
  return field.startsWith('sections.')
    ? ctx.text(`section.${field.slice(9)}` as MessageKey)
    : ctx.text(`history.field.${field}` as MessageKey);
}

/** Field by field, what was added and removed: between two versions, or two review rounds. */
export function FieldChanges({ ctx, changes }: { ctx: ViewContext; changes: FieldChange[] }) {
  return changes.length === 0 ? (
    <p>{ctx.t('history.noChanges')}</p>
  ) : (
    <div class="diff__fields">
      {changes.map((change) => (
        <section class="diff__field">
          <h3 safe>{fieldName(ctx, change.field)}</h3>
          <p class="diff__text">
            {change.parts.map((part) =>
              part.change === 'added' ? (
                <ins safe>{part.text}</ins>
              ) : part.change === 'removed' ? (
                <del safe>{part.text}</del>
              ) : (
                <span safe>{part.text}</span>
              ),
            )}
          </p>
        </section>
      ))}
    </div>
  );
}

export function HistoryPage({
  ctx,
  history,
  comparison,
}: {
  ctx: ViewContext;
  history: PracticeHistory;
  comparison?: VersionComparison;
}) {
  const { t } = ctx;
  const latest = history.versions[0]?.version ?? 0;
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('history.title', { title: history.title })}
      noindex={comparison !== undefined}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href(`/practices/${history.slug}`)} safe>
              {history.title}
            </a>
          </li>
        </ol>
      </nav>
      <h1>{t('history.title', { title: history.title })}</h1>
      {history.versions.length === 0 ? (
        <p>{t('history.none')}</p>
      ) : (
        <ul class="plain-list versions">
          {history.versions.map((v) => (
            <li>
              <strong>
                <a href={ctx.href(`/practices/${history.slug}/versions/${v.version}`)}>
                  {t('history.version', { version: v.version })}
                </a>
              </strong>{' '}
              <time datetime={v.publishedAt} safe>
                {ctx.date(v.publishedAt)}
              </time>
              {v.version > 1 ? (
                <>
                  {' · '}
                  <a
                    href={ctx.href(
                      `/practices/${history.slug}/history${queryString({ from: String(v.version - 1), to: String(v.version) })}`,
                    )}
                  >
                    {t('history.compareWithPrevious')}
                  </a>
                </>
              ) : (
                ''
              )}
              {v.version === latest ? <span class="muted"> {t('history.current')}</span> : ''}
            </li>
          ))}
        </ul>
      )}
      {comparison ? (
        <section aria-labelledby="diff-heading" class="diff">
          <h2 id="diff-heading">
            {t('history.comparing', { from: comparison.from.version, to: comparison.to.version })}
          </h2>
          <p class="muted">{t('history.legend')}</p>
          <FieldChanges ctx={ctx} changes={comparison.changes} />
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
