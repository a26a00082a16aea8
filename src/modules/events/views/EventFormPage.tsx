import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import { EditorFormPage } from '../../../views/components/EditorFormPage.tsx';
import {
  type Choice,
  ChoiceGroup,
  Field,
  formValues,
  SelectField,
  TextArea,
  timeZoneChoices,
} from '../../../views/components/Form.tsx';
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
      <Field
        ctx={ctx}
        name="title"
        label={ctx.text('events.field.title')}
        problems={problems}
        value={v('title')}
        maxlength={300}
      />
      <SelectField
        ctx={ctx}
        name="type"
        label={ctx.text('events.field.type')}
        problems={problems}
        value={v('type')}
        choices={types}
      />
      <SelectField
        ctx={ctx}
        name="language"
        label={ctx.text('events.field.language')}
        problems={problems}
        value={v('language') ?? 'en'}
        choices={languages}
      />
      <TextArea
        ctx={ctx}
        name="description"
        label={ctx.text('events.field.description')}
        problems={problems}
        value={v('description')}
        maxlength={20_000}
        rows={8}
      />
      <ChoiceGroup
        ctx={ctx}
        name="all_day"
        label={ctx.text('events.field.times')}
        problems={problems}
        values={allDay ? ['1'] : []}
        choices={[{ value: '1', label: ctx.text('events.field.allDay') }]}
      />
      <Field
        ctx={ctx}
        type={dateType}
        name="starts_at"
        label={ctx.text('events.starts')}
        problems={problems}
        value={moment('starts_at')}
      />
      <Field
        ctx={ctx}
        type={dateType}
        name="ends_at"
        label={ctx.text('events.ends')}
        problems={problems}
        value={moment('ends_at')}
      />
      <SelectField
        ctx={ctx}
        name="time_zone"
        label={ctx.text('events.field.timeZone')}
        hint={ctx.text('events.field.timeZoneHint')}
        problems={problems}
        value={v('time_zone') ?? 'UTC'}
        choices={timeZoneChoices(timeZones)}
      />
      <Field
        ctx={ctx}
        name="venue_name"
        label={ctx.text('events.field.venueName')}
        problems={problems}
        value={v('venue_name')}
        maxlength={300}
      />
      <Field
        ctx={ctx}
        name="venue_address"
        label={ctx.text('events.field.venueAddress')}
        problems={problems}
        value={v('venue_address')}
        maxlength={500}
      />
      <Field
        ctx={ctx}
        name="venue_city"
        label={ctx.text('events.field.venueCity')}
        problems={problems}
        value={v('venue_city')}
        maxlength={200}
      />
      <Field
        ctx={ctx}
        name="venue_country"
        label={ctx.text('events.field.venueCountry')}
        problems={problems}
        value={v('venue_country')}
        maxlength={2}
      />
      <ChoiceGroup
        ctx={ctx}
        name="online"
        label={ctx.text('events.field.online')}
        problems={problems}
        values={v('online') ? ['1'] : []}
        choices={[{ value: '1', label: ctx.text('events.online') }]}
      />
      <Field
        ctx={ctx}
        name="webcast_url"
        label={ctx.text('events.webcast')}
        problems={problems}
        value={v('webcast_url')}
      />
      <Field
        ctx={ctx}
        name="recording_url"
        label={ctx.text('events.recording')}
        problems={problems}
        value={v('recording_url')}
      />
      <Field
        ctx={ctx}
        name="captions_url"
        label={ctx.text('events.captions')}
        problems={problems}
        value={v('captions_url')}
      />
      <TextArea
        ctx={ctx}
        name="organisations"
        label={ctx.text('events.field.organisations')}
        hint={ctx.text('events.field.organisationsHint')}
        problems={problems}
        value={v('organisations')}
        rows={4}
      />
      <TextArea
        ctx={ctx}
        name="speakers"
        label={ctx.text('events.speakers')}
        hint={ctx.text('events.field.speakersHint')}
        problems={problems}
        value={v('speakers')}
        rows={5}
      />
      <TextArea
        ctx={ctx}
        name="agenda"
        label={ctx.text('events.agenda')}
        hint={ctx.text('events.field.agendaHint')}
        problems={problems}
        value={v('agenda')}
        rows={5}
      />
      <TextArea
        ctx={ctx}
        name="documents"
        label={ctx.text('events.documents')}
        hint={ctx.text('events.field.documentsHint')}
        problems={problems}
        value={v('documents')}
        rows={3}
      />
      <TextArea
        ctx={ctx}
        name="practices"
        label={ctx.text('events.practices')}
        hint={ctx.text('events.field.practicesHint')}
        problems={problems}
        value={v('practices')}
        rows={3}
      />
    </EditorFormPage>
  );
}
