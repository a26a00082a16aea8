import type { EventInput } from './event.checks.ts';

/**
 * The editor's form writes lists as lines, cells split by "|" (a speaker: "name | title |
 * affiliation | part"). These turn lines into the items the API takes, and back.
 */
function rows(value: unknown): string[][] {
  const text = typeof value === 'string' ? value : Array.isArray(value) ? value.join('\n') : '';
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => line.split('|').map((cell) => cell.trim()));
}

function one(value: unknown): unknown {
  return Array.isArray(value) ? value[0] : value;
}

export function eventInputFromForm(body: Record<string, unknown>): EventInput {
  return {
    title: one(body.title),
    type: one(body.type),
    description: one(body.description),
    language: one(body.language),
    starts_at: one(body.starts_at),
    ends_at: one(body.ends_at),
    time_zone: one(body.time_zone),
    all_day: one(body.all_day) === '1',
    venue_name: one(body.venue_name),
    venue_address: one(body.venue_address),
    venue_city: one(body.venue_city),
    venue_country: one(body.venue_country),
    online: one(body.online) === '1',
    webcast_url: one(body.webcast_url),
    recording_url: one(body.recording_url),
    captions_url: one(body.captions_url),
    organisations: rows(body.organisations).map(([role, organisation]) => ({
      role: role?.toLowerCase(),
      organisation: organisation ?? '',
    })),
    speakers: rows(body.speakers).map(([name, title, affiliation, part]) => ({
      name,
      title,
      affiliation,
      part,
    })),
    agenda: rows(body.agenda).map(([starts_at, title, speakers]) => ({
      starts_at,
      title,
      speakers,
    })),
    documents: rows(body.documents).map(([title, url]) => ({ title, url })),
    practices: rows(body.practices).map(([slug]) => slug),
  };
}

const line = (...cells: (string | null | undefined)[]) => {
  const parts = cells.map((c) => c ?? '');
  while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.join(' | ');
};

type Item = Record<string, string | null | undefined>;

/** An event's input as the form's fields. */
export function formValuesOf(input: Required<EventInput>): Record<string, string> {
  const items = (value: unknown) => (Array.isArray(value) ? (value as Item[]) : []);
  const str = (value: unknown) => (typeof value === 'string' ? value : '');
  return {
    title: str(input.title),
    type: str(input.type),
    description: str(input.description),
    language: str(input.language),
    starts_at: str(input.starts_at),
    ends_at: str(input.ends_at),
    time_zone: str(input.time_zone),
    all_day: input.all_day === true ? '1' : '',
    venue_name: str(input.venue_name),
    venue_address: str(input.venue_address),
    venue_city: str(input.venue_city),
    venue_country: str(input.venue_country),
    online: input.online === true ? '1' : '',
    webcast_url: str(input.webcast_url),
    recording_url: str(input.recording_url),
    captions_url: str(input.captions_url),
    organisations: items(input.organisations)
      .map((o) => line(o.role, o.organisation))
      .join('\n'),
    speakers: items(input.speakers)
      .map((s) => line(s.name, s.title, s.affiliation, s.part))
      .join('\n'),
    agenda: items(input.agenda)
      .map((a) => line(a.starts_at, a.title, a.speakers))
      .join('\n'),
    documents: items(input.documents)
      .map((d) => line(d.title, d.url))
      .join('\n'),
    practices: (Array.isArray(input.practices) ? input.practices : []).join('\n'),
  };
}
