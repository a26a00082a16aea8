import type { FieldProblem } from '../../core/errors.ts';
import type { ViewContext } from '../../core/http/view-context.ts';
import {
  type Choice,
  ChoiceGroup,
  Field,
  type FieldProps,
  SelectField,
  TextArea,
} from './Form.tsx';

interface SpecBase {
  name: string;
  label: string;
  hint?: string;
  required?: boolean;
}

/**
 * One field of a form drawn by `FormFields`: an input (the default), a text box (`area`), a
 * drop-down (`select`), a group of choices (`choices`) or a single checkbox (`box`, sent as
 * `1`). Its value is what the form holds under its name unless `value` (`values`, `checked`)
 * says otherwise.
 */
export type FieldSpec =
  | (SpecBase & {
      kind?: 'input';
      type?: FieldProps['type'];
      maxlength?: number;
      autocomplete?: string;
      value?: string | null;
    })
  | (SpecBase & { kind: 'area'; maxlength?: number; rows?: number; value?: string | null })
  | (SpecBase & { kind: 'select'; choices: Choice[]; empty?: string; value?: string | null })
  | (SpecBase & {
      kind: 'choices';
      choices: Choice[];
      multiple?: boolean;
      values?: readonly string[];
    })
  | (SpecBase & { kind: 'box'; box: string; checked?: boolean });

/** What a form holds: values by field name (a string, or a list for checkboxes). */
type Held = object;

function held(values: Held, name: string): unknown {
  return (values as Record<string, unknown>)[name];
}

/** The first text a form holds under a name (a name sent more than once gives its first). */
function textOf(values: Held, name: string): string | undefined {
  const x = held(values, name);
  const first: unknown = Array.isArray(x) ? x[0] : x;
  return typeof first === 'string' ? first : undefined;
}

/** Every value a form holds under a name (checkboxes), none when it sent nothing. */
function listOf(values: Held, name: string): string[] {
  const x = held(values, name);
  if (Array.isArray(x)) return x.filter((item): item is string => typeof item === 'string');
  return typeof x === 'string' && x ? [x] : [];
}

/**
 * A form's fields in order, each with its label, hint, limit and problem, filled with what the
 * form holds: the field lists of the editors' forms, written as data rather than once per field.
 */
export function FormFields({
  ctx,
  problems,
  values,
  fields,
}: {
  ctx: ViewContext;
  problems: FieldProblem[];
  /** The values shown, by field name; other kinds of value (a flag) are the page's to draw. */
  values: Held;
  fields: FieldSpec[];
}) {
  return <>{fields.map((spec) => drawField(ctx, problems, values, spec))}</>;
}

function drawField(
  ctx: ViewContext,
  problems: FieldProblem[],
  values: Held,
  spec: FieldSpec,
): JSX.Element {
  const { name, label, hint, required } = spec;
  const common = { ctx, name, label, hint, required, problems };
  const v = (field: string) => textOf(values, field);
  switch (spec.kind) {
    case 'area':
      return (
        <TextArea
          {...common}
          value={spec.value ?? v(name)}
          maxlength={spec.maxlength}
          rows={spec.rows}
        />
      );
    case 'select':
      return (
        <SelectField
          {...common}
          value={spec.value ?? v(name)}
          choices={spec.choices}
          empty={spec.empty}
        />
      );
    case 'choices':
      return (
        <ChoiceGroup
          {...common}
          values={spec.values ?? listOf(values, name)}
          choices={spec.choices}
          multiple={spec.multiple}
        />
      );
    case 'box':
      return (
        <ChoiceGroup
          {...common}
          values={(spec.checked ?? Boolean(v(name))) ? ['1'] : []}
          choices={[{ value: '1', label: spec.box }]}
        />
      );
    default:
      return (
        <Field
          {...common}
          type={spec.type}
          value={spec.value ?? v(name)}
          maxlength={spec.maxlength}
          autocomplete={spec.autocomplete}
        />
      );
  }
}
