import { ROLES } from '../../../core/actor.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { FactRow } from '../../../views/components/FactRow.tsx';
import { PostForm } from '../../../views/components/Form.tsx';
import { Pagination } from '../../../views/components/Pagination.tsx';
import { DataTable } from '../../../views/components/ScrollTable.tsx';
import { queryString } from '../../../views/context.ts';
import { Layout } from '../../../views/layout/Layout.tsx';

export interface AdminUserRow {
  id: number;
  name: string;
  email: string;
  role: string;
  organisation: string | null;
  email_verified_at: string | null;
  created_at: string;
}

export function AdminUsersPage({
  ctx,
  rows,
  total,
  page,
  perPage,
  q,
  role,
}: {
  ctx: ViewContext;
  rows: AdminUserRow[];
  total: number;
  page: number;
  perPage: number;
  q: string;
  role: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('admin.users.title')} noindex>
      <h1>{t('admin.users.title')}</h1>
      <p>
        <a href={ctx.href('/admin/audit')}>{t('admin.audit.title')}</a> ·{' '}
        <a href={ctx.href('/admin/status')}>{t('status.title')}</a>
      </p>
      <form method="get" action={ctx.href('/admin/users')} class="filters-inline">
        <div class="field">
          <label for="admin-q">{t('admin.users.search')}</label>
          <input id="admin-q" type="search" name="q" value={q} maxlength="200" />
        </div>
        <div class="field">
          <label for="admin-role">{t('admin.users.role')}</label>
          <select id="admin-role" name="role">
            <option value="">{t('filter.any')}</option>
            {ROLES.map((r) => (
              <option value={r} selected={r === role}>
                {t(`role.user.${r}` as MessageKey)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" class="button">
          {t('admin.users.find')}
        </button>
      </form>
      <p role="status">{t('admin.users.count', { count: total })}</p>
      <DataTable
        label={ctx.text('admin.users.title')}
        columns={[
          t('auth.field.name'),
          t('auth.field.email'),
          t('auth.field.organisation'),
          t('admin.users.role'),
          t('admin.users.created'),
        ]}
      >
        {rows.map((u) => (
          <tr>
            <td>
              <a href={ctx.href(`/admin/users/${u.id}`)} safe>
                {u.name}
              </a>
            </td>
            <td safe>{u.email}</td>
            <td safe>{u.organisation ?? ''}</td>
            <td>
              {t(`role.user.${u.role}` as MessageKey)}
              {u.email_verified_at ? (
                ''
              ) : (
                <span class="muted"> · {t('admin.users.unverified')}</span>
              )}
            </td>
            <td safe>{ctx.date(u.created_at)}</td>
          </tr>
        ))}
      </DataTable>
      <Pagination
        ctx={ctx}
        page={page}
        pageCount={Math.max(1, Math.ceil(total / perPage))}
        link={(n) =>
          ctx.href(
            `/admin/users${queryString({ q: q || undefined, role: role || undefined, page: n === 1 ? undefined : n })}`,
          )
        }
      />
    </Layout>
  );
}

export function AdminUserPage({
  ctx,
  user,
  canChangeRole,
  notice,
}: {
  ctx: ViewContext;
  user: {
    id: number;
    name: string;
    email: string;
    role: string;
    organisation: string | null;
    verified: boolean;
    createdAt: string;
  };
  canChangeRole: boolean;
  notice?: string;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={user.name} noindex>
      <nav class="breadcrumbs" aria-label={ctx.text('nav.breadcrumbs')}>
        <ol>
          <li>
            <a href={ctx.href('/admin/users')}>{t('admin.users.title')}</a>
          </li>
        </ol>
      </nav>
      <h1 safe>{user.name}</h1>
      {notice ? (
        <p class="notice notice--success" role="status" safe>
          {notice}
        </p>
      ) : (
        ''
      )}
      <dl class="facts__list panel">
        <FactRow label={t('auth.field.email')} text={user.email} />
        <FactRow label={t('auth.field.organisation')} text={user.organisation ?? '—'} />
        <div class="facts__row">
          <dt>{t('admin.users.created')}</dt>
          <dd
            safe
          >{`${ctx.date(user.createdAt)}${user.verified ? '' : ` · ${ctx.text('admin.users.unverified')}`}`}</dd>
        </div>
      </dl>
      <h2>{t('admin.users.role')}</h2>
      {canChangeRole ? (
        <PostForm action={ctx.href(`/admin/users/${user.id}/role`)} csrfToken={ctx.csrfToken ?? ''}>
          <div class="field">
            <label for="field-role">{t('admin.users.role')}</label>
            <select id="field-role" name="role">
              {ROLES.map((r) => (
                <option value={r} selected={r === user.role}>
                  {t(`role.user.${r}` as MessageKey)}
                </option>
              ))}
            </select>
          </div>
          <p class="field__hint">{t('admin.users.roleHint')}</p>
          <button type="submit" class="button">
            {t('admin.users.changeRole')}
          </button>
        </PostForm>
      ) : (
        <p>{t(`role.user.${user.role}` as MessageKey)}</p>
      )}
      <p>
        <a href={ctx.href(`/admin/audit${queryString({ user: String(user.id) })}`)}>
          {t('admin.audit.forUser')}
        </a>
      </p>
    </Layout>
  );
}

export interface AuditRow {
  id: number;
  action: string;
  subject_type: string | null;
  subject_id: string | null;
  details: string;
  created_at: string;
  actor_user_id: number | null;
  actor_name: string | null;
}

export function AdminAuditPage({
  ctx,
  rows,
  total,
  actions,
  filter,
  page,
  perPage,
}: {
  ctx: ViewContext;
  rows: AuditRow[];
  total: number;
  actions: string[];
  filter: { action: string; user: string; from: string; to: string };
  page: number;
  perPage: number;
}) {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={ctx.text('admin.audit.title')} noindex>
      <h1>{t('admin.audit.title')}</h1>
      <form method="get" action={ctx.href('/admin/audit')} class="filters-inline">
        <div class="field">
          <label for="audit-action">{t('admin.audit.action')}</label>
          <select id="audit-action" name="action">
            <option value="">{t('filter.any')}</option>
            {actions.map((a) => (
              <option value={a} selected={a === filter.action} safe>
                {a}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="audit-user">{t('admin.audit.user')}</label>
          <input
            id="audit-user"
            name="user"
            value={filter.user}
            inputmode="numeric"
            maxlength="12"
          />
        </div>
        <div class="field">
          <label for="audit-from">{t('admin.audit.from')}</label>
          <input id="audit-from" type="date" name="from" value={filter.from} />
        </div>
        <div class="field">
          <label for="audit-to">{t('admin.audit.to')}</label>
          <input id="audit-to" type="date" name="to" value={filter.to} />
        </div>
        <button type="submit" class="button">
          {t('admin.users.find')}
        </button>
      </form>
      <p role="status">{t('admin.audit.count', { count: total })}</p>
      <DataTable
        label={ctx.text('admin.audit.title')}
        columns={[
          t('admin.audit.when'),
          t('admin.audit.action'),
          t('admin.audit.who'),
          t('admin.audit.subject'),
          t('admin.audit.details'),
        ]}
      >
        {rows.map((row) => (
          <tr>
            <td>
              <time datetime={row.created_at} safe>
                {row.created_at.replace('T', ' ').slice(0, 19)}
              </time>
            </td>
            <td>
              <code safe>{row.action}</code>
            </td>
            <td safe>
              {row.actor_name ?? (row.actor_user_id === null ? '—' : `#${row.actor_user_id}`)}
            </td>
            <td>
              {row.subject_type === 'user' && row.subject_id ? (
                <a href={ctx.href(`/admin/users/${row.subject_id}`)} safe>
                  {`user #${row.subject_id}`}
                </a>
              ) : (
                <span>{row.subject_type ? `${row.subject_type} #${row.subject_id}` : ''}</span>
              )}
            </td>
            <td>
              <code safe>{row.details === '{}' ? '' : row.details}</code>
            </td>
          </tr>
        ))}
      </DataTable>
      <Pagination
        ctx={ctx}
        page={page}
        pageCount={Math.max(1, Math.ceil(total / perPage))}
        link={(n) =>
          ctx.href(
            `/admin/audit${queryString({ action: filter.action || undefined, user: filter.user || undefined, from: filter.from || undefined, to: filter.to || undefined, page: n === 1 ? undefined : n })}`,
          )
        }
      />
    </Layout>
  );
}
