import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { Field } from '../../../views/components/Form.tsx';

/**
 * The account fields that several forms ask for (sign-in, registration, reset, the account page),
 * each with one label, one length limit and one autofill hint wherever it appears.
 */
interface AccountFieldProps {
  ctx: ViewContext;
  problems: FieldProblem[];
}

export function EmailField({
  ctx,
  problems,
  value,
  label,
  hint,
}: AccountFieldProps & { value?: string; label?: string; hint?: string }) {
  return (
    <Field
      ctx={ctx}
      name="email"
      type="email"
      label={label ?? ctx.text('auth.field.email')}
      hint={hint}
      value={value}
      problems={problems}
      required
      autocomplete="email"
      maxlength={254}
    />
  );
}

export function NameField({ ctx, problems, value }: AccountFieldProps & { value?: string }) {
  return (
    <Field
      ctx={ctx}
      name="name"
      label={ctx.text('auth.field.name')}
      value={value}
      problems={problems}
      required
      autocomplete="name"
      maxlength={200}
    />
  );
}

export function OrganisationField({
  ctx,
  problems,
  value,
}: AccountFieldProps & { value?: string }) {
  return (
    <Field
      ctx={ctx}
      name="organisation"
      label={ctx.text('auth.field.organisation')}
      value={value}
      problems={problems}
      autocomplete="organization"
      maxlength={200}
    />
  );
}

/** The password the person has now, asked again before a change that matters. */
export function CurrentPasswordField({ ctx, problems }: AccountFieldProps) {
  return (
    <Field
      ctx={ctx}
      name="current_password"
      type="password"
      label={ctx.text('auth.field.currentPassword')}
      problems={problems}
      required
      autocomplete="current-password"
    />
  );
}

export function NewPasswordField({ ctx, problems }: AccountFieldProps) {
  return (
    <Field
      ctx={ctx}
      name="password"
      type="password"
      label={ctx.text('auth.field.newPassword')}
      hint={ctx.text('auth.field.passwordHint')}
      problems={problems}
      required
      autocomplete="new-password"
    />
  );
}
