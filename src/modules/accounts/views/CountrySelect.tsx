import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { fieldId, problemText } from '../../../views/components/Form.tsx';

export function CountrySelect({
  ctx,
  countries,
  value,
  problems,
}: {
  ctx: ViewContext;
  countries: { code: string; name: string }[];
  value: string | undefined | null;
  problems: FieldProblem[];
}) {
  const id = fieldId('country');
  const problem = problems.find((p) => p.field === 'country');
  return (
    <div class={problem ? 'field field--error' : 'field'}>
      <label for={id}>{ctx.t('auth.field.country')}</label>
      {problem ? (
        <p class="field__error" id={`${id}-error`} safe>
          {problemText(ctx, problem)}
        </p>
      ) : (
        ''
      )}
      <select
        id={id}
        name="country"
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby={problem ? `${id}-error` : undefined}
      >
        <option value="">{ctx.t('auth.field.countryNone')}</option>
        {countries.map((c) => (
          <option value={c.code} selected={c.code === value} safe>
            {c.name}
          </option>
        ))}
      </select>
    </div>
  );
}
