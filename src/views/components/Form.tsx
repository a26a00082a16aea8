import type { PropsWithChildren } from '@kitajs/html';
import type { FieldProblem } from '../../core/errors.ts';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';

// A form's text field holds this many characters unless its schema says otherwise
// (core/http/schemas.ts `textField`).
const TEXT_FIELD_MAX = 25_000;

/** A problem in the reader's language when the catalogue has it, else in English. */
export function problemText(ctx: ViewContext, problem: FieldProblem): string {
  return problem.key ? ctx.text(problem.key as MessageKey, problem.values) : problem.message;
}

/** A reader of a form's values: the first one where a name was sent more than once. */
export function formValues(
  values: Record<string, string | string[]>,
): (name: string) => string | undefined {
  return (name) => {
    const x = values[name];
    return Array.isArray(x) ? x[0] : x;
  };
}

/** Time zones as choices, named as people write them (spaces, not underscores). */
export function timeZoneChoices(zones: string[]): Choice[] {
  return zones.map((z) => ({ value: z, label: z.replaceAll('_', ' ') }));
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^\w-]/g, '-')}`;
}

// The labels of the fields a page has drawn, by name, so that the error summary at the top of a
// form can name each field although the fields are drawn after it.
const drawnLabels = new WeakMap<ViewContext, Map<string, string>>();

/** Tells the page's error summary the label of a field drawn without the components below. */
export function labelField(ctx: ViewContext, name: string, label: string): void {
  let labels = drawnLabels.get(ctx);
  if (!labels) {
    labels = new Map();
    drawnLabels.set(ctx, labels);
  }
  labels.set(name, label);
}

/** A problem as the error summary says it: the field's label, then what is wrong. */
export function summaryText(ctx: ViewContext, problem: FieldProblem): string {
  const label = drawnLabels.get(ctx)?.get(problem.field);
  const text = problemText(ctx, problem);
  return label ? ctx.text('form.errorFor', { label, problem: text }) : text;
}

/**
 * The list of problems at the top of a form, each naming its field and linking to it. It is
 * written once the page's fields are drawn (a microtask later), as they say their labels then.
 */
export function ErrorSummary({
  ctx,
  problems,
  title,
  tone = 'error',
}: {
  ctx: ViewContext;
  problems: FieldProblem[];
  /** The heading, when the list is not of errors (what a saved step still lacks). */
  title?: JSX.Element;
  tone?: 'error' | 'warning';
}) {
  if (problems.length === 0) return '';
  const heading: JSX.Element = title ?? ctx.t('form.errors', { count: problems.length });
  return Promise.resolve().then(() => (
    <div
      class={`notice notice--${tone} error-summary`}
      role={tone === 'error' ? 'alert' : 'status'}
      tabindex="-1"
      id={tone === 'error' ? 'error-summary' : 'gaps-summary'}
    >
      <h2 class="error-summary__title">{heading}</h2>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#${fieldId(p.field)}`} safe>
              {summaryText(ctx, p)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  ));
}

export interface FieldProps {
  ctx: ViewContext;
  name: string;
  label: string;
  type?: 'text' | 'email' | 'password' | 'search' | 'date' | 'datetime-local';
  value?: string | null;
  hint?: string;
  problems: FieldProblem[];
  required?: boolean;
  autocomplete?: string;
  maxlength?: number;
}

// Inputs a person types their own words in: shown in the direction of what is typed (an Arabic
// name on an English page, an English title on an Arabic one).
const FREE_TEXT = new Set(['text', 'search']);

