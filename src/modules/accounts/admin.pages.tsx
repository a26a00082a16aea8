import { Type } from 'typebox';
import { can } from '../../core/authz.ts';
import { type FieldProblem, ValidationError } from '../../core/errors.ts';
import { sendHtml, viewOf } from '../../core/http/render.ts';
import type { TypedApp } from '../../core/http/typed-app.ts';
import { readDate } from '../../core/validation.ts';
import type { AccountSlots } from './account.ports.ts';
import * as admin from './user-admin.service.ts';
import { AdminAuditPage, AdminUserPage, AdminUsersPage } from './views/AdminPages.tsx';

const PER_PAGE = 50;

export async function adminPages(
  app: TypedApp,
  { organisations }: Pick<AccountSlots, 'organisations'>,
) {
  app.get(
    '/admin/users',
    {
      config: { access: 'admin' },
      schema: {
        hide: true,
        querystring: Type.Object({
          q: Type.Optional(Type.String({ maxLength: 200 })),
          role: Type.Optional(Type.String({ maxLength: 20 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const page = q.page ?? 1;
      const result = await admin.listUsers(app.db, request.actor, {
        q: q.q,
        role: q.role,
        page,
        perPage: PER_PAGE,
      });
      reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        AdminUsersPage({
          ctx: viewOf(request),
          rows: result.rows,
          total: result.total,
          page,
          perPage: PER_PAGE,
          q: q.q ?? '',
          role: q.role ?? '',
        }),
      );
    },
  );

  const userParams = Type.Object({ id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }) });

  app.get(
    '/admin/users/:id',
    { config: { access: 'admin' }, schema: { hide: true, params: userParams } },
    async (request, reply) => {
      const { id } = request.params;
      const user = await admin.getUserForAdmin(app.db, request.actor, id, organisations);
      reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        AdminUserPage({
          ctx: viewOf(request),
          user,
          canChangeRole: can(request.actor, 'users.changeRole', { id: user.id }),
        }),
      );
    },
  );

  app.post(
    '/admin/users/:id/role',
    {
      config: { access: 'admin' },
      bodyLimit: 16 * 1024,
      schema: {
        hide: true,
        params: userParams,
        body: Type.Object({
          _csrf: Type.Optional(Type.String({ maxLength: 200 })),
          role: Type.Optional(Type.String({ maxLength: 20 })),
        }),
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const { tokensRevoked } = await admin.changeRole(
        app.db,
        request.actor,
        id,
        request.body.role,
      );
      const user = await admin.getUserForAdmin(app.db, request.actor, id, organisations);
      const ctx = viewOf(request);
      reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        AdminUserPage({
          ctx,
          user,
          canChangeRole: can(request.actor, 'users.changeRole', { id: user.id }),
          notice:
            tokensRevoked > 0
              ? ctx.text('admin.users.roleChangedTokens', { count: tokensRevoked })
              : ctx.text('admin.users.roleChanged'),
        }),
      );
    },
  );

  app.get(
    '/admin/audit',
    {
      config: { access: 'admin' },
      schema: {
        hide: true,
        querystring: Type.Object({
          action: Type.Optional(Type.String({ maxLength: 100 })),
          user: Type.Optional(Type.String({ maxLength: 12 })),
          from: Type.Optional(Type.String({ maxLength: 10 })),
          to: Type.Optional(Type.String({ maxLength: 10 })),
          page: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000, default: 1 })),
        }),
      },
    },
    async (request, reply) => {
      const q = request.query;
      const page = q.page ?? 1;
      const problems: FieldProblem[] = [];
      if (q.user && !/^\d{1,10}$/.test(q.user))
        problems.push({ field: 'user', message: 'must be an account number' });
      const from = readDate(problems, 'from', q.from);
      const until = readDate(problems, 'to', q.to);
      if (problems.length > 0) throw new ValidationError(problems);
      // The whole of the last day is included.
      const to = until
        ? new Date(Date.parse(`${until}T00:00:00Z`) + 86_400_000).toISOString()
        : undefined;
      const result = await admin.listAudit(app.db, request.actor, {
        action: q.action || undefined,
        userId: q.user ? Number(q.user) : undefined,
        from: from ? `${from}T00:00:00.000Z` : undefined,
        to,
        page,
        perPage: PER_PAGE,
      });
      reply.header('cache-control', 'no-store');
      return sendHtml(
        reply,
        AdminAuditPage({
          ctx: viewOf(request),
          rows: result.rows,
          total: result.total,
          actions: result.actions,
          filter: {
            action: q.action ?? '',
            user: q.user ?? '',
            from: q.from ?? '',
            to: q.to ?? '',
          },
          page,
          perPage: PER_PAGE,
        }),
      );
    },
  );
}
