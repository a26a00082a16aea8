import type { FastifyRequest } from 'fastify';
import { viewOf } from '../../core/http/render.ts';
import { DOWNLOAD_MAX_ROWS, type Table } from '../../core/http/tabular-download.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import type { Db } from '../../db/connect.ts';
import { allDayDate, type EventWhen } from './event.model.ts';
import { eventUrl } from './event.presenter.ts';
import { listEvents } from './event.service.ts';

function countryName(locale: string, code: string | null): string {
  if (!code) return '';
  try {
    return new Intl.DisplayNames([locale], { type: 'region' }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The coming or past events, as the events page lists them, as a table in the reader's language. */
export async function eventTable(db: Db, request: FastifyRequest, when: EventWhen): Promise<Table> {
  const ctx = viewOf(request);
  const list = await listEvents(db, request.locale, {
    when,
    page: 1,
    perPage: DOWNLOAD_MAX_ROWS,
  });
  const yesNo = (value: boolean) => ctx.text(value ? 'download.yes' : 'download.no');
  return {
    columns: [
      ctx.text('download.column.title'),
      ctx.text('download.column.link'),
      ctx.text('download.column.type'),
      ctx.text('download.column.starts'),
      ctx.text('download.column.ends'),
      ctx.text('download.column.timeZone'),
      ctx.text('download.column.venue'),
      ctx.text('download.column.city'),
      ctx.text('download.column.country'),
      ctx.text('download.column.online'),
      ctx.text('download.column.language'),
    ],
    rows: list.items.map((event) => [
      event.title,
      eventUrl(ctx.publicUrl, request.locale, event.slug),
      ctx.text(`events.type.${event.type}` as MessageKey),
      event.allDay ? allDayDate(event.startsAt) : utc(event.startsAt),
      event.allDay ? allDayDate(event.endsAt) : utc(event.endsAt),
      event.timeZone,
      event.venue?.name ?? '',
      event.venue?.city ?? '',
      countryName(request.locale, event.venue?.country ?? null),
      yesNo(event.online),
      ctx.language(event.displayLanguage),
    ]),
  };
}

/** "2009-09-28 13:00": a spreadsheet reads it as a date and time (an all-day event's, as a date). */
function utc(iso: string): string {
  return new Date(iso).toISOString().slice(0, 16).replace('T', ' ');
}
