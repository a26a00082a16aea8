import type { PropsWithChildren } from '@kitajs/html';
import type { FieldProblem } from '../../core/errors.ts';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';

/** A problem in the reader's language when the catalogue has it, else in English. */
export function problemText(ctx: ViewContext, problem: FieldProblem): string {
  return problem.key ? ctx.text(problem.key as MessageKey, problem.values) : problem.message;
}

export function fieldId(name: string): string {
  return `field-${name.replace(/[^\w-]/g, '-')}`;
}

/** The list of problems at the top of a form, each linking to its field. */
export function ErrorSummary({ ctx, problems }: { ctx: ViewContext; problems: FieldProblem[] }) {
  if (problems.length === 0) return '';
  return (
    <div class="notice notice--error error-summary" role="alert" tabindex="-1" id="error-summary">
      <h2 class="error-summary__title">{ctx.t('form.errors', { count: problems.length })}</h2>
      <ul>
        {problems.map((p) => (
          <li>
            <a href={`#${fieldId(p.field)}`} safe>
              {problemText(ctx, p)}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
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
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={described}
      />
    </div>
  );
}

/** A POST form with its CSRF token. */
export function PostForm({
  action,
  csrfToken,
  children,
  class: className,
}: PropsWithChildren<{ action: string; csrfToken: string; class?: string }>) {
  return (
    <form method="post" action={action} class={className} novalidate>
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

/** A labelled multi-line text box with its hint and error. */
export function TextArea({
  ctx,
  name,
  label,
  value,
  hint,
  problems,
  required,
  maxlength,
  rows = 6,
}: Omit<FieldProps, 'type' | 'autocomplete'> & { rows?: number }) {
  const id = fieldId(name);
  const problem = problems.find((p) => p.field === name);
  return (
    <div class={problem ? 'field field--error' : 'field'}>
      <label for={id} safe>
        {label}
      </label>
      <HintAndError ctx={ctx} id={id} hint={hint} problem={problem} />
      <textarea
        id={id}
        name={name}
        rows={String(rows)}
        required={required}
        maxlength={maxlength}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={describedBy(id, hint, problem)}
        safe
      >
        {value ?? ''}
      </textarea>
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
