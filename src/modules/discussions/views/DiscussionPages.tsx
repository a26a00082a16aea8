import type { FieldProblem } from '../../../core/errors.ts';
import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { directionOf } from '../../../core/i18n/locales.ts';
import { ChoiceGroup, ErrorSummary, PostForm } from '../../../views/components/Form.tsx';
import { Layout } from '../../../views/layout/Layout.tsx';
import { type CommentContext, REPORT_REASONS } from '../discussion.service.ts';
import type { ModerationItem, ModerationQueue } from '../discussion-moderation.service.ts';
import { CommentForm } from './DiscussionSection.tsx';

function reasonChoices(ctx: ViewContext) {
  return REPORT_REASONS.map((r) => ({
    value: r,
    label: ctx.text(`discussion.reason.${r}` as MessageKey),
  }));
}

function Quoted({ ctx, comment }: { ctx: ViewContext; comment: CommentContext }) {
  return (
    <blockquote class="comment comment--quoted">
      <p class="comment__meta">
        <strong safe>{comment.authorName}</strong>
      </p>
      <p lang={comment.language} dir={directionOf(comment.language)} safe>
        {comment.excerpt}
      </p>
      <p class="muted">
        <a href={ctx.href(`${comment.subject.path}#comment-${comment.id}`)}>
          {ctx.t('discussion.back', { title: comment.subject.title })}
        </a>
      </p>
    </blockquote>
  );
}

/**
 * The form to ask, comment or reply on a page of its own: to reply to a comment, and to show a
 * refused post again with its problems and the text as typed.
 */
export function CommentFormPage({
  ctx,
  subject,
  action,
  languages,
  values,
  problems,
  replyTo,
}: {
  ctx: ViewContext;
  subject: { title: string; path: string };
  action: string;
  languages: readonly string[];
  values: Record<string, string>;
  problems: FieldProblem[];
  replyTo?: CommentContext;
}) {
  const title = replyTo
    ? ctx.text('discussion.replyTitle', { name: replyTo.authorName })
    : ctx.text('discussion.form.title');
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      {replyTo ? (
        <Quoted ctx={ctx} comment={replyTo} />
      ) : (
        <p>
          <a href={ctx.href(`${subject.path}#discussion`)}>
            {ctx.t('discussion.back', { title: subject.title })}
          </a>
        </p>
      )}
      <ErrorSummary ctx={ctx} problems={problems} />
      <CommentForm
        ctx={ctx}
        action={action}
        languages={languages}
        values={values}
        problems={problems}
        parent={replyTo?.id}
      />
    </Layout>
  );
}

export function ReportPage({
  ctx,
  comment,
  values,
  problems,
  sent,
}: {
  ctx: ViewContext;
  comment: CommentContext;
  values: Record<string, string>;
  problems: FieldProblem[];
  /** The report has been received: the page says so in place of the form. */
  sent?: boolean;
}) {
  const title = ctx.text('discussion.reportTitle');
  if (sent)
    return (
      <Layout ctx={ctx} title={ctx.text('discussion.reportSent')} noindex>
        <h1>{ctx.t('discussion.reportSent')}</h1>
        <p class="notice notice--success" role="status">
          {ctx.t('discussion.reportSentBody')}
        </p>
        <Quoted ctx={ctx} comment={comment} />
        <p>
          <a href={ctx.href(`${comment.subject.path}#comment-${comment.id}`)}>
            {ctx.t('discussion.backToDiscussion', { title: comment.subject.title })}
          </a>
        </p>
      </Layout>
    );
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      <Quoted ctx={ctx} comment={comment} />
      <ErrorSummary ctx={ctx} problems={problems} />
      <PostForm
        action={ctx.href(`/discussions/comments/${comment.id}/report`)}
        csrfToken={ctx.csrfToken ?? ''}
      >
        <ChoiceGroup
          ctx={ctx}
          name="reason"
          label={ctx.text('discussion.reportReason')}
          hint={ctx.text('discussion.reportHint')}
          values={values.reason ? [values.reason] : []}
          problems={problems}
          choices={reasonChoices(ctx)}
          multiple={false}
        />
        <button type="submit" class="button">
          {ctx.t('discussion.report')}
        </button>
      </PostForm>
    </Layout>
  );
}

function ActionButton({
  ctx,
  id,
  action,
  label,
  danger,
}: {
  ctx: ViewContext;
  id: number;
  action: string;
  label: string;
  danger?: boolean;
}) {
  return (
    <PostForm
      action={ctx.href(`/editor/discussions/comments/${id}`)}
      csrfToken={ctx.csrfToken ?? ''}
      class="inline-form"
    >
      <input type="hidden" name="action" value={action} />
      <button
        type="submit"
        class={danger ? 'button button--danger' : 'button button--secondary'}
        safe
      >
        {label}
      </button>
    </PostForm>
  );
}

