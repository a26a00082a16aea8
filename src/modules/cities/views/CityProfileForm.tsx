import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { ErrorSummary, labelField, PostForm } from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { CONTEXT_MAX, contactFields, MAX_CONTACTS, OFFER_MAX } from '../city-profile.service.ts';

/**
 * The form of a city's profile: its texts and the language they are in, the languages the city
 * serves in, and its public contact points. Contact points already given are shown with one empty
 * row after them (up to MAX_CONTACTS), so more can be added without JavaScript, one save at a time.
 */

function contactRows(values: Record<string, string>): number {
  let last = 0;
  for (let n = 1; n <= MAX_CONTACTS; n++) {
    const field = contactFields(n);
    if ([field.name, field.role, field.email, field.url].some((f) => (values[f] ?? '').trim()))
      last = n;
  }
  return Math.min(MAX_CONTACTS, last + 1);
}

function ContactPoint({
  ctx,
  n,
  values,
  problems,
}: {
  ctx: ViewContext;
  n: number;
  values: Record<string, string>;
  problems: FieldProblem[];
}) {
  const field = contactFields(n);
  const legend = ctx.text('cities.profile.contact', { n });
  const inputs: [name: string, label: string, type: 'text' | 'email', max: number][] = [
    [field.name, ctx.text('cities.profile.contactName'), 'text', 200],
    [field.role, ctx.text('cities.profile.contactRole'), 'text', 200],
    [field.email, ctx.text('cities.profile.contactEmail'), 'email', 254],
    [field.url, ctx.text('cities.profile.contactUrl'), 'text', 2000],
  ];
  const drawn = (
    <FormFields
      ctx={ctx}
      problems={problems}
      values={values}
      fields={inputs.map(([name, label, type, maxlength]) => ({ name, label, type, maxlength }))}
    />
  );
  // The error summary names the contact point too: each row has fields of the same labels.
  for (const [name, label] of inputs) labelField(ctx, name, `${label} (${legend})`);
  return (
    <fieldset class="repeat" aria-describedby="contacts-hint">
      <legend safe>{legend}</legend>
      {drawn}
    </fieldset>
  );
}

export function CityProfileForm({
  ctx,
  action,
  values,
  problems,
}: {
  ctx: ViewContext;
  action: string;
  /** What the form shows: the saved profile, or what was typed beside its problems. */
  values: Record<string, string>;
  problems: FieldProblem[];
}) {
  const { t } = ctx;
  const rows = Array.from({ length: contactRows(values) }, (_, i) => i + 1);
  return (
    <section aria-labelledby="profile-heading">
      <h2 id="profile-heading">{t('cities.profile.heading')}</h2>
      <p>{t('cities.profile.intro')}</p>
      <ErrorSummary ctx={ctx} problems={problems} />
      <PostForm action={action} csrfToken={ctx.csrfToken ?? ''} warnUnsaved>
        <FormFields
          ctx={ctx}
          problems={problems}
          values={values}
          fields={[
            {
              name: 'language',
              label: ctx.text('cities.profile.language'),
              hint: ctx.text('cities.profile.languageHint'),
              maxlength: 100,
              required: true,
            },
            {
              kind: 'area',
              name: 'context',
              label: ctx.text('cities.about.title'),
              hint: ctx.text('cities.profile.contextHint'),
              maxlength: CONTEXT_MAX,
              rows: 8,
            },
            {
              kind: 'area',
              name: 'offers',
              label: ctx.text('cities.about.offers'),
              hint: ctx.text('cities.profile.offersHint'),
              maxlength: OFFER_MAX,
              rows: 4,
            },
            {
              kind: 'area',
              name: 'looking_for',
              label: ctx.text('cities.about.lookingFor'),
              hint: ctx.text('cities.profile.lookingForHint'),
              maxlength: OFFER_MAX,
              rows: 4,
            },
            {
              name: 'languages',
              label: ctx.text('cities.about.languages'),
              hint: ctx.text('cities.profile.languagesHint'),
              maxlength: 2000,
            },
          ]}
        />
        <h3 id="contacts-heading">{t('cities.about.contacts')}</h3>
        <p class="field__hint" id="contacts-hint">
          {t('cities.profile.contactsHint', { max: MAX_CONTACTS })}
        </p>
        {rows.map((n) => (
          <ContactPoint ctx={ctx} n={n} values={values} problems={problems} />
        ))}
        <button type="submit" class="button">
          {t('cities.profile.save')}
        </button>
      </PostForm>
    </section>
  );
}
