import type { FieldProblem } from '../../core/errors.ts';
import type { ViewContext } from '../../core/http/view-context.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import { type Choice, ErrorSummary, Field, PostForm, SelectField, TextArea } from './Form.tsx';

/** What an edit page knows of the translation it shows: the language, what was typed, the outcome. */
export interface TranslationState {
  locale: string;
  values: Record<string, string>;
  problems: FieldProblem[];
  saved: boolean;
}

/** One translatable field: a single line with a length limit, or a text area of some rows. */
export type TranslationFieldView = { name: string; label: MessageKey } & (
  | { maxlength: number }
  | { rows: number }
);

export interface TranslationFormProps {
  ctx: ViewContext;
  /** The section's id prefix (`event` gives `event-translation`). */
  id: string;
  /** The edit page, where choosing another language reloads it. */
  editPath: string;
  /** Where the form posts; the chosen locale is appended. */
  actionPath: string;
  original: string;
  languages: Choice[];
  translation: TranslationState;
  fields: readonly TranslationFieldView[];
  text: {
    heading: MessageKey;
    language: MessageKey;
    choose: MessageKey;
    saved: MessageKey;
    save: MessageKey;
  };
}

/**
 * The translation section of a content type's edit page: a choice of language (a GET that reloads
 * the page), then the translatable fields of that language, named `tr_<field>`.
 */
export function TranslationForm({
  ctx,
  id,
  editPath,
  actionPath,
  original,
  languages,
  translation,
  fields,
  text,
}: TranslationFormProps) {
  const headingId = `${id}-translation`;
  return (
    <section aria-labelledby={headingId}>
      <h2 id={headingId}>{ctx.t(text.heading)}</h2>
      <form method="get" action={ctx.href(editPath)}>
        <SelectField
          ctx={ctx}
          name="lang"
          label={ctx.text(text.language)}
          problems={[]}
          value={translation.locale}
          choices={languages.filter((l) => l.value !== original)}
        />
        <button type="submit" class="button button--secondary">
          {ctx.t(text.choose)}
        </button>
      </form>
      {translation.saved ? (
        <p class="notice notice--success" role="status">
          {ctx.t(text.saved)}
        </p>
      ) : (
        ''
      )}
      <ErrorSummary ctx={ctx} problems={translation.problems} />
      <PostForm
        action={ctx.href(`${actionPath}/${translation.locale}`)}
        csrfToken={ctx.csrfToken ?? ''}
      >
        {fields.map((field) => {
          const name = `tr_${field.name}`;
          return 'rows' in field ? (
            <TextArea
              ctx={ctx}
              name={name}
              label={ctx.text(field.label)}
              problems={translation.problems}
              value={translation.values[name]}
              rows={field.rows}
            />
          ) : (
            <Field
              ctx={ctx}
              name={name}
              label={ctx.text(field.label)}
              problems={translation.problems}
              value={translation.values[name]}
              maxlength={field.maxlength}
            />
          );
        })}
        <button type="submit" class="button">
          {ctx.t(text.save)}
        </button>
      </PostForm>
    </section>
  );
}
