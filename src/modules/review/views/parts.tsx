import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { fieldId, problemText } from '../../../views/components/Form.tsx';
import { PlaceText } from '../../../views/components/PlaceName.tsx';
import { SECTION_KEYS } from '../../practices/index.ts';
import { STEPS, type Step, stepOfField } from '../submission.model.ts';
import type {
  SubmissionEventView,
  SubmissionFileView,
  SubmissionView,
} from '../submission-view.ts';

export function StateBadge({ ctx, state }: { ctx: ViewContext; state: string }) {
  return (
    <span class={`state state--${state}`}>{ctx.t(`submission.state.${state}` as MessageKey)}</span>
  );
}

export function stepLabel(ctx: ViewContext, step: Step): string {
  return ctx.text(`submission.step.${step}` as MessageKey);
}

/**
 * Everything still missing before a submission can be sent, in one list; each item links to
 * its field on the step of the form that holds it.
 */
export function MissingSummary({
  ctx,
  id,
  problems,
  title,
}: {
  ctx: ViewContext;
  id: number;
  problems: FieldProblem[];
  title: string;
}) {
  if (problems.length === 0) return '';
  return (
    <div class="notice notice--error error-summary" role="alert" tabindex="-1" id="error-summary">
      <h2 class="error-summary__title" safe>
        {title}
      </h2>
      <ul>
        {problems.map((p) => {
          if (p.field === 'call')
            return (
              <li>
                <span safe>{problemText(ctx, p)}</span>
              </li>
            );
          const step = stepOfField(p.field);
          return (
            <li>
              <a href={ctx.href(`/submissions/${id}/edit/${step}#${fieldId(p.field)}`)}>
                <span safe>{stepLabel(ctx, step)}</span>
                {': '}
                <span safe>{fieldLabel(ctx, p.field)}</span>
                {' — '}
                <span safe>{problemText(ctx, p)}</span>
              </a>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** The label of a form field, for lists of problems that name it away from the form. */
export function fieldLabel(ctx: ViewContext, field: string): string {
  const numbered = /^(org_name|org_type|org_role|org_website|source_title|source_url)_(\d+)$/.exec(
    field,
  );
  if (numbered)
    return ctx.text(
      `submission.field.${numbered[1] === 'source_url' ? 'source_address' : numbered[1]}` as MessageKey,
      {
        number: Number(numbered[2]) + 1,
      },
    );
  if ((SECTION_KEYS as readonly string[]).includes(field))
    return ctx.text(`section.${field}` as MessageKey);
  if (field.startsWith('check_'))
    return ctx.text(`submission.check.${field.slice(6)}` as MessageKey);
  return ctx.text(`submission.field.${field}` as MessageKey);
}

export function StepNav({ ctx, id, current }: { ctx: ViewContext; id: number; current?: Step }) {
  return (
    <nav class="steps" aria-label={ctx.text('submission.steps')}>
      <ol>
        {STEPS.map((step) => (
          <li>
            <a
              href={ctx.href(`/submissions/${id}/edit/${step}`)}
              aria-current={step === current ? 'step' : undefined}
              safe
            >
              {stepLabel(ctx, step)}
            </a>
          </li>
        ))}
      </ol>
    </nav>
  );
}

export function Timeline({ ctx, events }: { ctx: ViewContext; events: SubmissionEventView[] }) {
  return (
    <ol class="timeline">
      {events.map((e) => (
        <li>
          <time datetime={e.at} safe>
            {ctx.date(e.at)}
          </time>{' '}
          <StateBadge ctx={ctx} state={e.to} />
          {e.message ? (
            <blockquote class="timeline__message">
              {e.message.split(/\n{2,}/).map((p) => (
                <p safe>{p}</p>
              ))}
            </blockquote>
          ) : (
            ''
          )}
        </li>
      ))}
    </ol>
  );
}

export function FileList({
  ctx,
  files,
  remove,
}: {
  ctx: ViewContext;
  files: SubmissionFileView[];
  /** Where to post the removal of a file, when the reader may remove them. */
  remove?: (fileId: number) => string;
}) {
  if (files.length === 0) return <p class="muted">{ctx.t('submission.files.none')}</p>;
  return (
    <ul class="plain-list attachments">
      {files.map((f) => (
        <li>
          <a href={`/files/${f.id}`} type={f.mediaType} safe>
            {f.name}
          </a>
          <span class="muted">
            {' '}
            {ctx.t('file.size', { kb: Math.max(1, Math.round(f.size / 1024)) })}
          </span>
          {remove ? (
            <form method="post" action={remove(f.id)} class="inline-form attachments__remove">
              <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
              <button type="submit" class="link-button">
                {ctx.t('submission.files.remove', { name: f.name })}
              </button>
            </form>
          ) : (
            ''
          )}
        </li>
      ))}
    </ul>
  );
}

function Paragraphs({ text }: { text: string | undefined }) {
  if (!text) return '';
  return (
    <>
      {text.split(/\n{2,}/).map((p) => (
        <p safe>{p}</p>
      ))}
    </>
  );
}

/**
 * A submission's text as typed, for reviewers and editors (the author's contact included,
 * which is never published).
 */
export function SubmissionText({
  ctx,
  submission,
}: {
  ctx: ViewContext;
  submission: SubmissionView;
}) {
  const d = submission.data;
  const { t } = ctx;
  return (
    <article class="submission-text" lang={d.language || undefined}>
      <h2 safe>{d.title || ctx.text('submission.untitled')}</h2>
      <Paragraphs text={d.summary} />
      <dl class="facts__list" lang={ctx.locale} dir={ctx.dir}>
        <FactRow label={t('submission.field.country')}>
          <PlaceText ctx={ctx} city={d.city} country={submission.countryName ?? ''} />
        </FactRow>
        {d.type ? (
          <FactRow label={t('submission.field.type')}>{t(`type.${d.type}` as MessageKey)}</FactRow>
        ) : (
          ''
        )}
        <FactRow
          label={t('submission.field.start_year')}
          text={[d.start_year, d.end_year].filter(Boolean).join(' – ')}
        />
        <FactRow
          label={t('submission.field.contact_name')}
          text={[d.contact_name, d.contact_email].filter(Boolean).join(', ')}
        />
        <FactRow
          label={t('submission.field.organisations')}
          text={(d.organisations ?? []).map((o) => `${o.name} (${o.role || '—'})`).join('; ')}
        />
      </dl>
      {SECTION_KEYS.map((key) =>
        d.sections?.[key] ? (
          <section>
            <h3 lang={ctx.locale} dir={ctx.dir}>
              {t(`section.${key}` as MessageKey)}
            </h3>
            <Paragraphs text={d.sections[key]} />
          </section>
        ) : (
          ''
        ),
      )}
      {(d.sources ?? []).length > 0 || d.source_url ? (
        <section lang={ctx.locale} dir={ctx.dir}>
          <h3>{t('practice.sources')}</h3>
          <ul class="plain-list">
            {[
              ...(d.source_url ? [{ title: '', url: d.source_url }] : []),
              ...(d.sources ?? []),
            ].map((s) => (
              <li>
                {/^https?:\/\//i.test(s.url) ? (
                  <a href={s.url} rel="noopener nofollow" safe>
                    {s.title || s.url}
                  </a>
                ) : (
                  // Drafts keep what was typed, even a bad address: never made a link.
                  <span safe>{`${s.title} ${s.url}`.trim()}</span>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
    </article>
  );
}
