import type { PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { JobState } from '../../jobs/index.ts';
import type { SystemStatus } from '../status.service.ts';

/** A backup older than this is shown with a warning. */
const BACKUP_STALE_MS = 7 * 24 * 3600_000;

const DIALECTS = { sqlite: 'SQLite', postgres: 'PostgreSQL' } as const;

/** Sizes, durations and times in the reader's language (Intl, decimal units as they are named). */
function formatsFor(locale: string) {
  const unit = (u: string, digits = 0, unitDisplay: 'short' | 'long' = 'short') =>
    new Intl.NumberFormat(locale, {
      style: 'unit',
      unit: u,
      unitDisplay,
      maximumFractionDigits: digits,
    });
  const units = {
    // "0 bytes" reads better than the short "0 byte".
    byte: unit('byte', 0, 'long'),
    kilobyte: unit('kilobyte'),
    megabyte: unit('megabyte', 1),
    gigabyte: unit('gigabyte', 1),
    terabyte: unit('terabyte', 1),
    day: unit('day'),
    hour: unit('hour'),
    minute: unit('minute'),
    second: unit('second'),
    millisecond: unit('millisecond', 1),
  };
  const list = new Intl.ListFormat(locale, { style: 'narrow', type: 'unit' });
  const time = new Intl.DateTimeFormat(locale, {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const count = new Intl.NumberFormat(locale);
  return {
    count: (n: number) => count.format(n),
    bytes(n: number): string {
      if (n < 1e3) return units.byte.format(n);
      if (n < 1e6) return units.kilobyte.format(n / 1e3);
      if (n < 1e9) return units.megabyte.format(n / 1e6);
      if (n < 1e12) return units.gigabyte.format(n / 1e9);
      return units.terabyte.format(n / 1e12);
    },
    /** The two largest units: "3 d 4 h", "5 min 2 s". */
    duration(seconds: number): string {
      const s = Math.max(0, Math.floor(seconds));
      const parts: [number, Intl.NumberFormat][] = [
        [Math.floor(s / 86_400), units.day],
        [Math.floor((s % 86_400) / 3600), units.hour],
        [Math.floor((s % 3600) / 60), units.minute],
        [s % 60, units.second],
      ];
      const first = parts.findIndex(([value]) => value > 0);
      if (first === -1) return units.second.format(0);
      return list.format(
        parts
          .slice(first, first + 2)
          .filter(([value]) => value > 0)
          .map(([value, format]) => format.format(value)),
      );
    },
    ms: (n: number) => units.millisecond.format(n),
    time: (iso: string) => `${time.format(new Date(iso))} UTC`,
  };
}

function Fact({ term, children }: PropsWithChildren<{ term: JSX.Element }>) {
  return <FactRow label={term}>{children}</FactRow>;
}

export function StatusPage({ ctx, status }: { ctx: ViewContext; status: SystemStatus }) {
  const { t } = ctx;
  const f = formatsFor(ctx.locale);
  const { jobs, lastBackup, eventLoop, disk } = status;
  const stateLabels: Record<JobState, JSX.Element> = {
    pending: ctx.t('status.jobs.pending'),
    running: ctx.t('status.jobs.running'),
    done: ctx.t('status.jobs.done'),
    failed: ctx.t('status.jobs.failed'),
    uncertain: ctx.t('status.jobs.uncertain'),
  };
  const needAttention = jobs.counts.failed + jobs.counts.uncertain;
  const backupAge = lastBackup ? Date.now() - Date.parse(lastBackup.at) : undefined;
  return (
    <Layout ctx={ctx} title={ctx.text('status.title')} noindex>
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/admin/users')}>{t('admin.users.title')}</a>
          </li>
        </ol>
      </nav>
      <h1>{t('status.title')}</h1>
      <p class="muted">{t('status.checked', { time: f.time(status.checkedAt) })}</p>

      {lastBackup === undefined ? (
        <p class="notice notice--warning" role="status">
          {t('status.backup.warning', { command: 'npx clearinghouse backup FILE' })}
        </p>
      ) : backupAge !== undefined && backupAge > BACKUP_STALE_MS ? (
        <p class="notice notice--warning" role="status">
          {t('status.backup.stale', { age: f.duration(backupAge / 1000) })}
        </p>
      ) : (
        ''
      )}
      {needAttention > 0 ? (
        <p class="notice notice--warning" role="status">
          {t('status.jobs.attention', {
            count: needAttention,
            command: 'npx clearinghouse jobs',
          })}
        </p>
      ) : (
        ''
      )}

      <section class="facts" aria-labelledby="status-process">
        <h2 class="facts__title" id="status-process">
          {t('status.process')}
        </h2>
        <dl class="facts__list">
          <Fact term={t('status.version')}>
            <span safe>{status.version}</span>
          </Fact>
          <Fact term={t('status.node')}>
            <span safe>{status.node}</span>
          </Fact>
          <Fact term={t('status.uptime')}>
            <span safe>{f.duration(status.uptimeSeconds)}</span>
          </Fact>
          <Fact term={t('status.memory')}>
            <span safe>{f.bytes(status.memory.rssBytes)}</span>
          </Fact>
          <Fact term={t('status.heap')}>
            {t('status.heap.value', {
              used: f.bytes(status.memory.heapUsedBytes),
              limit: f.bytes(status.memory.heapLimitBytes),
            })}
          </Fact>
          <Fact term={t('status.eventLoop')}>
            {eventLoop
              ? t('status.eventLoop.value', {
                  mean: f.ms(eventLoop.meanMs),
                  p99: f.ms(eventLoop.p99Ms),
                  max: f.ms(eventLoop.maxMs),
                  window: f.duration(eventLoop.windowSeconds),
                })
              : t('status.eventLoop.none')}
          </Fact>
        </dl>
      </section>

      <section class="facts" aria-labelledby="status-database">
        <h2 class="facts__title" id="status-database">
          {t('status.database')}
        </h2>
        <dl class="facts__list">
          <Fact term={t('status.database.engine')}>{DIALECTS[status.database.dialect]}</Fact>
          <Fact term={t('status.database.size')}>
            <span safe>{f.bytes(status.database.sizeBytes)}</span>
          </Fact>
          <Fact term={t('status.database.migration')}>
            {status.database.migration ? (
              <code safe>{status.database.migration}</code>
            ) : (
              t('status.database.noMigration')
            )}
          </Fact>
          <Fact term={t('status.replica')}>
            {status.replica === undefined
              ? t('status.replica.none')
              : !status.replica.up
                ? t('status.replica.down')
                : typeof status.replica.lagSeconds === 'number'
                  ? t('status.replica.lag', { lag: f.duration(status.replica.lagSeconds) })
                  : t('status.replica.up')}
          </Fact>
        </dl>
      </section>

      <section class="facts" aria-labelledby="status-jobs">
        <h2 class="facts__title" id="status-jobs">
          {t('status.jobs')}
        </h2>
        <dl class="facts__list">
          {(Object.keys(stateLabels) as JobState[]).map((state) => (
            <Fact term={stateLabels[state]}>
              <span safe>{f.count(jobs.counts[state])}</span>
            </Fact>
          ))}
          <Fact term={t('status.jobs.retrying')}>
            <span safe>{f.count(jobs.retrying)}</span>
          </Fact>
          <Fact term={t('status.jobs.oldest')}>
            {jobs.oldestDueSeconds === null ? (
              t('status.jobs.oldest.none')
            ) : (
              <span safe>{f.duration(jobs.oldestDueSeconds)}</span>
            )}
          </Fact>
        </dl>
      </section>

      <section class="facts" aria-labelledby="status-storage">
        <h2 class="facts__title" id="status-storage">
          {t('status.storage')}
        </h2>
        <dl class="facts__list">
          <Fact term={t('status.disk')}>
            {disk
              ? t('status.disk.value', {
                  free: f.bytes(disk.freeBytes),
                  total: f.bytes(disk.totalBytes),
                })
              : t('status.disk.unknown')}
          </Fact>
          <Fact term={t('status.files')}>
            {t('status.files.value', {
              count: status.files.count,
              size: f.bytes(status.files.bytes),
            })}
          </Fact>
          <Fact term={t('status.backup')}>
            {lastBackup
              ? t('status.backup.value', {
                  time: f.time(lastBackup.at),
                  file: lastBackup.file,
                  rows: f.count(lastBackup.rows),
                  files: f.count(lastBackup.files.count),
                })
              : t('status.backup.never')}
          </Fact>
          {lastBackup ? (
            <Fact term={t('status.backup.checksum')}>
              <code safe>{lastBackup.sha256}</code>
            </Fact>
          ) : (
            ''
          )}
        </dl>
      </section>
    </Layout>
  );
}
