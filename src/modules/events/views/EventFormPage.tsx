import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { EditorFormPage } from '../../../views/components/EditorFormPage.tsx';
import { type Choice, formValues, timeZoneChoices } from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import {
  TranslationForm,
  type TranslationState,
} from '../../../views/components/TranslationForm.tsx';

/** The editor's form of an event, with its translation into one other language when it exists. */
export interface EventFormPageProps {
  ctx: ViewContext;
  /** The event being edited, when it is not a new one. */
  event?: { slug: string; title: string; language: string };
  values: Record<string, string | string[]>;
  problems: FieldProblem[];
  timeZones: string[];
  types: Choice[];
  languages: Choice[];
  translation?: TranslationState;
  saved?: boolean;
}

export function EventFormPage({
  ctx,
  event,
  values,
  problems,
  timeZones,
  types,
  languages,
  translation,
  saved,
}: EventFormPageProps) {
  const { t } = ctx;
  const v = formValues(values);
  // An all-day event is edited as dates; the site script swaps the fields when the box changes.
  const allDay = v('all_day') === '1';
  const dateType = allDay ? 'date' : 'datetime-local';
  // A date field shows nothing for a date-time, as sent by the form without its script.
  const moment = (name: string) => {
    const x = v(name);
    return allDay && x && /^\d{4}-\d{2}-\d{2}T/.test(x) ? x.slice(0, 10) : x;
  };
  const heading = event
    ? ctx.text('events.editTitle', { title: event.title })
    : ctx.text('events.new');
  const translationForm =
    event && translation
      ? () => (
          <TranslationForm
            ctx={ctx}
            id="event"
            editPath={`/editor/events/${event.slug}/edit`}
            actionPath={`/editor/events/${event.slug}/translations`}
            original={event.language}
            languages={languages}
            translation={translation}
            fields={[
              { name: 'title', label: 'events.field.title', maxlength: 300 },
              { name: 'description', label: 'events.field.description', rows: 8 },
            ]}
            text={{
              heading: 'events.translation',
              language: 'events.translationLanguage',
              choose: 'events.chooseLanguage',
              saved: 'events.saved',
              save: 'events.saveTranslation',
            }}
          />
        )
      : undefined;
  return (
    <EditorFormPage
      ctx={ctx}
      heading={heading}
      back={<a href={ctx.href(event ? `/events/${event.slug}` : '/events')}>{t('events.title')}</a>}
      saved={saved ? ctx.text('events.saved') : undefined}
      problems={problems}
      action={ctx.href(event ? `/editor/events/${event.slug}/edit` : '/editor/events/new')}
      warnUnsaved
      submit={event ? ctx.text('events.save') : ctx.text('events.create')}
      after={translationForm}
    >
      <FormFields
        ctx={ctx}
        problems={problems}
        values={values}
        fields={[
          { name: 'title', label: ctx.text('events.field.title'), maxlength: 300 },
          { kind: 'select', name: 'type', label: ctx.text('events.field.type'), choices: types },
          {
            kind: 'select',
            name: 'language',
            label: ctx.text('events.field.language'),
            value: v('language') ?? 'en',
            choices: languages,
          },
          {
            kind: 'area',
            name: 'description',
            label: ctx.text('events.field.description'),
            maxlength: 20_000,
            rows: 8,
          },
          {
            kind: 'box',
            name: 'all_day',
            label: ctx.text('events.field.times'),
            box: ctx.text('events.field.allDay'),
            checked: allDay,
          },
          {
            type: dateType,
            name: 'starts_at',
            label: ctx.text('events.starts'),
            value: moment('starts_at'),
          },
          {
            type: dateType,
            name: 'ends_at',
            label: ctx.text('events.ends'),
            value: moment('ends_at'),
          },
          {
            kind: 'select',
            name: 'time_zone',
            label: ctx.text('events.field.timeZone'),
            hint: ctx.text('events.field.timeZoneHint'),
            value: v('time_zone') ?? 'UTC',
            choices: timeZoneChoices(timeZones),
          },
          { name: 'venue_name', label: ctx.text('events.field.venueName'), maxlength: 300 },
          { name: 'venue_address', label: ctx.text('events.field.venueAddress'), maxlength: 500 },
          { name: 'venue_city', label: ctx.text('events.field.venueCity'), maxlength: 200 },
          { name: 'venue_country', label: ctx.text('events.field.venueCountry'), maxlength: 2 },
          {
            kind: 'box',
            name: 'online',
            label: ctx.text('events.field.online'),
            box: ctx.text('events.online'),
          },
          { name: 'webcast_url', label: ctx.text('events.webcast') },
          { name: 'recording_url', label: ctx.text('events.recording') },
          { name: 'captions_url', label: ctx.text('events.captions') },
          {
            kind: 'area',
            name: 'organisations',
            label: ctx.text('events.field.organisations'),
            hint: ctx.text('events.field.organisationsHint'),
            rows: 4,
          },
          {
            kind: 'area',
            name: 'speakers',
            label: ctx.text('events.speakers'),
            hint: ctx.text('events.field.speakersHint'),
            rows: 5,
          },
          {
            kind: 'area',
            name: 'agenda',
            label: ctx.text('events.agenda'),
            hint: ctx.text('events.field.agendaHint'),
            rows: 5,
          },
          {
            kind: 'area',
            name: 'documents',
            label: ctx.text('events.documents'),
            hint: ctx.text('events.field.documentsHint'),
            rows: 3,
          },
          {
            kind: 'area',
            name: 'practices',
            label: ctx.text('events.practices'),
            hint: ctx.text('events.field.practicesHint'),
            rows: 3,
          },
        ]}
      />
    </EditorFormPage>
  );
}
