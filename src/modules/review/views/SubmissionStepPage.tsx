import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { LOCALES } from '../../../core/i18n/locales.ts';
import {
  type Choice,
  ChoiceGroup,
  ErrorSummary,
  Field,
  labelField,
  PostForm,
  SelectField,
  TextArea,
} from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import {
  LEVELS,
  ORGANISATION_ROLES,
  PRACTICE_TYPES,
  SECTION_KEYS,
  STATUSES,
} from '../../practices/index.ts';
import {
  CHECKLIST,
  MAX_ORGANISATIONS,
  MAX_SECTION,
  MAX_SOURCES,
  MAX_SUMMARY,
  REQUIRED_SECTIONS,
  STEPS,
  type Step,
} from '../submission.model.ts';
import type { SubmissionView } from '../submission-view.ts';
import { StepNav, stepLabel } from './parts.tsx';

/**
 * One step of the guided submission form: its fields, what is still missing, and the steps
 * around it. Apart from the contributor's other pages because the form is most of the module's
 * markup.
 */
export interface StepChoices {
  countries: Choice[];
  themes: Choice[];
  targetGroups: Choice[];
  actorTypes: Choice[];
  gcmObjectives: Choice[];
  sdgTargets: Choice[];
}

export interface StepPageProps {
  ctx: ViewContext;
  submission: SubmissionView;
  step: Step;
  problems: FieldProblem[];
  choices: StepChoices;
  /** Shown after a save that found nothing wrong. */
  saved?: boolean;
  /**
   * After "Save and continue": what the saved step still lacks (empty fields a complete
   * submission needs, a city name the gazetteer may know otherwise), before going on.
   */
  gaps?: FieldProblem[];
}

