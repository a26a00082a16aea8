import type { ViewContext } from '../../../core/http/view-context.ts';
import type { CityAbout, CityProfile } from '../city.service.ts';

/**
 * What the city's municipality says of its city, on the city page: the context, what it offers
 * and looks for, its contact points and languages, who keeps it and when it last changed. The
 * texts carry the language they are written in, whatever the page's.
 */

/** A text as its paragraphs: a blank line between two starts a new one. */
function Paragraphs({ text, language }: { text: string; language: string }) {
  return (
    <>
      {text.split(/\n\s*\n/).map((paragraph) => (
        <p lang={language} dir="auto" class="city-about__text" safe>
          {paragraph}
        </p>
      ))}
    </>
  );
}

function Part({
  ctx,
  id,
  title,
  text,
  language,
}: {
  ctx: ViewContext;
  id: string;
  title: 'cities.about.offers' | 'cities.about.lookingFor';
  text: string | null;
  language: string;
}) {
  if (!text) return '';
  return (
    <>
      <h3 id={id}>{ctx.t(title)}</h3>
      <Paragraphs text={text} language={language} />
    </>
  );
}

function Contacts({ ctx, about }: { ctx: ViewContext; about: CityAbout }) {
  if (about.contacts.length === 0) return '';
  return (
    <>
      <h3 id="city-contacts">{ctx.t('cities.about.contacts')}</h3>
      <ul class="plain-list">
        {about.contacts.map((contact) => (
          <li class="city-contact">
            <bdi class="city-contact__name" safe>
              {contact.name}
            </bdi>
            {contact.role ? (
              <bdi class="muted" safe>
                {contact.role}
              </bdi>
            ) : (
              ''
            )}
            {contact.email ? (
              <a href={`mailto:${contact.email}`} dir="ltr" safe>
                {contact.email}
              </a>
            ) : (
              ''
            )}
            {contact.url ? (
              <a href={contact.url} rel="nofollow" dir="ltr" safe>
                {contact.url}
              </a>
            ) : (
              ''
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export function CityAboutSection({ ctx, city }: { ctx: ViewContext; city: CityProfile }) {
  const { t } = ctx;
  const about = city.about;
  if (!about) return '';
  const languages = new Intl.ListFormat(ctx.locale, { type: 'conjunction' }).format(
    about.languages.map((tag) => ctx.language(tag)),
  );
  return (
    <section class="city-about" aria-labelledby="city-about">
      <h2 id="city-about">{t('cities.about.title')}</h2>
      {about.context ? <Paragraphs text={about.context} language={about.language} /> : ''}
      <Part
        ctx={ctx}
        id="city-offers"
        title="cities.about.offers"
        text={about.offers}
        language={about.language}
      />
      <Part
        ctx={ctx}
        id="city-looking-for"
        title="cities.about.lookingFor"
        text={about.lookingFor}
        language={about.language}
      />
      <Contacts ctx={ctx} about={about} />
      {languages !== '' ? (
        <>
          <h3 id="city-languages">{t('cities.about.languages')}</h3>
          <p safe>{languages}</p>
        </>
      ) : (
        ''
      )}
      <dl class="city-about__meta">
        <div>
          <dt>{t('cities.about.maintainedBy')}</dt>
          <dd>
            {city.municipalities.length > 0
              ? city.municipalities.map((m, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={ctx.href(`/organisations/${m.slug}`)} safe>
                      {m.name}
                    </a>
                  </>
                ))
              : t('cities.about.editors')}
          </dd>
        </div>
        <div>
          <dt>{t('cities.about.updated')}</dt>
          <dd>
            <time datetime={about.updatedAt} safe>
              {ctx.date(about.updatedAt)}
            </time>
          </dd>
        </div>
      </dl>
    </section>
  );
}
