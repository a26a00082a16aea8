import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf, LOCALES } from '../../../core/i18n/locales.ts';
import { EditorFormPage } from '../../../views/components/EditorFormPage.tsx';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import {
  type Choice,
  ErrorSummary,
  Field,
  formValues,
  PostForm,
  TextArea,
} from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import type { PracticeCard } from '../../practices/index.ts';
import { AUDIENCES, BODY_MAX, NOTE_MAX, TITLE_MAX } from '../recommendation.model.ts';
import type { RecommendationDetail } from '../recommendation.service.ts';
import type { Choices } from '../recommendation-editing.service.ts';

export interface RecommendationFormProps {
  ctx: ViewContext;
  /** Absent for a new recommendation. */
  detail?: RecommendationDetail;
  values: Record<string, string | string[]>;
  problems: FieldProblem[];
  themes: Choice[];
  sources: Choices;
  /** The form that adds a supporting practice, on the edit page. */
  link?: {
    values: Record<string, string>;
    problems: FieldProblem[];
    q: string;
    found: PracticeCard[] | undefined;
  };
}

export function RecommendationFormPage({
  ctx,
  detail,
  values,
  problems,
  themes,
  sources,
  link,
}: RecommendationFormProps) {
  const { t } = ctx;
  const v = formValues(values);
  const heading = detail
    ? ctx.text('recommendation.editTitle', { title: detail.title })
    : ctx.text('recommendation.new');
  const action = detail
    ? `/editor/recommendations/${detail.slug}/edit`
    : '/editor/recommendations/new';
  const language = v('language') ?? ctx.locale;
  const back = (
    <>
      <a href={ctx.href('/recommendations')}>{t('recommendations.title')}</a>
      {detail ? (
        <>
          {' · '}
          <a href={ctx.href(`/recommendations/${detail.slug}`)}>{t('recommendation.view')}</a>
        </>
      ) : (
        ''
      )}
    </>
  );
  const evidence =
    detail && link ? () => <EvidenceEditor ctx={ctx} detail={detail} link={link} /> : undefined;
  return (
    <EditorFormPage
      ctx={ctx}
      heading={heading}
      back={back}
      problems={problems}
      action={ctx.href(action)}
      warnUnsaved
      submit={detail ? ctx.text('recommendation.save') : ctx.text('recommendation.create')}
      after={evidence}
    >
      <FormFields
        ctx={ctx}
        problems={problems}
        values={values}
        fields={[
          { name: 'title', label: ctx.text('recommendation.field.title'), maxlength: TITLE_MAX },
          {
            kind: 'area',
            name: 'text',
            label: ctx.text('recommendation.field.text'),
            hint: ctx.text('recommendation.field.textHint'),
            maxlength: BODY_MAX,
            rows: 10,
          },
          {
            kind: 'select',
            name: 'language',
            label: ctx.text('recommendation.field.language'),
            value: language,
            choices: LOCALES.map((l) => ({ value: l, label: ctx.language(l) })),
          },
          {
            kind: 'choices',
            name: 'audiences',
            label: ctx.text('recommendation.audience'),
            choices: AUDIENCES.map((a) => ({
              value: a,
              label: ctx.text(`level.${a}` as MessageKey),
            })),
          },
          {
            kind: 'choices',
            name: 'themes',
            label: ctx.text('recommendation.themes'),
            choices: themes,
          },
          {
            kind: 'select',
            name: 'source_event',
            label: ctx.text('recommendation.source.event'),
            empty: ctx.text('recommendation.field.noSource'),
            choices: sources.events,
          },
          {
            kind: 'select',
            name: 'source_resource',
            label: ctx.text('recommendation.source.resource'),
            empty: ctx.text('recommendation.field.noSource'),
            choices: sources.resources,
          },
        ]}
      />
      <fieldset class="field">
        <legend>{t('recommendation.translations')}</legend>
        <p class="field__hint">{t('recommendation.translationsHint')}</p>
        {LOCALES.map((l) => {
          const open =
            Boolean(v(`title_${l}`) || v(`text_${l}`)) ||
            problems.some((p) => p.field.endsWith(`_${l}`));
          return (
            <details open={open}>
              <summary safe>{ctx.language(l)}</summary>
              <div lang={l} dir={directionOf(l)}>
                <Field
                  ctx={ctx}
                  name={`title_${l}`}
                  label={ctx.text('recommendation.field.titleIn', {
                    language: ctx.language(l),
                  })}
                  problems={problems}
                  value={v(`title_${l}`)}
                  maxlength={TITLE_MAX}
                />
                <TextArea
                  ctx={ctx}
                  name={`text_${l}`}
                  label={ctx.text('recommendation.field.textIn', { language: ctx.language(l) })}
                  problems={problems}
                  value={v(`text_${l}`)}
                  maxlength={BODY_MAX}
                  rows={6}
                />
              </div>
            </details>
          );
        })}
      </fieldset>
    </EditorFormPage>
  );
}

