import type { ViewContext } from '../../../core/http/view-context.ts';
import type { MessageKey } from '../../../core/i18n/i18n.ts';
import { type Choice, PostForm, SelectField, TextArea } from '../../../views/components/Form.tsx';
import { queryString } from '../../../views/context.ts';
import { BODY_MAX, type CommentView, type ThreadView } from '../discussion.service.ts';

/** The address the forms of a subject's discussion post to. */
export function postPathOf(kind: 'practice' | 'recommendation', slug: string): string {
  return `/discussions/${kind === 'practice' ? 'practices' : 'recommendations'}/${slug}`;
}

export function languageChoices(ctx: ViewContext, languages: readonly string[]): Choice[] {
  return languages.map((l) => ({ value: l, label: ctx.language(l) }));
}

function Comment({
  ctx,
  comment: c,
  participant,
}: {
  ctx: ViewContext;
  comment: CommentView;
  participant: boolean;
}) {
  const { t } = ctx;
  return (
    <li>
      <article
        class={c.held ? 'comment comment--held' : 'comment'}
        id={`comment-${c.id}`}
        aria-label={ctx.text('discussion.by', { name: c.authorName })}
      >
        <p class="comment__meta">
          <strong safe>{c.authorName}</strong>
          {' · '}
          {c.kind === 'question' ? t('discussion.kind.question') : t('discussion.kind.comment')}
          {' · '}
          <time datetime={c.createdAt} safe>
            {ctx.date(c.createdAt)}
          </time>
          {c.held ? (
            <>
              {' · '}
              <strong class="comment__held">{t('discussion.held')}</strong>
            </>
          ) : (
            ''
          )}
        </p>
        <div class="comment__body" lang={c.language} dir={c.dir}>
          {c.paragraphs.map((p) => (
            <p safe>{p}</p>
          ))}
        </div>
        {participant && !c.held ? (
          <p class="comment__actions">
            <a href={ctx.href(`/discussions/comments/${c.id}/reply`)}>{t('discussion.reply')}</a>
            {c.mine ? (
              ''
            ) : (
              <a href={ctx.href(`/discussions/comments/${c.id}/report`)}>
                {t('discussion.report')}
              </a>
            )}
          </p>
        ) : (
          ''
        )}
        {c.replies.length > 0 ? (
          <ol class="comment__replies">
            {c.replies.map((r) => (
              <Comment ctx={ctx} comment={r} participant={participant} />
            ))}
          </ol>
        ) : (
          ''
        )}
      </article>
    </li>
  );
}

/** The form to ask or comment: on the subject's page, and again with its problems. */
export function CommentForm({
  ctx,
  action,
  languages,
  values,
  problems,
  parent,
}: {
  ctx: ViewContext;
  action: string;
  languages: readonly string[];
  values: Record<string, string>;
  problems: { field: string; message: string; key?: string }[];
  /** The comment answered, for a reply. */
  parent?: number;
}) {
  const { t } = ctx;
  const kind = values.kind ?? 'question';
  return (
    <PostForm action={ctx.href(action)} csrfToken={ctx.csrfToken ?? ''} class="discussion__form">
      {parent !== undefined ? (
        <input type="hidden" name="parent" value={String(parent)} />
      ) : (
        <fieldset class="field">
          <legend>{t('discussion.form.kind')}</legend>
          {(['question', 'comment'] as const).map((k, i) => (
            <label class="choice">
              <input
                type="radio"
                name="kind"
                value={k}
                id={i === 0 ? 'field-kind' : `field-kind-${i}`}
                checked={kind === k}
              />
              <span>{t(`discussion.kind.${k}` as MessageKey)}</span>
            </label>
          ))}
        </fieldset>
      )}
      <TextArea
        ctx={ctx}
        maxlength={BODY_MAX}
        name="body"
        label={
          parent !== undefined
            ? ctx.text('discussion.form.reply')
            : ctx.text('discussion.form.body')
        }
        hint={ctx.text('discussion.form.hint')}
        value={values.body}
        problems={problems}
        required
        rows={5}
      />
      <SelectField
        ctx={ctx}
        name="language"
        label={ctx.text('discussion.form.language')}
        value={values.language}
        problems={problems}
        choices={languageChoices(ctx, languages)}
      />
      <button type="submit" class="button">
        {parent !== undefined ? t('discussion.form.sendReply') : t('discussion.form.send')}
      </button>
    </PostForm>
  );
}

/** The discussion under a practice or a recommendation: the thread and the way to take part. */
export function DiscussionSection({ ctx, thread }: { ctx: ViewContext; thread: ThreadView }) {
  const { t } = ctx;
  const pagePath = `/${thread.subjectKind === 'practice' ? 'practices' : 'recommendations'}/${thread.subjectSlug}`;
  const participant = thread.viewer === 'participant';
  return (
    <section
      class="discussion no-print"
      id="discussion"
      aria-labelledby="discussion-heading"
      lang={ctx.locale}
      dir={ctx.dir}
    >
      <h2 id="discussion-heading">{t('discussion.title', { count: thread.count })}</h2>
      {thread.waiting > 0 ? (
        <p class="notice notice--warning">
          <a href={ctx.href('/editor/discussions')}>
            {t('discussion.waiting', { count: thread.waiting })}
          </a>
        </p>
      ) : (
        ''
      )}
      {thread.comments.length === 0 ? (
        <p class="muted">{t('discussion.empty')}</p>
      ) : (
        <ol class="discussion__list">
          {thread.comments.map((c) => (
            <Comment ctx={ctx} comment={c} participant={participant} />
          ))}
        </ol>
      )}
      {thread.viewer === 'anonymous' ? (
        <p>
          <a
            href={ctx.href(
              `/account/login${queryString({ next: `${ctx.href(pagePath)}#discussion` })}`,
            )}
          >
            {t('discussion.signIn')}
          </a>
        </p>
      ) : thread.viewer === 'banned' ? (
        <p class="notice notice--warning">{t('discussion.banned')}</p>
      ) : (
        <>
          <h3>{t('discussion.form.title')}</h3>
          <p class="field__hint">{t('discussion.form.moderation')}</p>
          <CommentForm
            ctx={ctx}
            action={postPathOf(thread.subjectKind, thread.subjectSlug)}
            languages={thread.languages}
            values={{ language: thread.defaultLanguage }}
            problems={[]}
          />
        </>
      )}
      {thread.mayModerate ? (
        <p>
          <a href={ctx.href('/editor/discussions')}>{t('discussion.moderate')}</a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}