/** A labelled input with its hint and its error, tied to it for screen readers. */
export function Field({
  ctx,
  name,
  label,
  type = 'text',
  value,
  hint,
  problems,
  required,
  autocomplete,
  maxlength,
}: FieldProps) {
  const id = fieldId(name);
  labelField(ctx, name, label);
  const problem = problems.find((p) => p.field === name);
  const described =
    [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={problem ? 'field field--error' : 'field'}>
      <label for={id} safe>
        {label}
      </label>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`} safe>
          {hint}
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
      <input
        id={id}
        name={name}
        type={type}
        value={type === 'password' ? undefined : (value ?? undefined)}
        required={required}
        autocomplete={autocomplete}
        maxlength={maxlength}
        dir={FREE_TEXT.has(type) ? 'auto' : undefined}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={described}
      />
    </div>
  );
}

/**
 * A POST form with its CSRF token. `warnUnsaved` (long forms): with JavaScript, leaving the page
 * with changes not yet sent asks first.
 */
export function PostForm({
  action,
  csrfToken,
  children,
  class: className,
  warnUnsaved,
}: PropsWithChildren<{
  action: string;
  csrfToken: string;
  class?: string;
  warnUnsaved?: boolean;
}>) {
  return (
    <form
      method="post"
      action={action}
      class={className}
      novalidate
      data-warn-unsaved={warnUnsaved ? '' : undefined}
    >
      <input type="hidden" name="_csrf" value={csrfToken} />
      {children}
    </form>
  );
}

function describedBy(id: string, hint: string | undefined, problem: FieldProblem | undefined) {
  return (
    [hint ? `${id}-hint` : '', problem ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined
  );
}

function HintAndError({
  ctx,
  id,
  hint,
  problem,
}: {
  ctx: ViewContext;
  id: string;
  hint?: string;
  problem?: FieldProblem;
}) {
  return (
    <>
      {hint ? (
        <p class="field__hint" id={`${id}-hint`} safe>
          {hint}
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
    </>
  );
}

/**
 * A labelled multi-line text box with its hint, its limit and its error. The limit (`maxlength`,
 * by default a form text field's) is said under the label and counted as one types (with
 * JavaScript); it is not a `maxlength` attribute, which would cut a pasted text silently: a text
 * too long comes back beside the field, as typed.
 */
export function TextArea({
  ctx,
  name,
  label,
  value,
  hint,
  problems,
  required,
  maxlength = TEXT_FIELD_MAX,
  rows = 6,
}: Omit<FieldProps, 'type' | 'autocomplete'> & { rows?: number }) {
  const id = fieldId(name);
  labelField(ctx, name, label);
  const problem = problems.find((p) => p.field === name);
  const described = [describedBy(id, hint, problem), `${id}-limit`].filter(Boolean).join(' ');
  return (
    <div class={problem ? 'field field--error' : 'field'}>
      <label for={id} safe>
        {label}
      </label>
      <HintAndError ctx={ctx} id={id} hint={hint} problem={problem} />
      <p class="field__hint field__limit" id={`${id}-limit`}>
        {ctx.t('form.maxChars', { max: maxlength })}
      </p>
      <textarea
        id={id}
        name={name}
        rows={String(rows)}
        required={required}
        dir="auto"
        data-limit={String(maxlength)}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={described}
        safe
      >
        {value ?? ''}
      </textarea>
      <p
        class="field__count"
        id={`${id}-count`}
        hidden
        data-template={ctx.text('form.counter', { count: '{count}', max: maxlength })}
      />
    </div>
  );
}

export interface Choice {
  value: string;
  label: string;
}

/** A labelled drop-down; `empty` adds a first option meaning "none chosen". */
export function SelectField({
  ctx,
  name,
  label,
  value,
  hint,
  problems,
  required,
  choices,
  empty,
}: Omit<FieldProps, 'type' | 'autocomplete' | 'maxlength'> & {
  choices: Choice[];
  empty?: string;
}) {
  const id = fieldId(name);
  labelField(ctx, name, label);
  const problem = problems.find((p) => p.field === name);
  return (
    <div class={problem ? 'field field--error' : 'field'}>
      <label for={id} safe>
        {label}
      </label>
      <HintAndError ctx={ctx} id={id} hint={hint} problem={problem} />
      <select
        id={id}
        name={name}
        required={required}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, problem)}
      >
        {empty !== undefined ? (
          <option value="" safe>
            {empty}
          </option>
        ) : (
          ''
        )}
        {choices.map((c) => (
          <option value={c.value} selected={c.value === value} safe>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * A group of checkboxes (several answers) or radio buttons (one), in a fieldset whose legend is
 * the question. The group's id is the first input's, so an error summary link lands on it.
 */
export function ChoiceGroup({
  ctx,
  name,
  label,
  values,
  hint,
  problems,
  choices,
  multiple = true,
}: {
  ctx: ViewContext;
  name: string;
  label: string;
  values: readonly string[];
  hint?: string;
  problems: FieldProblem[];
  choices: Choice[];
  multiple?: boolean;
}) {
  const id = fieldId(name);
  labelField(ctx, name, label);
  const problem = problems.find((p) => p.field === name);
  return (
    <fieldset
      class={problem ? 'field field--error' : 'field'}
      aria-describedby={describedBy(id, hint, problem)}
    >
      <legend safe>{label}</legend>
      <HintAndError ctx={ctx} id={id} hint={hint} problem={problem} />
      {choices.map((c, i) => (
        <label class="choice">
          <input
            type={multiple ? 'checkbox' : 'radio'}
            name={name}
            value={c.value}
            id={i === 0 ? id : `${id}-${i}`}
            checked={values.includes(c.value)}
          />
          <span safe>{c.label}</span>
        </label>
      ))}
    </fieldset>
  );
}
