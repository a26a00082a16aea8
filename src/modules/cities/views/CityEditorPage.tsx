import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { ErrorSummary, PostForm } from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { CityProfile } from '../city.service.ts';
import { FACT_KINDS } from '../city.table.ts';
import { FactTable, kindLabel } from './CityPage.tsx';
import { CityProfileForm } from './CityProfileForm.tsx';

/**
 * The editing page of a city, for the members of its municipality and the editors: its profile,
 * then its figures and networks, each with a form to add one and a button to remove one.
 */

interface FormState {
  values: Record<string, string>;
  problems: FieldProblem[];
}

export interface CityEditorForms {
  profile: FormState;
  fact: FormState;
  network: FormState;
}

export function CityEditorPage({
  ctx,
  city,
  forms,
}: {
  ctx: ViewContext;
  city: CityProfile;
  forms: CityEditorForms;
}) {
  const { t } = ctx;
  const title = ctx.text('cities.editor.title', { city: city.name });
  const base = `/cities/${city.id}`;
  const edit = `${base}/edit`;
  const { profile, fact, network } = forms;
  return (
    <Layout ctx={ctx} title={title} noindex>
      <div class="form-page">
        <p>
          <a href={ctx.href(base)}>{t('cities.editor.back')}</a>
        </p>
        <h1 safe>{title}</h1>
        <CityProfileForm
          ctx={ctx}
          action={ctx.href(edit)}
          values={profile.values}
          problems={profile.problems}
        />

        <h2>{t('cities.figures')}</h2>
        {city.facts.length === 0 ? (
          <p>{t('cities.none')}</p>
        ) : (
          <FactTable
            ctx={ctx}
            facts={city.facts}
            remove={(id) => ctx.href(`${edit}/facts/${id}/delete`)}
          />
        )}
        <h3>{t('cities.editor.addFact')}</h3>
        <ErrorSummary ctx={ctx} problems={fact.problems} />
        <PostForm action={ctx.href(`${edit}/facts`)} csrfToken={ctx.csrfToken ?? ''}>
          <FormFields
            ctx={ctx}
            problems={fact.problems}
            values={fact.values}
            fields={[
              {
                kind: 'select',
                name: 'kind',
                label: ctx.text('cities.col.figure'),
                value: fact.values.kind ?? 'population',
                choices: FACT_KINDS.map((kind) => ({ value: kind, label: kindLabel(ctx, kind) })),
              },
              {
                name: 'value',
                label: ctx.text('cities.col.value'),
                hint: ctx.text('cities.editor.valueHint'),
                maxlength: 20,
              },
              {
                name: 'year',
                label: ctx.text('cities.col.year'),
                hint: ctx.text('cities.editor.yearHint'),
                maxlength: 4,
              },
              {
                name: 'source_title',
                label: ctx.text('cities.source'),
                hint: ctx.text('cities.editor.sourceTitleHint'),
                maxlength: 300,
              },
              { name: 'source_url', label: ctx.text('cities.editor.sourceUrl'), maxlength: 2000 },
            ]}
          />
          <button type="submit" class="button">
            {t('cities.editor.saveFact')}
          </button>
        </PostForm>

        <h2>{t('cities.networks')}</h2>
        {city.networks.length === 0 ? (
          <p>{t('cities.none')}</p>
        ) : (
          <ul class="plain-list">
            {city.networks.map((n) => (
              <li>
                <a href={n.url} rel="nofollow" safe>
                  {n.name}
                </a>{' '}
                <PostForm
                  action={ctx.href(`${edit}/networks/${n.id}/delete`)}
                  csrfToken={ctx.csrfToken ?? ''}
                  class="inline-form"
                >
                  <button type="submit" class="link-button">
                    {t('cities.editor.remove')}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        )}
        <h3>{t('cities.editor.addNetwork')}</h3>
        <ErrorSummary ctx={ctx} problems={network.problems} />
        <PostForm action={ctx.href(`${edit}/networks`)} csrfToken={ctx.csrfToken ?? ''}>
          <FormFields
            ctx={ctx}
            problems={network.problems}
            values={network.values}
            fields={[
              { name: 'name', label: ctx.text('cities.editor.networkName'), maxlength: 200 },
              { name: 'url', label: ctx.text('cities.editor.networkUrl'), maxlength: 2000 },
            ]}
          />
          <button type="submit" class="button">
            {t('cities.editor.saveNetwork')}
          </button>
        </PostForm>
      </div>
    </Layout>
  );
}
