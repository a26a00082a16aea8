import type { PropsWithChildren } from '@kitajs/html';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { listSeparator, listText, PlaceName } from '../../../views/components/PlaceName.tsx';
import { years } from '../../../views/components/PracticeCard.tsx';
import { queryString } from '../../../views/context.ts';
import type { ConceptRef } from '../practice.service.ts';
import type { PracticeDetail } from '../practice-detail.service.ts';

/** The column of key facts beside a practice's text. */

function ConceptList({
  ctx,
  items,
  filter,
}: {
  ctx: ViewContext;
  items: ConceptRef[];
  filter: string;
}) {
  return (
    <ul class="inline-list">
      {items.map((item) => (
        <li>
          <a href={ctx.href(`/practices${queryString({ [filter]: item.id })}`)} safe>
            {item.label}
          </a>
        </li>
      ))}
    </ul>
  );
}

function Fact({ label, children }: PropsWithChildren<{ label: string }>) {
  return (
    <div class="facts__row">
      <dt safe>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

/** The key facts of a practice: place, kind, dates, organisations, evidence and concepts. */
export function PracticeFacts({
  ctx,
  practice: p,
  preview,
  reviewMark,
}: {
  ctx: ViewContext;
  practice: PracticeDetail;
  preview: boolean;
  reviewMark: boolean;
}) {
  const { t } = ctx;
  const place = p.cityName ?? p.city?.name;
  const cityMarkup: JSX.Element | null = !place ? null : p.city && !preview ? (
    <a href={ctx.href(`/cities/${p.city.id}`)} safe>
      {place}
    </a>
  ) : (
    <span safe>{place}</span>
  );
  const span = years(ctx, p.startYear, p.endYear, p.status);
  const lead = p.organisations.filter((o) => o.role === 'lead');
  const others = p.organisations.filter((o) => o.role !== 'lead');
  return (
    <section class="facts panel" aria-labelledby="facts-heading" lang={ctx.locale} dir={ctx.dir}>
      <h2 id="facts-heading" class="facts__title">
        {t('practice.facts')}
      </h2>
      <dl class="facts__list">
        <Fact label={ctx.text('practice.fact.place')}>
          <PlaceName
            ctx={ctx}
            city={cityMarkup}
            country={
              <a href={ctx.href(`/countries/${p.country.code}`)} safe>
                {p.country.name}
              </a>
            }
          />
          {p.regions.length > 0 ? (
            <>
              {' ('}
              {p.regions.slice(0, 2).map((r, i) => (
                <>
                  {i > 0 ? listSeparator(ctx.locale) : ''}
                  <a href={ctx.href(`/regions/${r.code}`)} safe>
                    {r.name}
                  </a>
                </>
              ))}
              {')'}
            </>
          ) : (
            ''
          )}
        </Fact>
        {p.level ? (
          <Fact label={ctx.text('practice.fact.level')}>{t(`level.${p.level}` as MessageKey)}</Fact>
        ) : (
          ''
        )}
        {p.type ? (
          <Fact label={ctx.text('practice.fact.type')}>
            <a href={ctx.href(`/practices${queryString({ type: p.type })}`)}>
              {t(`type.${p.type}` as MessageKey)}
            </a>
          </Fact>
        ) : (
          ''
        )}
        {p.status || span ? (
          <Fact label={ctx.text('practice.fact.status')}>
            {p.status ? t(`status.${p.status}` as MessageKey) : ''}
            {p.status && span ? listSeparator(ctx.locale) : ''}
            <span safe>{span}</span>
          </Fact>
        ) : (
          ''
        )}
        {lead.length > 0 ? (
          <Fact label={ctx.text('practice.fact.lead')}>
            <span safe>
              {listText(
                ctx.locale,
                lead.map((o) => o.name),
              )}
            </span>
          </Fact>
        ) : (
          ''
        )}
        {others.length > 0 ? (
          <Fact label={ctx.text('practice.fact.partners')}>
            <span safe>
              {listText(
                ctx.locale,
                others.map((o) => o.name),
              )}
            </span>
          </Fact>
        ) : (
          ''
        )}
        <Fact label={ctx.text('practice.fact.evidence')}>
          <EvidenceBadge ctx={ctx} level={p.evidenceLevel} />{' '}
          <a href={ctx.href('/evidence')}>{t('practice.evidenceScale')}</a>
          {p.evidenceJustification ? (
            <p class="facts__note" safe>
              {p.evidenceJustification}
            </p>
          ) : (
            ''
          )}
          {p.peerReview ? (
            <p class="facts__note peer-review">
              {t('practice.peerReviewed', {
                count: p.peerReview.reviewers,
                date: ctx.date(p.peerReview.decidedAt),
              })}
              {p.peerReview.override ? (
                <>
                  {' '}
                  {t('practice.reviewOverride')}{' '}
                  <q dir="auto" safe>
                    {p.peerReview.override}
                  </q>
                </>
              ) : (
                ''
              )}
            </p>
          ) : reviewMark && !preview ? (
            <p class="facts__note peer-review">{t('practice.notPeerReviewed')}</p>
          ) : (
            ''
          )}
        </Fact>
        {p.policyAreas.length > 0 ? (
          <Fact label={ctx.text('practice.fact.policyAreas')}>
            <ConceptList ctx={ctx} items={p.policyAreas} filter="policy_area" />
          </Fact>
        ) : (
          ''
        )}
        <Fact label={ctx.text('practice.fact.themes')}>
          <ul class="inline-list">
            {p.themes.map((item) => (
              <li>
                <a href={ctx.href(`/themes/${item.id}`)} safe>
                  {item.label}
                </a>
              </li>
            ))}
          </ul>
        </Fact>
        {p.targetGroups.length > 0 ? (
          <Fact label={ctx.text('practice.fact.targetGroups')}>
            <ConceptList ctx={ctx} items={p.targetGroups} filter="target_group" />
          </Fact>
        ) : (
          ''
        )}
        {p.actorTypes.length > 0 ? (
          <Fact label={ctx.text('practice.fact.actorTypes')}>
            <ConceptList ctx={ctx} items={p.actorTypes} filter="actor_type" />
          </Fact>
        ) : (
          ''
        )}
        {p.gcmObjectives.length > 0 ? (
          <Fact label={ctx.text('practice.fact.gcm')}>
            <ul class="inline-list">
              {p.gcmObjectives.map((g) => (
                <li>
                  <span>{t('practice.gcmObjective', { number: g.id, label: g.label })}</span>
                </li>
              ))}
            </ul>
          </Fact>
        ) : (
          ''
        )}
        {p.sdgTargets.length > 0 ? (
          <Fact label={ctx.text('practice.fact.sdg')}>
            <ul class="inline-list">
              {p.sdgTargets.map((g) => (
                <li>
                  <span>{t('practice.sdgTarget', { number: g.id, label: g.label })}</span>
                </li>
              ))}
            </ul>
          </Fact>
        ) : (
          ''
        )}
      </dl>
    </section>
  );
}
