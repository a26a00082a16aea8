import type { PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { DumpManifest } from '../dump.service.ts';
import type { Licence } from '../exports.service.ts';

const FORMATS = ['csv', 'json', 'ndjson'] as const;
const EXAMPLE = '/api/v1/exports/practices.csv?theme=housing&country=CO';

/** A size in the reader's language, in decimal units as they are named: "1.2 MB". */
export function formatBytes(locale: string, bytes: number): string {
  const unit = (u: string, digits: number, display: 'short' | 'long' = 'short') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay: display,
      maximumFractionDigits: digits,
    });
  if (bytes < 1e3) return unit('byte', 0, 'long').format(bytes);
  if (bytes < 1e6) return unit('kilobyte', 0).format(bytes / 1e3);
  if (bytes < 1e9) return unit('megabyte', 1).format(bytes / 1e6);
  return unit('gigabyte', 1).format(bytes / 1e9);
}

function Fact({ term, children }: PropsWithChildren<{ term: JSX.Element }>) {
  return <FactRow label={term}>{children}</FactRow>;
}

export function ExportsPage({
  ctx,
  dump,
  licence,
}: {
  ctx: ViewContext;
  dump: DumpManifest | undefined;
  licence: Licence;
}) {
  const { t } = ctx;
  const licenceLink = (
    <a href={licence.url} rel="license" safe>
      {licence.name}
    </a>
  );
  return (
    <Layout
      ctx={ctx}
      title={ctx.text('exports.title')}
      description={ctx.text('exports.intro', { licence: licence.name })}
    >
      <h1>{t('exports.title')}</h1>
      <p class="lead">{t('exports.intro', { licence: licence.name })}</p>

      <section class="facts" aria-labelledby="dump-heading">
        <h2 class="facts__title" id="dump-heading">
          {t('exports.dump.title')}
        </h2>
        {dump ? (
          <>
            <dl class="facts__list">
              <Fact term={t('exports.dump.date')}>
                <time datetime={dump.generated_at} safe>
                  {ctx.date(dump.generated_at)}
                </time>
              </Fact>
              <Fact term={t('exports.dump.count')}>{ctx.number(dump.count)}</Fact>
              <Fact term={t('exports.dump.size')}>
                <span safe>{formatBytes(ctx.locale, dump.bytes)}</span>
              </Fact>
              <Fact term={t('exports.dump.format')}>{t('exports.dump.formatValue')}</Fact>
              <Fact term={t('exports.dump.checksum')}>
                <code class="checksum" safe>
                  {dump.sha256}
                </code>
              </Fact>
              <Fact term={t('exports.dump.licence')}>{licenceLink}</Fact>
            </dl>
            <p>
              <a class="button" href="/exports/latest.ndjson.gz" download={dump.file}>
                {t('exports.dump.download')}
              </a>{' '}
              <a href="/exports/latest.json" type="application/json">
                {t('exports.dump.manifest')}
              </a>
            </p>
          </>
        ) : (
          <p>{t('exports.dump.none')}</p>
        )}
        <p class="muted">{t('exports.dump.schedule')}</p>
      </section>

      <section aria-labelledby="api-heading">
        <h2 id="api-heading">{t('exports.api.title')}</h2>
        <p>{t('exports.api.intro')}</p>
        <ul>
          {FORMATS.map((format) => (
            <li>
              <a href={`/api/v1/exports/practices.${format}`}>{t(`exports.api.${format}`)}</a>
            </li>
          ))}
        </ul>
        <p>
          {t('exports.api.filters')} <code>{EXAMPLE}</code>
        </p>
        <p>
          <a href="/api/docs">{t('exports.api.docs')}</a>
        </p>
      </section>

      <section aria-labelledby="assessments-heading">
        <h2 id="assessments-heading">{t('assessmentResult.exports.heading')}</h2>
        <p>{t('assessmentResult.exports.lead')}</p>
        <ul>
          <li>
            <a href="/api/v1/exports/assessments.json">
              <code>/api/v1/exports/assessments.json</code>
            </a>
          </li>
          <li>
            <a href="/api/v1/assessments">
              <code>/api/v1/assessments</code>
            </a>
          </li>
        </ul>
      </section>

      <section aria-labelledby="licence-heading">
        <h2 id="licence-heading">{t('exports.licence.title')}</h2>
        <p>
          {t('exports.licence.body')} {licenceLink}
        </p>
      </section>
    </Layout>
  );
}
