import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import type { AppError } from '../../core/errors.ts';
import { formBody, textField } from '../../core/http/schemas.ts';
import { DESCRIPTION_MAX } from './organisation-editing.service.ts';

// What the directory's pages share: their parameters, their one form schema, and how they answer.

export const slugParams = Type.Object({ slug: Type.String({ maxLength: 200 }) });
export const invitationParams = Type.Object({ token: Type.String({ maxLength: 200 }) });
export const claimParams = Type.Object({ id: Type.String({ pattern: '^[0-9]{1,9}$' }) });
export const memberParams = Type.Object({
  slug: Type.String({ maxLength: 200 }),
  userId: Type.String({ pattern: '^[0-9]{1,9}$' }),
});
/** The directory's forms' fields, bounded; the service checks what they mean. */
export const organisationForm = formBody({
  name: textField(),
  type: textField(),
  country: textField(),
  city: textField(),
  website: textField(),
  // The service's own limit, so that a text too long is told the limit shown under the field.
  description: textField({ max: DESCRIPTION_MAX }),
  description_locale: textField(),
  email: textField(),
  role: textField(),
  listed: textField(),
  into: textField(),
  role_title: textField(),
  note: textField({ max: 2000 }),
  link: textField(),
  reason: textField({ max: 2000 }),
});

/** What was typed, to show again beside the problems; never the CSRF token. */
export function keep(body: unknown): Record<string, string> {
  const values: Record<string, string> = {};
  if (typeof body !== 'object' || body === null) return values;
  for (const [key, value] of Object.entries(body))
    if (key !== '_csrf' && typeof value === 'string') values[key] = value;
  return values;
}

/** A name already taken is told beside the field, with its 409. */
export const nameTaken = (error: AppError) => error.status === 409;

/** How the directory's pages answer: never cached (they show what one person may do), and after a post, a redirect in the reader's language. */
export interface Answer {
  page: (reply: FastifyReply, html: JSX.Element, status?: number) => unknown;
  go: (request: FastifyRequest, reply: FastifyReply, path: string) => unknown;
}