function EvidenceEditor({
  ctx,
  detail,
  link,
}: {
  ctx: ViewContext;
  detail: RecommendationDetail;
  link: NonNullable<RecommendationFormProps['link']>;
}) {
  const { t } = ctx;
  const base = `/editor/recommendations/${detail.slug}`;
  return (
    <section aria-labelledby="evidence-heading" class="recommendation__evidence">
      <h2 id="evidence-heading">{t('recommendation.evidence')}</h2>
      {detail.practices.length === 0 ? (
        <p>{t('recommendation.evidence.none')}</p>
      ) : (
        <ul class="plain-list">
          {detail.practices.map((p) => (
            <li class="card">
              <a href={ctx.href(`/practices/${p.slug}`)} safe>
                {p.title}
              </a>{' '}
              <EvidenceBadge ctx={ctx} level={p.evidenceLevel} link={false} />
              {p.note ? (
                <p class="muted" safe>
                  {p.note}
                </p>
              ) : (
                ''
              )}
              <PostForm
                action={ctx.href(`${base}/practices/${p.slug}/delete`)}
                csrfToken={ctx.csrfToken ?? ''}
                class="inline-form"
              >
                <button type="submit" class="button button--secondary">
                  {t('recommendation.unlink')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
      <h3 id="link-heading">{t('recommendation.link.heading')}</h3>
      <ErrorSummary ctx={ctx} problems={link.problems} />
      <PostForm action={ctx.href(`${base}/practices`)} csrfToken={ctx.csrfToken ?? ''}>
        <Field
          ctx={ctx}
          name="practice"
          label={ctx.text('recommendation.link.practice')}
          problems={link.problems}
          value={link.values.practice}
          maxlength={500}
        />
        <TextArea
          ctx={ctx}
          name="note"
          label={ctx.text('recommendation.link.note')}
          problems={link.problems}
          value={link.values.note}
          maxlength={NOTE_MAX}
          rows={3}
        />
        <button type="submit" class="button">
          {t('recommendation.link.add')}
        </button>
      </PostForm>
      <form
        method="get"
        action={ctx.href(`${base}/edit#link-search`)}
        class="filters-inline"
        id="link-search"
      >
        <Field
          ctx={ctx}
          type="search"
          name="q"
          label={ctx.text('recommendation.link.search')}
          problems={[]}
          value={link.q}
          maxlength={200}
        />
        <button type="submit" class="button button--secondary">
          {t('recommendation.link.searchButton')}
        </button>
      </form>
      {link.found === undefined ? (
        ''
      ) : link.found.length === 0 ? (
        <p>{t('recommendation.link.noResults')}</p>
      ) : (
        <ul class="plain-list">
          {link.found.map((p, i) => (
            <li class="card">
              <a href={ctx.href(`/practices/${p.slug}`)} safe>
                {p.title}
              </a>{' '}
              <span class="muted" safe>
                {[p.cityName, p.countryName].filter(Boolean).join(', ')}
              </span>{' '}
              <EvidenceBadge ctx={ctx} level={p.evidenceLevel} link={false} />
              <PostForm action={ctx.href(`${base}/practices`)} csrfToken={ctx.csrfToken ?? ''}>
                <input type="hidden" name="practice" value={p.slug} />
                <div class="field">
                  <label for={`found-note-${i}`}>{t('recommendation.link.note')}</label>
                  <textarea id={`found-note-${i}`} name="note" rows="2" maxlength={NOTE_MAX} />
                </div>
                <button type="submit" class="button button--secondary">
                  {t('recommendation.link.add')}
                </button>
              </PostForm>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
