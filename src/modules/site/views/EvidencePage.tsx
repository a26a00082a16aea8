import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { EvidenceBadge } from '../../../views/components/EvidenceBadge.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { EVIDENCE_LEVELS } from '../../practices/index.ts';

export function EvidencePage({ ctx }: { ctx: ViewContext }) {
  const { t } = ctx;
  const criteriaOf = (level: string) =>
    ctx.text(`evidence.${level}.criteria` as MessageKey).split('\n');
  return (
    <Layout ctx={ctx} title={ctx.text('evidence.title')} description={ctx.text('evidence.lead')}>
      <article class="prose">
        <h1>{t('evidence.title')}</h1>
        <p class="lead">{t('evidence.lead')}</p>
        <dl class="evidence-scale">
          {EVIDENCE_LEVELS.map((level) => (
            <div class="evidence-scale__level" id={level}>
              <dt>
                <EvidenceBadge ctx={ctx} level={level} link={false} />
              </dt>
              <dd>
                <p>{t(`evidence.${level}.definition` as MessageKey)}</p>
                <p class="evidence-scale__criteria-title">{t('evidence.criteria')}</p>
                <ul>
                  {criteriaOf(level).map((criterion) => (
                    <li safe>{criterion}</li>
                  ))}
                </ul>
                <p>
                  <a href={ctx.href(`/practices?evidence=${level}`)}>
                    {t('evidence.seePractices')}
                  </a>
                </p>
              </dd>
            </div>
          ))}
        </dl>
        <h2>{t('evidence.process.heading')}</h2>
        <p>{t('evidence.process.body')}</p>
        <h2>{t('evidence.basis.heading')}</h2>
        <p>{t('evidence.basis.body')}</p>
      </article>
    </Layout>
  );
}
