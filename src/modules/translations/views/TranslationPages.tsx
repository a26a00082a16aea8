import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import {
  ErrorSummary,
  fieldId,
  labelField,
  PostForm,
  problemText,
  TextArea,
} from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type {
  OriginalText,
  QueuedTranslation,
  TranslationField,
  TranslationForReview,
  TranslationWorkspace,
} from '../translation.service.ts';
import { FIELD_LIMITS } from '../translation.service.ts';
import type { OfferState } from '../translation.table.ts';

function fieldLabel(ctx: ViewContext, name: TranslationField): string {
  if (name === 'title') return ctx.text('submission.field.title');
  if (name === 'summary') return ctx.text('submission.field.summary');
  return ctx.text(`section.${name}` as MessageKey);
}

function stateText(ctx: ViewContext, state: OfferState): JSX.Element {
  switch (state) {
    case 'draft':
      return ctx.t('translation.state.draft');
    case 'submitted':
      return ctx.t('translation.state.submitted');
    case 'returned':
      return ctx.t('translation.state.returned');
    case 'published':
      return ctx.t('translation.state.published');
  }
}

/** The original's text of one field, in its own language and direction. */
function OriginalField({
  ctx,
  original,
  name,
  text,
}: {
  ctx: ViewContext;
  original: OriginalText;
  name: TranslationField;
  text: string;
}) {
  return (
    <div class="translate__original">
      <p class="translate__label" safe>
        {fieldLabel(ctx, name)}
      </p>
      <div
        class="translate__text"
        lang={original.language}
        dir={directionOf(original.language)}
        safe
      >
        {text}
      </div>
    </div>
  );
}

/** One translation box: in the target language, its direction taken from what is typed. */
function TranslationInput({
  ctx,
  name,
  locale,
  value,
  problems,
  machine,
}: {
  ctx: ViewContext;
  name: TranslationField;
  locale: string;
  value: string | undefined;
  problems: FieldProblem[];
  machine: boolean;
}) {
  const id = fieldId(name);
  const label = fieldLabel(ctx, name);
  labelField(ctx, name, label);
  const problem = problems.find((p) => p.field === name);
  const max = FIELD_LIMITS[name];
  const described = [machine ? `${id}-machine` : '', problem ? `${id}-error` : '', `${id}-limit`]
    .filter(Boolean)
    .join(' ');
  return (
    <div class={problem ? 'field field--error' : 'field'}>
      <label for={id} safe>
        {label}
      </label>
      {machine ? (
        <p class="field__hint translate__machine" id={`${id}-machine`}>
          {ctx.t('translation.machine.label')}
        </p>
      ) : (
        ''
      )}
      {problem ? (
        <p class="field__error" id={`${id}-error`} safe>
          {problemText(ctx, problem)}
        </p>
      ) : (
        ''
      )}
      <p class="field__hint field__limit" id={`${id}-limit`}>
        {ctx.t('form.maxChars', { max })}
      </p>
      {name === 'title' ? (
        <input
          id={id}
          name={name}
          type="text"
          value={value ?? ''}
          lang={locale}
          dir="auto"
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={described}
        />
      ) : (
        <textarea
          id={id}
          name={name}
          rows={name === 'summary' ? '4' : '8'}
          lang={locale}
          dir="auto"
          data-limit={String(max)}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={described}
          safe
        >
          {value ?? ''}
        </textarea>
      )}
    </div>
  );
}

/** The original and the translation side by side, field by field. */
function SideBySide({
  ctx,
  original,
  locale,
  translation,
}: {
  ctx: ViewContext;
  original: OriginalText;
  locale: string;
  /** The translation box of a field (a form's input, or the text as sent). */
  translation: (name: TranslationField) => JSX.Element;
}) {
  return (
    <div class="translate">
      <div class="translate__head" aria-hidden="true">
        <p>{ctx.t('translation.original', { language: ctx.language(original.language) })}</p>
        <p>{ctx.t('translation.target', { language: ctx.language(locale) })}</p>
      </div>
      {original.fields.map((field) => (
        <div class="translate__row">
          <OriginalField ctx={ctx} original={original} name={field.name} text={field.text} />
          <div class="translate__translation">{translation(field.name)}</div>
        </div>
      ))}
    </div>
  );
}

