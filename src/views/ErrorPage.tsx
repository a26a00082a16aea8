import type { FieldProblem } from '../core/errors.ts';
import type { ViewContext } from '../core/http/view-context.ts';
import { problemText } from './components/Form.tsx';
import { Layout } from './layout/Layout.tsx';

export function ErrorPage({
  ctx,
  status,
  code,
  details = [],
  requestId,
}: {
  ctx: ViewContext;
  status: number;
  code?: string;
  details?: FieldProblem[];
  requestId?: string;
}) {
  const { t } = ctx;
  const kind = code?.startsWith('csrf')
    ? 'csrf'
    : code === 'not_municipality_member'
      ? 'notMunicipalityMember'
      : status === 404
        ? 'notFound'
        : status === 400
          ? 'badRequest'
          : status === 403
            ? 'forbidden'
            : status === 429
              ? 'tooMany'
              : status === 503
                ? 'unavailable'
                : status >= 500
                  ? 'server'
                  : 'other';
  const title = ctx.text(`error.${kind}.title`);
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="error-page">
        <h1 safe>{title}</h1>
        <p>{t(`error.${kind}.body`)}</p>
        {details.length > 0 ? (
          <ul class="notice notice--error">
            {details.map((d) => (
              <li>
                {d.key ? (
                  // A message from the catalogue says what is wrong in the reader's language.
                  <span safe>{problemText(ctx, d)}</span>
                ) : (
                  <>
                    <strong safe>{d.field}</strong>: <span safe>{d.message}</span>
                  </>
                )}
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
        {kind === 'notMunicipalityMember' ? (
          <p>
            <a class="button" href={ctx.href('/organisations?type=municipality')}>
              {t('error.notMunicipalityMember.action')}
            </a>
          </p>
        ) : (
          ''
        )}
        <p>
          <a class="button" href={ctx.href('/practices')}>
            {t('error.browse')}
          </a>{' '}
          <a href={ctx.href('/')}>{t('error.home')}</a>
        </p>
        {requestId ? <p class="muted">{t('error.reference', { id: requestId })}</p> : ''}
      </div>
    </Layout>
  );
}
