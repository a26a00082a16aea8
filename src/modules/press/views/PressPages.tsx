import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { EditorFormPage } from '../../../views/components/EditorFormPage.tsx';
import { EditorLink } from '../../../views/components/EditorLink.tsx';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { type Choice, formValues } from '../../../views/components/Form.tsx';
import { FormFields } from '../../../views/components/FormFields.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import {
  TranslationForm,
  type TranslationState,
} from '../../../views/components/TranslationForm.tsx';
import { TranslationNote } from '../../../views/components/TranslationNote.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import type { NewsDetail, NewsSummary } from '../news.service.ts';

function FeedLinks({ ctx }: { ctx: ViewContext }) {
  return (
    <ul class="inline-list">
      <li>
        <a href={ctx.href('/press/feed.atom')} type="application/atom+xml">
          Atom
        </a>
      </li>
      <li>
        <a href={ctx.href('/press/feed.rss')} type="application/rss+xml">
          RSS
        </a>
      </li>
    </ul>
  );
}

export function PressListPage({
  ctx,
  items,
  page,
  pageCount,
}: {
  ctx: ViewContext;
  items: NewsSummary[];
  page: number;
  pageCount: number;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('press.title')} description={ctx.text('press.lead')}>
      <h1>{t('press.title')}</h1>
      <p class="lead">{t('press.lead')}</p>
      <FeedLinks ctx={ctx} />
      <EditorLink ctx={ctx} action="news.manage" path="/editor/press/new">
        {t('press.new')}
      </EditorLink>
      {items.length === 0 ? (
        <p>{t('press.none')}</p>
      ) : (
        <ul class="plain-list">
          {items.map((item) => (
            <li>
              <h2>
                <a
                  href={ctx.href(`/press/${item.slug}`)}
                  hreflang={item.displayLanguage}
                  dir={directionOf(item.displayLanguage)}
                  safe
                >
                  {item.title}
                </a>
              </h2>
              <p class="muted">
                {t(`press.kind.${item.kind}` as MessageKey)} ·{' '}
                <time datetime={item.publishedOn} safe>
                  {ctx.date(item.publishedOn)}
                </time>
              </p>
              <p lang={item.displayLanguage} dir={directionOf(item.displayLanguage)} safe>
                {item.lead}
              </p>
            </li>
          ))}
        </ul>
      )}
      <Pagination
        ctx={ctx}
        page={page}
        pageCount={pageCount}
        link={(n) => ctx.href(`/press?page=${n}`)}
      />
    </Layout>
  );
}