/** The text of a translation as sent, in its language. */
function SentText({
  ctx,
  locale,
  name,
  text,
}: {
  ctx: ViewContext;
  locale: string;
  name: TranslationField;
  text: string | undefined;
}) {
  return (
    <div class="translate__original">
      <p class="translate__label" safe>
        {fieldLabel(ctx, name)}
      </p>
      {text ? (
        <div class="translate__text" lang={locale} dir="auto" safe>
          {text}
        </div>
      ) : (
        <p class="translate__empty">{ctx.t('translation.empty')}</p>
      )}
    </div>
  );
}

/** What the last action did, said at the top of the form. */
function doneText(ctx: ViewContext, done: string | undefined): JSX.Element {
  if (done === 'saved') return ctx.t('translation.done.saved');
  if (done === 'sent') return ctx.t('translation.done.sent');
  if (done === 'machine') return ctx.t('translation.done.machine');
  return '';
}

export function TranslatorPage({
  ctx,
  workspace,
  action,
  values,
  problems,
  machineOffered,
  machineFilled,
  done,
}: {
  ctx: ViewContext;
  workspace: TranslationWorkspace;
  action: string;
  values: Record<string, string>;
  problems: FieldProblem[];
  machineOffered: boolean;
  machineFilled: TranslationField[];
  done: string | undefined;
}) {
  const { original, locale, draft } = workspace;
  const practiceTitle = original.fields.find((f) => f.name === 'title')?.text ?? '';
  const title = ctx.text('translation.title', {
    title: practiceTitle,
    language: ctx.language(locale),
  });
  const doneNote = doneText(ctx, done);
  const machineProblem = problems.find((p) => p.field === 'machine');
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      <p>
        <a href={ctx.href(`/practices/${original.slug}`)}>{ctx.t('translation.backToPractice')}</a>
        {' · '}
        <a href={ctx.href('/account/translations')}>{ctx.t('translation.own.title')}</a>
      </p>
      {doneNote ? (
        <p class="notice notice--success" role="status">
          {doneNote}
        </p>
      ) : (
        ''
      )}
      {draft.state ? (
        <p>
          {ctx.t('translation.state')} <strong>{stateText(ctx, draft.state)}</strong>
        </p>
      ) : (
        ''
      )}
      {draft.state === 'returned' && draft.editorMessage ? (
        <div class="notice notice--warning">
          <p>{ctx.t('translation.returned.lead')}</p>
          <blockquote dir="auto" safe>
            {draft.editorMessage}
          </blockquote>
        </div>
      ) : (
        ''
      )}
      {workspace.publishedAt ? (
        <p class="notice">
          {ctx.t('translation.replaces', {
            language: ctx.language(locale),
            date: ctx.date(workspace.publishedAt),
          })}
        </p>
      ) : (
        ''
      )}
      {draft.machineAssisted || machineFilled.length > 0 ? (
        <p class="notice notice--warning">{ctx.t('translation.machine.notice')}</p>
      ) : (
        ''
      )}
      {machineProblem ? (
        <p class="notice notice--error" role="alert" safe>
          {problemText(ctx, machineProblem)}
        </p>
      ) : (
        ''
      )}
      {workspace.editable ? (
        <>
          <p>{ctx.t('translation.lead')}</p>
          <ErrorSummary ctx={ctx} problems={problems.filter((p) => p.field !== 'machine')} />
          <PostForm action={ctx.href(action)} csrfToken={ctx.csrfToken ?? ''} warnUnsaved>
            <SideBySide
              ctx={ctx}
              original={original}
              locale={locale}
              translation={(name) => (
                <TranslationInput
                  ctx={ctx}
                  name={name}
                  locale={locale}
                  value={values[name]}
                  problems={problems}
                  machine={machineFilled.includes(name)}
                />
              )}
            />
            <div class="form-actions">
              <button type="submit" class="button button--secondary" name="intent" value="save">
                {ctx.t('translation.save')}
              </button>
              <button type="submit" class="button" name="intent" value="submit">
                {ctx.t('translation.submit')}
              </button>
            </div>
            {machineOffered ? (
              <div class="translate__machine-offer">
                <p class="field__hint" id="machine-hint">
                  {ctx.t('translation.machine.hint')}
                </p>
                <button
                  type="submit"
                  class="button button--secondary"
                  name="intent"
                  value="machine"
                  aria-describedby="machine-hint"
                >
                  {ctx.t('translation.machine.button')}
                </button>
              </div>
            ) : (
              ''
            )}
          </PostForm>
        </>
      ) : (
        <>
          <p class="notice">{ctx.t('translation.withEditors')}</p>
          <SideBySide
            ctx={ctx}
            original={original}
            locale={locale}
            translation={(name) => (
              <SentText ctx={ctx} locale={locale} name={name} text={draft.values[name]} />
            )}
          />
        </>
      )}
    </Layout>
  );
}

