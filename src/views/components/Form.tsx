import type { PropsWithChildren } from '@kitajs/html';
import type { FieldProblem } from '../../core/errors.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import type { ViewContext } from '../context.ts';

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
  type?: 'text' | 'email' | 'password' | 'search';
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
