import type { PropsWithChildren } from '@kitajs/html';
import type { Action } from '../../core/authz.ts';
import type { ViewContext } from '../../core/http/view-context.ts';

/** A button to an editor's page (a new item, an edit form), shown only to whom may use it. */
export function EditorLink({
  ctx,
  action,
  path,
  children,
}: PropsWithChildren<{ ctx: ViewContext; action: Action; path: string }>) {
  if (!ctx.can(action)) return '';
  return (
    <p>
      <a class="button" href={ctx.href(path)}>
        {children}
      </a>
    </p>
  );
}
