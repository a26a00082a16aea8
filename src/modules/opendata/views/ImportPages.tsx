import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { ErrorSummary, fieldId, problemText } from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { RecordProblem } from '../../practices/index.ts';
import type { ImportCheck } from '../import.service.ts';
import { formatBytes } from './ExportsPage.tsx';

const FORMATS = ['csv', 'json', 'ndjson'] as const;

function Breadcrumbs({ ctx }: { ctx: ViewContext }) {
  return (
    <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
      <ol>
        <li>
          <a href={ctx.href('/editor')}>{ctx.t('editor.title')}</a>
        </li>
      </ol>
    </nav>
  );
}

export interface ImportFormProps {
  ctx: ViewContext;
  maxUploadMb: number;
  problems: FieldProblem[];
  format?: string;
}

/** The upload form, with the problems of a refused file beside its field. */
export function ImportForm({ ctx, maxUploadMb, problems, format }: ImportFormProps) {
  const { t } = ctx;
  const fileProblem = problems.find((p) => p.field === 'file');
  const formatProblem = problems.find((p) => p.field === 'format');
  const hint = `${fieldId('file')}-hint`;
  const error = `${fieldId('file')}-error`;
  return (
    <form
      method="post"
      action={ctx.href('/editor/import')}
      enctype="multipart/form-data"
      class="upload-form"
      novalidate
    >
      <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
      <div class={fileProblem ? 'field field--error' : 'field'}>
        <label for={fieldId('file')}>{t('import.file')}</label>
        <p class="field__hint" id={hint}>
          {t('import.file.hint', { max: maxUploadMb })}
        </p>
        {fileProblem ? (
          <p class="field__error" id={error} safe>
            {problemText(ctx, fileProblem)}
          </p>
        ) : (
          ''
        )}
        <input
          type="file"
          id={fieldId('file')}
          name="file"
          accept=".csv,.json,.ndjson,.jsonl,text/csv,application/json,application/x-ndjson"
          aria-describedby={fileProblem ? `${hint} ${error}` : hint}
          aria-invalid={fileProblem ? 'true' : undefined}
        />
      </div>
      <div class={formatProblem ? 'field field--error' : 'field'}>
        <label for={fieldId('format')}>{t('import.format')}</label>
        {formatProblem ? (
          <p class="field__error" id={`${fieldId('format')}-error`} safe>
            {problemText(ctx, formatProblem)}
          </p>
        ) : (
          ''
        )}
        <select
          id={fieldId('format')}
          name="format"
          aria-invalid={formatProblem ? 'true' : undefined}
          aria-describedby={formatProblem ? `${fieldId('format')}-error` : undefined}
        >
          <option value="">{t('import.format.auto')}</option>
          {FORMATS.map((f) => (
            <option value={f} selected={f === format}>
              {t(`exports.api.${f}`)}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" class="button">
        {t('import.check')}
      </button>
    </form>
  );
}

export function ImportFormPage(props: ImportFormProps) {
  const { ctx } = props;
  return (
    <Layout ctx={ctx} title={ctx.text('import.title')} noindex>
      <Breadcrumbs ctx={ctx} />
      <h1>{ctx.t('import.title')}</h1>
      <p class="lead">{ctx.t('import.intro')}</p>
      <ErrorSummary ctx={ctx} problems={props.problems} />
      <ImportForm {...props} />
      <p>
        <a href="/api/docs">{ctx.t('exports.api.docs')}</a>
      </p>
    </Layout>
  );
}

function More({ ctx, shown, total }: { ctx: ViewContext; shown: number; total: number }) {
  return total > shown ? <p class="muted">{ctx.t('import.more', { count: total - shown })}</p> : '';
}

function ProblemList({
  ctx,
  id,
  title,
  hint,
  problems,
}: {
  ctx: ViewContext;
  id: string;
  title: JSX.Element;
  hint: JSX.Element;
  problems: RecordProblem[];
}) {
  if (problems.length === 0) return '';
  const shown = problems.slice(0, 200);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>
        {title} ({ctx.number(problems.length)})
      </h2>
      <p class="muted">{hint}</p>
      <ul class="import-problems">
        {shown.map((p) => (
          <li>
            {ctx.t('import.problem', { record: p.record, field: p.field, message: p.message })}
          </li>
        ))}
      </ul>
      <More ctx={ctx} shown={shown.length} total={problems.length} />
    </section>
  );
}

function Counts({ ctx, check }: { ctx: ViewContext; check: ImportCheck }) {
  const { t } = ctx;
  const { report } = check;
  const row = (term: JSX.Element, value: number) => (
    <FactRow label={term}>{ctx.number(value)}</FactRow>
  );
  return (
    <section class="facts" aria-labelledby="import-counts">
      <h2 class="facts__title" id="import-counts">
        {t('import.report.title')}
      </h2>
      <dl class="facts__list">
        <FactRow label={t('import.report.file')}>
          <span safe>{check.filename}</span> (
          <span
            safe
          >{`${check.format.toUpperCase()}, ${formatBytes(ctx.locale, check.size)}`}</span>
          )
        </FactRow>
        {row(t('import.report.read'), report.read)}
        {row(t('import.report.valid'), check.valid)}
        {row(t('import.report.create'), report.created)}
        {row(t('import.report.update'), report.updated)}
        {row(t('import.report.invalid'), report.invalid)}
      </dl>
    </section>
  );
}

function Details({ ctx, check }: { ctx: ViewContext; check: ImportCheck }) {
  const { t } = ctx;
  return (
    <>
      <ProblemList
        ctx={ctx}
        id="import-problems"
        title={t('import.problems.title')}
        hint={t('import.problems.hint')}
        problems={check.report.problems}
      />
      {check.updateCount > 0 ? (
        <section aria-labelledby="import-updates">
          <h2 id="import-updates">
            {t('import.updates.title')} ({ctx.number(check.updateCount)})
          </h2>
          <ul>
            {check.updates.map((u) => (
              <li>
                {t('import.updates.item', {
                  record: u.record,
                  externalId: u.externalId,
                  title: u.title,
                })}
              </li>
            ))}
          </ul>
          <More ctx={ctx} shown={check.updates.length} total={check.updateCount} />
        </section>
      ) : (
        ''
      )}
      {check.repeatCount > 0 ? (
        <section aria-labelledby="import-repeats">
          <h2 id="import-repeats">
            {t('import.repeats.title')} ({ctx.number(check.repeatCount)})
          </h2>
          <ul>
            {check.repeats.map((r) => (
              <li>
                {t('import.repeats.item', {
                  record: r.record,
                  externalId: r.externalId,
                  first: r.first,
                })}
              </li>
            ))}
          </ul>
          <More ctx={ctx} shown={check.repeats.length} total={check.repeatCount} />
        </section>
      ) : (
        ''
      )}
      <ProblemList
        ctx={ctx}
        id="import-warnings"
        title={t('import.warnings.title')}
        hint={t('import.warnings.hint')}
        problems={check.report.warnings}
      />
    </>
  );
}

export interface ImportReportProps {
  ctx: ViewContext;
  check: ImportCheck;
  maxUploadMb: number;
  /** The confirmation was refused: invalid records, and "skip invalid" not chosen. */
  refused?: boolean;
}

/** The result of the dry run, and the confirmation form when something can be imported. */
export function ImportReportPage({ ctx, check, maxUploadMb, refused }: ImportReportProps) {
  const { t } = ctx;
  const { report } = check;
  return (
    <Layout ctx={ctx} title={ctx.text('import.report.title')} noindex>
      <Breadcrumbs ctx={ctx} />
      <h1>{t('import.title')}</h1>
      {refused ? (
        <div class="notice notice--error" role="alert">
          <p>{t('import.commit.refused', { count: report.invalid })}</p>
        </div>
      ) : (
        <p class="notice" role="status">
          {t('import.report.dryRun')}
        </p>
      )}
      <Counts ctx={ctx} check={check} />
      {check.uploadId !== undefined && check.valid > 0 ? (
        <section aria-labelledby="import-commit">
          <h2 id="import-commit">{t('import.commit.title')}</h2>
          <form method="post" action={ctx.href('/editor/import/commit')} novalidate>
            <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
            <input type="hidden" name="upload" value={check.uploadId} />
            {report.invalid > 0 ? (
              <div class="field">
                <p class="field__hint" id="field-skip_invalid-hint">
                  {t('import.commit.skipHint')}
                </p>
                <label class="choice">
                  <input
                    type="checkbox"
                    name="skip_invalid"
                    value="1"
                    id="field-skip_invalid"
                    aria-describedby="field-skip_invalid-hint"
                  />
                  <span>{t('import.commit.skip')}</span>
                </label>
              </div>
            ) : (
              ''
            )}
            <button type="submit" class="button">
              {t('import.commit.button', { count: check.valid })}
            </button>
          </form>
        </section>
      ) : (
        <p class="notice notice--warning" role="status">
          {t('import.nothingValid')}
        </p>
      )}
      <Details ctx={ctx} check={check} />
      <section aria-labelledby="import-again">
        <h2 id="import-again">{t('import.again')}</h2>
        <ImportForm ctx={ctx} maxUploadMb={maxUploadMb} problems={[]} />
      </section>
    </Layout>
  );
}

/** What the confirmed import did. */
export function ImportDonePage({ ctx, check }: { ctx: ViewContext; check: ImportCheck }) {
  const { t } = ctx;
  const { report } = check;
  return (
    <Layout ctx={ctx} title={ctx.text('import.done.title')} noindex>
      <Breadcrumbs ctx={ctx} />
      <h1>{t('import.done.title')}</h1>
      <div class="notice notice--success" role="status">
        <ul>
          <li>{t('import.done.created', { count: report.created })}</li>
          <li>{t('import.done.updated', { count: report.updated })}</li>
          {report.invalid > 0 ? <li>{t('import.done.skipped', { count: report.invalid })}</li> : ''}
        </ul>
        <p>{t('import.done.audit')}</p>
      </div>
      <Counts ctx={ctx} check={check} />
      <Details ctx={ctx} check={check} />
      <p>
        <a class="button" href={ctx.href('/practices')}>
          {t('import.done.browse')}
        </a>{' '}
        <a href={ctx.href('/editor/import')}>{t('import.again')}</a>
      </p>
    </Layout>
  );
}