export function StepPage({
  ctx,
  submission: s,
  step,
  problems,
  choices,
  saved,
  gaps = [],
}: StepPageProps) {
  const { t } = ctx;
  const d = s.data;
  const index = STEPS.indexOf(step);
  const next = STEPS[index + 1];
  const f = (name: string) => ({
    ctx,
    name,
    problems,
    label: ctx.text(`submission.field.${name}` as MessageKey),
  });
  const translated = (prefix: string, values: readonly string[]): Choice[] =>
    values.map((v) => ({ value: v, label: ctx.text(`${prefix}.${v}` as MessageKey) }));
  return (
    <Layout
      ctx={ctx}
      title={`${stepLabel(ctx, step)} — ${d.title || ctx.text('submission.untitled')}`}
      noindex
    >
      <div class="submission-form">
        <p>
          <a href={ctx.href(`/submissions/${s.id}`)}>{t('submission.backToOverview')}</a>
        </p>
        <h1>
          <span safe>{d.title || ctx.text('submission.untitled')}</span>
          <span class="muted h1__sub">
            {t('submission.stepOf', { number: index + 1, count: STEPS.length })}{' '}
            <span safe>{stepLabel(ctx, step)}</span>
          </span>
        </h1>
        <StepNav ctx={ctx} id={s.id} current={step} />
        {saved && gaps.length === 0 ? (
          <p class="notice notice--success" role="status">
            {t('submission.saved')}
          </p>
        ) : (
          ''
        )}
        <ErrorSummary
          ctx={ctx}
          problems={gaps}
          tone="warning"
          title={t('submission.gaps', { count: gaps.length })}
        />
        {gaps.length > 0 ? (
          <p>
            <a
              class="button button--secondary"
              href={ctx.href(next ? `/submissions/${s.id}/edit/${next}` : `/submissions/${s.id}`)}
            >
              {next
                ? t('submission.gapsContinue', { step: stepLabel(ctx, next) })
                : t('submission.backToOverview')}
            </a>
          </p>
        ) : (
          ''
        )}
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm
          action={ctx.href(`/submissions/${s.id}/edit/${step}`)}
          csrfToken={ctx.csrfToken ?? ''}
          warnUnsaved
        >
          {step === 'basics' ? (
            <>
              <Field {...f('title')} value={d.title} maxlength={300} required />
              <TextArea
                {...f('summary')}
                value={d.summary}
                maxlength={MAX_SUMMARY}
                rows={4}
                hint={ctx.text('submission.hint.summary')}
                required
              />
              <SelectField
                {...f('language')}
                value={d.language}
                hint={ctx.text('submission.hint.language')}
                choices={LOCALES.map((l) => ({ value: l, label: ctx.language(l) }))}
              />
              <SelectField
                {...f('type')}
                value={d.type}
                choices={translated('type', PRACTICE_TYPES)}
                empty=""
              />
              <SelectField
                {...f('level')}
                value={d.level}
                choices={translated('level', LEVELS)}
                empty=""
              />
              <SelectField
                {...f('status')}
                value={d.status}
                choices={translated('status', STATUSES)}
                empty=""
              />
              <Field
                {...f('start_year')}
                value={d.start_year}
                maxlength={4}
                hint={ctx.text('submission.hint.year')}
              />
              <Field {...f('end_year')} value={d.end_year} maxlength={4} />
            </>
          ) : (
            ''
          )}
          {step === 'place' ? (
            <>
              <SelectField
                {...f('country')}
                value={d.country}
                choices={choices.countries}
                empty=""
              />
              <Field
                {...f('city')}
                value={d.city}
                maxlength={200}
                hint={ctx.text('submission.hint.city')}
              />
            </>
          ) : (
            ''
          )}
          {step === 'description' ? (
            <>
              <p class="field__hint">{t('submission.hint.description')}</p>
              {SECTION_KEYS.map((key) => (
                <TextArea
                  ctx={ctx}
                  name={key}
                  problems={problems}
                  label={
                    REQUIRED_SECTIONS.includes(key)
                      ? ctx.text(`section.${key}` as MessageKey)
                      : ctx.text('submission.optional', {
                          label: ctx.text(`section.${key}` as MessageKey),
                        })
                  }
                  hint={ctx.text(`submission.hint.${key}` as MessageKey)}
                  value={d.sections?.[key]}
                  maxlength={MAX_SECTION}
                  rows={8}
                />
              ))}
            </>
          ) : (
            ''
          )}
          {step === 'partners' ? (
            <>
              <p class="field__hint">{t('submission.hint.organisations')}</p>
              {Array.from(
                {
                  length: Math.min(
                    MAX_ORGANISATIONS,
                    Math.max(3, (d.organisations ?? []).length + 1),
                  ),
                },
                (_, i) => {
                  const o = d.organisations?.[i];
                  return (
                    <fieldset class="repeat">
                      <legend>{t('submission.organisation', { number: i + 1 })}</legend>
                      <Field
                        ctx={ctx}
                        problems={problems}
                        name={`org_name_${i}`}
                        label={ctx.text('submission.field.org_name', { number: i + 1 })}
                        value={o?.name}
                        maxlength={200}
                      />
                      <SelectField
                        ctx={ctx}
                        problems={problems}
                        name={`org_role_${i}`}
                        label={ctx.text('submission.field.org_role', { number: i + 1 })}
                        value={o?.role || (i === 0 ? 'lead' : 'partner')}
                        choices={ORGANISATION_ROLES.map((r) => ({
                          value: r,
                          label: ctx.text(`role.${r}` as MessageKey),
                        }))}
                      />
                      <SelectField
                        ctx={ctx}
                        problems={problems}
                        name={`org_type_${i}`}
                        label={ctx.text('submission.field.org_type', { number: i + 1 })}
                        value={o?.type}
                        choices={choices.actorTypes}
                        empty=""
                      />
                      <Field
                        ctx={ctx}
                        problems={problems}
                        name={`org_website_${i}`}
                        label={ctx.text('submission.field.org_website', { number: i + 1 })}
                        value={o?.website}
                        maxlength={2000}
                      />
                    </fieldset>
                  );
                },
              )}
              <Field
                {...f('contact_name')}
                value={d.contact_name}
                maxlength={200}
                hint={ctx.text('submission.hint.contact')}
              />
              <Field {...f('contact_email')} type="email" value={d.contact_email} maxlength={254} />
            </>
          ) : (
            ''
          )}
          {step === 'taxonomy' ? (
            <>
              <ChoiceGroup {...f('themes')} values={d.themes ?? []} choices={choices.themes} />
              <ChoiceGroup
                {...f('target_groups')}
                values={d.target_groups ?? []}
                choices={choices.targetGroups}
              />
              <ChoiceGroup
                {...f('actor_type')}
                values={d.actor_type ?? []}
                choices={choices.actorTypes}
              />
              <details
                class="more-choices"
                open={(d.gcm_objectives ?? []).length > 0 || (d.sdg_targets ?? []).length > 0}
              >
                <summary>{t('submission.frameworks')}</summary>
                <ChoiceGroup
                  {...f('gcm_objectives')}
                  values={d.gcm_objectives ?? []}
                  choices={choices.gcmObjectives}
                />
                <ChoiceGroup
                  {...f('sdg_targets')}
                  values={d.sdg_targets ?? []}
                  choices={choices.sdgTargets}
                />
              </details>
            </>
          ) : (
            ''
          )}
          {step === 'sources' ? (
            <>
              <Field
                {...f('source_url')}
                value={d.source_url}
                maxlength={2000}
                hint={ctx.text('submission.hint.sourceUrl')}
              />
              {Array.from(
                { length: Math.min(MAX_SOURCES, Math.max(2, (d.sources ?? []).length + 1)) },
                (_, i) => (
                  <fieldset class="repeat">
                    <legend>{t('submission.source', { number: i + 1 })}</legend>
                    <Field
                      ctx={ctx}
                      problems={problems}
                      name={`source_title_${i}`}
                      label={ctx.text('submission.field.source_title', { number: i + 1 })}
                      value={d.sources?.[i]?.title}
                      maxlength={300}
                    />
                    <Field
                      ctx={ctx}
                      problems={problems}
                      name={`source_url_${i}`}
                      label={ctx.text('submission.field.source_address', { number: i + 1 })}
                      value={d.sources?.[i]?.url}
                      maxlength={2000}
                    />
                  </fieldset>
                ),
              )}
            </>
          ) : (
            ''
          )}
          {step === 'checklist' ? (
            <fieldset class="field">
              <legend>{t('submission.checklist')}</legend>
              <p class="field__hint">{t('submission.hint.checklist')}</p>
              {CHECKLIST.map((item) => {
                const problem = problems.find((p) => p.field === `check_${item}`);
                labelField(
                  ctx,
                  `check_${item}`,
                  ctx.text(`submission.check.${item}` as MessageKey),
                );
                return (
                  <label class={problem ? 'choice field--error' : 'choice'}>
                    <input
                      type="checkbox"
                      name={`check_${item}`}
                      value="yes"
                      id={`field-check_${item}`}
                      checked={d.checklist?.[item] === true}
                      aria-invalid={problem ? 'true' : undefined}
                    />
                    <span>{t(`submission.check.${item}` as MessageKey)}</span>
                  </label>
                );
              })}
            </fieldset>
          ) : (
            ''
          )}
          <div class="form-actions">
            {next ? (
              <button type="submit" name="go" value="next" class="button">
                {t('submission.saveContinue')}
              </button>
            ) : (
              <button type="submit" name="go" value="overview" class="button">
                {t('submission.saveReview')}
              </button>
            )}
            <button type="submit" name="go" value="stay" class="button button--secondary">
              {t('submission.saveDraft')}
            </button>
          </div>
        </PostForm>
      </div>
    </Layout>
  );
}