export function OwnTranslationsPage({
  ctx,
  translations,
}: {
  ctx: ViewContext;
  translations: {
    id: number;
    locale: string;
    state: OfferState;
    updated_at: string;
    slug: string;
    practice_title: string;
  }[];
}) {
  const title = ctx.text('translation.own.title');
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      {translations.length === 0 ? (
        <p>{ctx.t('translation.own.none')}</p>
      ) : (
        <ul class="plain-list">
          {translations.map((tr) => (
            <li>
              <a
                href={ctx.href(`/practices/${tr.slug}/translate/${encodeURIComponent(tr.locale)}`)}
              >
                {ctx.t('translation.own.item', {
                  title: tr.practice_title,
                  language: ctx.language(tr.locale),
                })}
              </a>{' '}
              ({stateText(ctx, tr.state)},{' '}
              <time datetime={tr.updated_at} safe>
                {ctx.date(tr.updated_at)}
              </time>
              )
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

export function TranslationQueuePage({
  ctx,
  queue,
  done,
}: {
  ctx: ViewContext;
  queue: QueuedTranslation[];
  done?: string | undefined;
}) {
  const title = ctx.text('translation.queue.title');
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      <p>
        <a href={ctx.href('/editor')}>{ctx.t('editor.title')}</a>
      </p>
      {done === 'returned' ? (
        <p class="notice notice--success" role="status">
          {ctx.t('translation.done.returned')}
        </p>
      ) : (
        ''
      )}
      <p>{ctx.t('translation.queue.count', { count: queue.length })}</p>
      {queue.length > 0 ? (
        <ul class="plain-list" id="translation-queue">
          {queue.map((item) => (
            <li>
              <a href={ctx.href(`/editor/translations/${item.id}`)}>
                {ctx.t('translation.own.item', {
                  title: item.practice_title,
                  language: ctx.language(item.locale),
                })}
              </a>{' '}
              {ctx.t('translation.queue.by', {
                name: item.translator_name,
                date: item.submitted_at ? ctx.date(item.submitted_at) : '',
              })}
              {item.machine_assisted === 1 ? <> · {ctx.t('translation.machine.began')}</> : ''}
            </li>
          ))}
        </ul>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function TranslationReviewPage({
  ctx,
  view,
  values,
  problems,
}: {
  ctx: ViewContext;
  view: TranslationForReview;
  values: Record<string, string>;
  problems: FieldProblem[];
}) {
  const practiceTitle = view.original.fields.find((f) => f.name === 'title')?.text ?? '';
  const title = ctx.text('translation.title', {
    title: practiceTitle,
    language: ctx.language(view.locale),
  });
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      <p>
        <a href={ctx.href('/editor/translations')}>{ctx.t('translation.queue.title')}</a>
      </p>
      <p>
        {ctx.t('translation.queue.by', {
          name: view.translatorName,
          date: view.submittedAt ? ctx.date(view.submittedAt) : '',
        })}{' '}
        · {ctx.t('translation.state')} <strong>{stateText(ctx, view.state)}</strong>
      </p>
      {view.draft.machineAssisted ? (
        <p class="notice notice--warning">{ctx.t('translation.machine.review')}</p>
      ) : (
        ''
      )}
      <SideBySide
        ctx={ctx}
        original={view.original}
        locale={view.locale}
        translation={(name) => (
          <SentText ctx={ctx} locale={view.locale} name={name} text={view.draft.values[name]} />
        )}
      />
      {view.decidable ? (
        <section aria-labelledby="decide-heading">
          <h2 id="decide-heading">{ctx.t('editor.decide.title')}</h2>
          <PostForm
            action={ctx.href(`/editor/translations/${view.id}/publish`)}
            csrfToken={ctx.csrfToken ?? ''}
          >
            <button type="submit" class="button">
              {ctx.t('translation.publish')}
            </button>
          </PostForm>
          <ErrorSummary ctx={ctx} problems={problems} />
          <PostForm
            action={ctx.href(`/editor/translations/${view.id}/return`)}
            csrfToken={ctx.csrfToken ?? ''}
          >
            <TextArea
              ctx={ctx}
              name="message"
              label={ctx.text('translation.return.message')}
              hint={ctx.text('translation.return.hint')}
              value={values.message}
              problems={problems}
              maxlength={2000}
              rows={4}
            />
            <button type="submit" class="button button--secondary">
              {ctx.t('translation.return')}
            </button>
          </PostForm>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}
