import type { Generated, Selectable } from 'kysely';

export interface EventTable {
  id: Generated<number>;
  slug: string;
  /** roundtable | webinar | conference | workshop | other */
  type: string;
  title: string;
  description: string;
  /** BCP-47 tag of the original title and description. */
  language: string;
  /**
   * UTC instants; `time_zone` is where the event happens and how its times are edited. For an
   * all-day event, midnight UTC of its first and last days.
   */
  starts_at: string;
  ends_at: string;
  time_zone: string;
  /** 1 when only the dates are known (or the event fills whole days): no time of day is shown. */
  all_day: Generated<number>;
  venue_name: string | null;
  venue_address: string | null;
  venue_city: string | null;
  /** ISO 3166-1 alpha-2. */
  venue_country: string | null;
  /** 1 when people can attend online (with or without a venue). */
  online: number;
  webcast_url: string | null;
  recording_url: string | null;
  captions_url: string | null;
  created_by: number | null;
  created_at: string;
  updated_at: string;
}

export interface EventTranslationTable {
  event_id: number;
  locale: string;
  title: string | null;
  description: string | null;
  /** YYYY-MM-DD the translation was last saved; null for those made before it was kept. */
  translated_on: string | null;
}

export interface EventOrganisationTable {
  event_id: number;
  organisation_id: number;
  /** organiser | co-sponsor | partner */
  role: string;
  position: number;
}

export interface EventSpeakerTable {
  event_id: number;
  position: number;
  name: string;
  title: string | null;
  affiliation: string | null;
  /** The speaker's part, e.g. "opening remarks". */
  part: string | null;
}

export interface EventAgendaItemTable {
  event_id: number;
  position: number;
  starts_at: string | null;
  title: string;
  speakers: string | null;
}

export interface EventDocumentTable {
  event_id: number;
  position: number;
  title: string;
  url: string;
}

export interface EventPracticeTable {
  event_id: number;
  practice_id: number;
  position: number;
}

export type EventRow = Selectable<EventTable>;
