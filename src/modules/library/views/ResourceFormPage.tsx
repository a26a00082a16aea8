import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { directionOf, LOCALES } from '../../../core/i18n/locales.ts';
import {
  type Choice,
  ErrorSummary,
  fieldId,
  PostForm,
  problemText,
} from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { MAX_ABSTRACT, MAX_THEMES, RESOURCE_TYPES } from '../resource.model.ts';
import type { ResourceForEdit } from '../resource-editing.service.ts';
import { typeLabel } from './ResourcePages.tsx';

/** The editor's form of a resource, with its translations when it exists. */
export interface ResourceFormPageProps {
  ctx: ViewContext;
  /** The resource being edited; absent for a new one. */
  resource?: ResourceForEdit;
  values: Record<string, string | string[]>;
  problems: FieldProblem[];
  themes: Choice[];
  maxUploadMb: number;
  /** The translation form's typed values and problems, on the editing page. */
  translation?: { values: Record<string, string | string[]>; problems: FieldProblem[] };
  saved?: boolean;
}

export function ResourceFormPage({
  ctx,
  resource,
  values,
  problems,
  themes,
  maxUploadMb,
  translation,
  saved,
}: ResourceFormPageProps) {
  const { t } = ctx;
  const heading = resource
    ? ctx.text('library.editTitle', { title: resource.title })
    : ctx.text('library.new');
  const fileProblem = problems.find((p) => p.field === 'file');
  const fileId = fieldId('file');
  const tv = translation?.values ?? {};
  const tProblems = translation?.problems ?? [];
  return (
    <Layout ctx={ctx} title={heading} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href(resource ? `/resources/${resource.slug}` : '/resources')}>
            {resource ? t('library.back') : t('library.title')}
          </a>
        </p>
        <h1 safe>{heading}</h1>
        {saved ? (
          <p class="notice notice--success" role="status">
            {t('library.saved')}
          </p>
        ) : (
          ''
        )}
        <ErrorSummary ctx={ctx} problems={problems} />
        <form
          method="post"
          action={ctx.href(resource ? `/editor/resources/${resource.slug}` : '/editor/resources')}
          enctype="multipart/form-data"
          novalidate
        >
          <input type="hidden" name="_csrf" value={ctx.csrfToken ?? ''} />
          <FormFields
            ctx={ctx}
            problems={problems}
            values={values}
            fields={[
              { name: 'title', label: ctx.text('library.field.title'), maxlength: 300 },
              {
                kind: 'select',
                name: 'type',
                label: ctx.text('library.field.type'),
                empty: '',
                choices: RESOURCE_TYPES.map((type) => ({
                  value: type,
                  label: typeLabel(ctx, type),
                })),
              },
              { name: 'authors', label: ctx.text('library.field.authors'), maxlength: 500 },
              { name: 'year', label: ctx.text('library.field.year'), maxlength: 4 },
              {
                name: 'language',
                label: ctx.text('library.field.language'),
                hint: ctx.text('library.hint.language'),
                maxlength: 35,
              },
              {
                name: 'link_url',
                label: ctx.text('library.field.link'),
                hint: ctx.text('library.hint.link'),
                maxlength: 2000,
              },
            ]}
          />
          <div class={fileProblem ? 'field field--error' : 'field'}>
            <label for={fileId}>{t('library.field.file')}</label>
            <p class="field__hint" id={`${fileId}-hint`}>
              {resource?.file
                ? t('library.hint.fileReplace', { name: resource.file.name, max: maxUploadMb })
                : t('library.hint.file', { max: maxUploadMb })}
            </p>
            {fileProblem ? (
              <p class="field__error" id={`${fileId}-error`} safe>
                {problemText(ctx, fileProblem)}
              </p>
            ) : (
              ''
            )}
            <input
              type="file"
              id={fileId}
              name="file"
              accept="application/pdf,.pdf"
              aria-describedby={`${fileId}-hint${fileProblem ? ` ${fileId}-error` : ''}`}
              aria-invalid={fileProblem ? 'true' : undefined}
            />
          </div>
          <FormFields
            ctx={ctx}
            problems={problems}
            values={values}
            fields={[
              {
                kind: 'area',
                name: 'abstract',
                label: ctx.text('library.field.abstract'),
                maxlength: MAX_ABSTRACT,
                rows: 6,
              },
              {
                kind: 'choices',
                name: 'themes',
                label: ctx.text('practice.themes'),
                hint: ctx.text('library.hint.themes', { max: MAX_THEMES }),
                choices: themes,
              },
            ]}
          />
          <button type="submit" class="button">
            {resource ? t('library.save') : t('library.create')}
          </button>
        </form>

        {resource ? (
          <section aria-labelledby="translations-heading">
            <h2 id="translations-heading">{t('library.translations')}</h2>
            {resource.translations.length > 0 ? (
              <ul>
                {resource.translations.map((tr) => (
                  <li lang={tr.locale} dir={directionOf(tr.locale)}>
                    <strong safe>{ctx.language(tr.locale)}</strong>
                    {': '}
                    <span safe>{tr.title}</span>
                  </li>
                ))}
              </ul>
            ) : (
              <p class="muted">{t('library.translations.none')}</p>
            )}
            <ErrorSummary ctx={ctx} problems={tProblems} />
            <PostForm
              action={ctx.href(`/editor/resources/${resource.slug}/translations`)}
              csrfToken={ctx.csrfToken ?? ''}
            >
              <FormFields
                ctx={ctx}
                problems={tProblems}
                values={tv}
                fields={[
                  {
                    kind: 'select',
                    name: 'locale',
                    label: ctx.text('library.field.translationLanguage'),
                    choices: LOCALES.map((l) => ({ value: l, label: ctx.language(l) })),
                  },
                  { name: 't_title', label: ctx.text('library.field.title'), maxlength: 300 },
                  {
                    kind: 'area',
                    name: 't_abstract',
                    label: ctx.text('library.field.abstract'),
                    maxlength: MAX_ABSTRACT,
                    rows: 5,
                  },
                ]}
              />
              <button type="submit" class="button button--secondary">
                {t('library.translations.save')}
              </button>
            </PostForm>
          </section>
        ) : (
          ''
        )}
      </div>
    </Layout>
  );
}