function Item({ ctx, item }: { ctx: ViewContext; item: ModerationItem }) {
  const { t } = ctx;
  const actions: [string, string, boolean][] =
    item.state === 'held'
      ? [
          ['approve', ctx.text('discussion.mod.approve'), false],
          ['reject', ctx.text('discussion.mod.reject'), true],
        ]
      : item.state === 'visible'
        ? [['hide', ctx.text('discussion.mod.hide'), true]]
        : [['unhide', ctx.text('discussion.mod.unhide'), false]];
  if (item.reportCount > 0) actions.push(['dismiss', ctx.text('discussion.mod.dismiss'), false]);
  return (
    <li class="card moderation__item" id={`comment-${item.id}`}>
      <p class="comment__meta">
        <strong safe>{item.authorName}</strong>
        {' · '}
        <a href={ctx.href(`${item.subjectPath}#comment-${item.id}`)} safe>
          {item.subjectTitle}
        </a>
        {' · '}
        <time datetime={item.createdAt} safe>
          {ctx.date(item.createdAt)}
        </time>
        {item.reportCount > 0 ? (
          <>
            {' · '}
            {t('discussion.mod.reports', { count: item.reportCount })}{' '}
            <span safe>
              {item.reasons.map((r) => ctx.text(`discussion.reason.${r}` as MessageKey)).join(', ')}
            </span>
          </>
        ) : (
          ''
        )}
      </p>
      <div class="comment__body" lang={item.language} dir={directionOf(item.language)}>
        {item.paragraphs.map((p) => (
          <p safe>{p}</p>
        ))}
      </div>
      <div class="moderation__actions">
        {actions.map(([action, label, danger]) => (
          <ActionButton ctx={ctx} id={item.id} action={action} label={label} danger={danger} />
        ))}
        {item.authorBanned ? (
          <span class="muted">{t('discussion.mod.isBanned')}</span>
        ) : (
          <PostForm
            action={ctx.href('/editor/discussions/bans')}
            csrfToken={ctx.csrfToken ?? ''}
            class="inline-form"
          >
            <input type="hidden" name="user" value={String(item.authorId)} />
            <label class="visually-hidden" for={`ban-reason-${item.id}`}>
              {t('discussion.mod.banReason')}
            </label>
            <select name="reason" id={`ban-reason-${item.id}`}>
              {reasonChoices(ctx).map((c) => (
                <option value={c.value} safe>
                  {c.label}
                </option>
              ))}
            </select>{' '}
            <button type="submit" class="button button--danger">
              {t('discussion.mod.ban')}
            </button>
          </PostForm>
        )}
      </div>
    </li>
  );
}

function Group({
  ctx,
  heading,
  id,
  items,
}: {
  ctx: ViewContext;
  heading: JSX.Element;
  id: string;
  items: ModerationItem[];
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      {items.length === 0 ? (
        <p class="muted">{ctx.t('discussion.mod.none')}</p>
      ) : (
        <ol class="plain-list moderation__list">
          {items.map((item) => (
            <Item ctx={ctx} item={item} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The editors' page: held posts, reported comments, hidden ones, and the people banned. */
export function ModerationPage({
  ctx,
  queue,
  problems,
}: {
  ctx: ViewContext;
  queue: ModerationQueue;
  problems: FieldProblem[];
}) {
  const { t } = ctx;
  const title = ctx.text('discussion.mod.title');
  return (
    <Layout ctx={ctx} title={title} noindex>
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} problems={problems} />
      <Group
        ctx={ctx}
        heading={t('discussion.mod.held', { count: queue.held.length })}
        id="held-heading"
        items={queue.held}
      />
      <Group
        ctx={ctx}
        heading={t('discussion.mod.reported', { count: queue.reported.length })}
        id="reported-heading"
        items={queue.reported}
      />
      <Group
        ctx={ctx}
        heading={t('discussion.mod.hidden', { count: queue.hidden.length })}
        id="hidden-heading"
        items={queue.hidden}
      />
      <section aria-labelledby="bans-heading">
        <h2 id="bans-heading">{t('discussion.mod.bans', { count: queue.bans.length })}</h2>
        {queue.bans.length === 0 ? (
          <p class="muted">{t('discussion.mod.none')}</p>
        ) : (
          <ul class="plain-list">
            {queue.bans.map((b) => (
              <li>
                <strong safe>{b.name}</strong>
                {' · '}
                {t(`discussion.reason.${b.reason}` as MessageKey)}
                {' · '}
                <time datetime={b.createdAt} safe>
                  {ctx.date(b.createdAt)}
                </time>{' '}
                <PostForm
                  action={ctx.href(`/editor/discussions/bans/${b.userId}/lift`)}
                  csrfToken={ctx.csrfToken ?? ''}
                  class="inline-form"
                >
                  <button type="submit" class="button button--secondary">
                    {t('discussion.mod.unban')}
                  </button>
                </PostForm>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}
