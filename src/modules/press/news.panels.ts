import type { EventPanel } from '../events/index.ts';
import { listPressForEvent } from './news.service.ts';
import { EventPress } from './views/EventPress.tsx';

/** The press items about an event, on the event's page (registered in app.ts). */
export const eventPressPanel: EventPanel = async ({ db, request, ctx, event }) =>
  EventPress({ ctx, items: await listPressForEvent(db, event.id, request.locale) });
