import type { ViewContext } from '../../../core/http/view-context.ts';
import { DataTable } from '../../../views/components/ScrollTable.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';

export interface OpenApiDocument {
  info: { title: string; version: string; description?: string };
  paths: Record<
    string,
    Record<
      string,
      {
        summary?: string;
        description?: string;
        parameters?: { name: string; in: string; description?: string; required?: boolean }[];
      }
    >
  >;
}

/** A readable index of the API, generated from the same OpenAPI document served at /openapi.json. */
export function ApiDocsPage({ ctx, document }: { ctx: ViewContext; document: OpenApiDocument }) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('api.title')} description={ctx.text('api.lead')}>
      <article class="prose">
        <h1>{t('api.title')}</h1>
        <p class="lead">{t('api.lead')}</p>
        <p>
          <a href="/openapi.json" type="application/json">
            {t('api.openapi')}
          </a>
        </p>
        {Object.entries(document.paths).map(([path, operations]) =>
          Object.entries(operations).map(([method, op]) => (
            <section class="api-operation">
              <h2>
                <code safe>{`${method.toUpperCase()} ${path}`}</code>
              </h2>
              {op.summary ? <p safe>{op.summary}</p> : ''}
              {op.description ? (
                <p class="muted" safe>
                  {op.description}
                </p>
              ) : (
                ''
              )}
              {op.parameters && op.parameters.length > 0 ? (
                <DataTable
                  label={ctx.text('api.parameters')}
                  columns={[t('api.parameter'), t('api.in'), t('api.description')]}
                >
                  {op.parameters.map((p) => (
                    <tr>
                      <td>
                        <code safe>{p.name}</code>
                        {p.required ? ' *' : ''}
                      </td>
                      <td safe>{p.in}</td>
                      <td safe>{p.description ?? ''}</td>
                    </tr>
                  ))}
                </DataTable>
              ) : (
                ''
              )}
            </section>
          )),
        )}
      </article>
    </Layout>
  );
}
