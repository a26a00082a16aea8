import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { EditorFormPage } from '../../../views/components/EditorFormPage.tsx';
import { type Choice, formValues, timeZoneChoices } from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { CallView } from '../call.service.ts';

/** The editors' pages for calls for practices: the list and the form. */

export interface CallFormPageProps {
  ctx: ViewContext;
  call?: CallView;
  values: Record<string, string | string[]>;
  problems: FieldProblem[];
  themes: Choice[];
  timeZones: string[];
}

export function CallFormPage({
  ctx,
  call,
  values,
  problems,
  themes,
  timeZones,
}: CallFormPageProps) {
  const { t } = ctx;
  const v = formValues(values);
  const heading = call ? ctx.text('call.edit', { title: call.title }) : ctx.text('call.new');
  return (
    <EditorFormPage
      ctx={ctx}
      heading={heading}
      back={<a href={ctx.href('/editor/calls')}>{t('editor.calls')}</a>}
      problems={problems}
      action={ctx.href(call ? `/editor/calls/${call.id}` : '/editor/calls')}
      submit={call ? ctx.text('call.save') : ctx.text('call.create')}
    >
      <FormFields
        ctx={ctx}
        problems={problems}
        values={values}
        fields={[
          { name: 'title', label: ctx.text('call.field.title'), maxlength: 300 },
          {
            kind: 'area',
            name: 'description',
            label: ctx.text('call.field.description'),
            maxlength: 20_000,
            rows: 8,
          },
          {
            kind: 'choices',
            name: 'themes',
            label: ctx.text('call.field.themes'),
            choices: themes,
          },
          { type: 'datetime-local', name: 'opens_at', label: ctx.text('call.field.opens_at') },
          { type: 'datetime-local', name: 'closes_at', label: ctx.text('call.field.closes_at') },
          {
            kind: 'select',
            name: 'time_zone',
            label: ctx.text('call.field.time_zone'),
            hint: ctx.text('call.timeZoneHint'),
            value: v('time_zone') ?? 'UTC',
            choices: timeZoneChoices(timeZones),
          },
        ]}
      />
    </EditorFormPage>
  );
}

export function EditorCallsPage({ ctx, calls }: { ctx: ViewContext; calls: CallView[] }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('editor.calls')} noindex>
      <p>
        <a href={ctx.href('/editor')}>{t('editor.backToQueue')}</a>
      </p>
      <h1>{t('editor.calls')}</h1>
      <p>
        <a class="button" href={ctx.href('/editor/calls/new')}>
          {t('call.new')}
        </a>
      </p>
      {calls.length === 0 ? (
        <p>{t('call.none')}</p>
      ) : (
        <ul class="plain-list">
          {calls.map((c) => (
            <li>
              <a href={ctx.href(`/editor/calls/${c.id}/edit`)} safe>
                {c.title}
              </a>{' '}
              <span class="muted">{t(`call.phase.${c.phase}` as MessageKey)}</span> ·{' '}
              <a href={ctx.href(`/calls/${c.slug}`)}>{t('call.publicPage')}</a>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}