export function PressItemPage({
  ctx,
  item,
  jsonLd,
}: {
  ctx: ViewContext;
  item: NewsDetail;
  jsonLd: Record<string, unknown>;
}) {
  const { t } = ctx;
  const [first, ...rest] = item.body.split(/\n{2,}/);
  return (
    <Layout
      ctx={ctx}
      title={item.title}
      description={(first ?? '').slice(0, 160)}
      ogType="article"
      jsonLd={jsonLd}
    >
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/press')}>{t('press.title')}</a>
          </li>
        </ol>
      </nav>
      <article lang={item.displayLanguage} dir={directionOf(item.displayLanguage)}>
        <p class="muted" lang={ctx.locale} dir={ctx.dir}>
          {t(`press.kind.${item.kind}` as MessageKey)}
        </p>
        <h1 safe>{item.title}</h1>
        {item.displayLanguage !== ctx.locale ? (
          <p class="notice" lang={ctx.locale} dir={ctx.dir}>
            {t('events.originalLanguage', { language: ctx.language(item.language) })}
          </p>
        ) : (
          ''
        )}
        <TranslationNote ctx={ctx} shown={item} />
        <p>
          {item.dateline ? <strong safe>{`${item.dateline}, `}</strong> : ''}
          <time datetime={item.publishedOn} safe>
            {ctx.date(item.publishedOn)}
          </time>
          {' – '}
          <span safe>{first ?? ''}</span>
        </p>
        {rest.map((p) => (
          <p safe>{p}</p>
        ))}
      </article>
      <aside class="facts" lang={ctx.locale} dir={ctx.dir}>
        <dl class="facts__list">
          {item.event ? (
            <FactRow label={t('press.event')}>
              <a href={ctx.href(`/events/${item.event.slug}`)} safe>
                {item.event.title}
              </a>
            </FactRow>
          ) : (
            ''
          )}
          {item.speakersAvailable ? (
            <FactRow
              label={t('press.interviews')}
              text={item.speakersNote ?? ctx.text('press.speakersAvailable')}
            />
          ) : (
            ''
          )}
          {item.contacts.length > 0 ? (
            <FactRow label={t('press.contacts')}>
              <ul class="plain-list">
                {item.contacts.map((c) => (
                  <li>
                    <strong safe>{c.name}</strong>
                    {c.role || c.organisation ? (
                      <span safe>{`, ${[c.role, c.organisation].filter(Boolean).join(', ')}`}</span>
                    ) : (
                      ''
                    )}
                    {c.phone ? (
                      <>
                        <br />
                        <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`} safe>
                          {c.phone}
                        </a>
                      </>
                    ) : (
                      ''
                    )}
                    {c.email ? (
                      <>
                        <br />
                        <a href={`mailto:${c.email}`} safe>
                          {c.email}
                        </a>
                      </>
                    ) : (
                      ''
                    )}
                  </li>
                ))}
              </ul>
            </FactRow>
          ) : (
            ''
          )}
          {item.organisations.length > 0 ? (
            <FactRow label={t('press.about')}>
              <ul class="plain-list">
                {item.organisations.map((o) => (
                  <li>
                    <a href={ctx.href(`/organisations/${o.slug}`)} safe>
                      {o.name}
                    </a>
                  </li>
                ))}
              </ul>
            </FactRow>
          ) : (
            ''
          )}
        </dl>
      </aside>
      <EditorLink ctx={ctx} action="news.manage" path={`/editor/press/${item.slug}/edit`}>
        {t('press.edit')}
      </EditorLink>
    </Layout>
  );
}

export function PressFormPage({
  ctx,
  item,
  values,
  problems,
  kinds,
  languages,
  translation,
}: {
  ctx: ViewContext;
  item?: { slug: string; title: string; language: string };
  values: Record<string, string | string[]>;
  problems: FieldProblem[];
  kinds: Choice[];
  languages: Choice[];
  translation?: TranslationState;
}) {
  const { t } = ctx;
  const v = formValues(values);
  const heading = item ? ctx.text('press.editTitle', { title: item.title }) : ctx.text('press.new');
  const translationForm =
    item && translation
      ? () => (
          <TranslationForm
            ctx={ctx}
            id="press"
            editPath={`/editor/press/${item.slug}/edit`}
            actionPath={`/editor/press/${item.slug}/translations`}
            original={item.language}
            languages={languages}
            translation={translation}
            fields={[
              { name: 'title', label: 'events.field.title', maxlength: 300 },
              { name: 'dateline', label: 'press.field.dateline', maxlength: 200 },
              { name: 'body', label: 'press.field.body', rows: 12 },
              { name: 'speakers_note', label: 'press.field.speakersNote', rows: 2 },
            ]}
            text={{
              heading: 'press.translation',
              language: 'press.translationLanguage',
              choose: 'press.chooseLanguage',
              saved: 'press.translationSaved',
              save: 'press.saveTranslation',
            }}
          />
        )
      : undefined;
  return (
    <EditorFormPage
      ctx={ctx}
      heading={heading}
      back={<a href={ctx.href('/press')}>{t('press.title')}</a>}
      problems={problems}
      action={ctx.href(item ? `/editor/press/${item.slug}/edit` : '/editor/press/new')}
      warnUnsaved
      submit={item ? ctx.text('events.save') : ctx.text('events.create')}
      after={translationForm}
    >
      <FormFields
        ctx={ctx}
        problems={problems}
        values={values}
        fields={[
          { kind: 'select', name: 'kind', label: ctx.text('press.field.kind'), choices: kinds },
          { name: 'title', label: ctx.text('events.field.title'), maxlength: 300 },
          {
            kind: 'select',
            name: 'language',
            label: ctx.text('events.field.language'),
            value: v('language') ?? 'en',
            choices: languages,
          },
          { name: 'dateline', label: ctx.text('press.field.dateline'), maxlength: 200 },
          { type: 'date', name: 'published_on', label: ctx.text('press.field.published') },
          {
            kind: 'area',
            name: 'body',
            label: ctx.text('press.field.body'),
            hint: ctx.text('press.field.bodyHint'),
            maxlength: 50_000,
            rows: 14,
          },
          {
            kind: 'box',
            name: 'speakers_available',
            label: ctx.text('press.interviews'),
            box: ctx.text('press.speakersAvailable'),
          },
          { name: 'speakers_note', label: ctx.text('press.field.speakersNote'), maxlength: 500 },
          {
            name: 'event',
            label: ctx.text('press.event'),
            hint: ctx.text('press.field.eventHint'),
          },
          {
            kind: 'area',
            name: 'contacts',
            label: ctx.text('press.contacts'),
            hint: ctx.text('press.field.contactsHint'),
            rows: 3,
          },
          {
            kind: 'area',
            name: 'organisations',
            label: ctx.text('press.about'),
            hint: ctx.text('press.field.organisationsHint'),
            rows: 3,
          },
        ]}
      />
    </EditorFormPage>
  );
}
