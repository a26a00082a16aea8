import type { FastifyReply, FastifyRequest } from 'fastify';
import { type Static, Type } from 'typebox';
import type { FieldProblem } from '../errors.ts';
import { LOCALES } from '../i18n/locales.ts';
import { handleForm } from './form-outcome.ts';
import { formBody, textField } from './schemas.ts';
import type { TypedApp } from './typed-app.ts';

/** What the edit page is given to show a refused translation again beside its problems. */
export interface RefusedTranslation {
  /** The language posted to, when it is one of the site's. */
  locale?: string;
  values: Record<string, string>;
  problems: FieldProblem[];
}

/** An edit page's query: the language of the translation to show, and what was just saved. */
export const translationEditQuery = Type.Object({
  lang: Type.Optional(Type.String({ maxLength: 10 })),
  saved: Type.Optional(Type.String({ maxLength: 20 })),
});

/** What an edit page with a translation form is drawn from, besides the content itself. */
export type TranslationEditOptions = Static<typeof translationEditQuery> & {
  values?: Record<string, string | string[]>;
  problems?: FieldProblem[];
  translation?: RefusedTranslation;
  status?: number;
};

/**
 * The language whose translation the edit page shows: the one just refused, else the one asked
 * for, else the first of the site's languages other than the original.
 */
export function translationLocale(
  original: string,
  asked: string | undefined,
  refused: RefusedTranslation | undefined,
): string {
  const others = LOCALES.filter((l) => l !== original);
  return refused?.locale ?? others.find((l) => l === asked) ?? others[0] ?? 'fr';
}

/**
 * The POST route of a content type's translation form (`/editor/events/:slug/translations/:locale`):
 * the form's `tr_<field>` values go to the module's save; refused input shows the edit page again,
 * a saved translation goes back to it.
 *
 *   registerTranslationRoute(app, {
 *     path: '/editor/events/:slug/translations/:locale',
 *     fields: ['title', 'description'],
 *     save: (request, slug, locale, values) => saveEventTranslation(app.db, request.actor, slug, locale, values),
 *     editPath: (slug) => `/editor/events/${slug}/edit`,
 *     showAgain: (request, reply, slug, refused) => editPage(request, reply, slug, refused),
 *   });
 */
export function registerTranslationRoute(
  app: TypedApp,
  options: {
    path: string;
    fields: readonly string[];
    bodyLimit: number;
    save: (
      request: FastifyRequest,
      slug: string,
      locale: string,
      values: Record<string, string | undefined>,
    ) => Promise<void>;
    editPath: (slug: string) => string;
    showAgain: (
      request: FastifyRequest,
      reply: FastifyReply,
      slug: string,
      refused: RefusedTranslation,
    ) => Promise<unknown>;
  },
) {
  const body = formBody(
    Object.fromEntries(
      options.fields.map((name) => [`tr_${name}`, textField({ max: options.bodyLimit })]),
    ),
  );
  app.post(
    options.path,
    {
      config: { access: 'editor' },
      bodyLimit: options.bodyLimit,
      schema: {
        hide: true,
        params: Type.Object({
          slug: Type.String({ maxLength: 200 }),
          locale: Type.String({ maxLength: 10 }),
        }),
        body,
      },
    },
    async (request, reply) => {
      const { slug, locale } = request.params;
      const typed: Record<string, string | undefined> = request.body;
      const values = Object.fromEntries(options.fields.map((name) => [name, typed[`tr_${name}`]]));
      return handleForm(request, reply, {
        run: () => options.save(request, slug, locale, values),
        onInvalid: (problems) =>
          options.showAgain(request, reply, slug, {
            locale: (LOCALES as readonly string[]).includes(locale) ? locale : undefined,
            values: Object.fromEntries(
              options.fields.map((name) => [`tr_${name}`, values[name] ?? '']),
            ),
            problems: problems.map((p) => ({ ...p, field: `tr_${p.field}` })),
          }),
        onDone: () => `${options.editPath(slug)}?lang=${locale}&saved=translation`,
      });
    },
  );
}
