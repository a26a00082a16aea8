import type { PropsWithChildren } from '@kitajs/html';
import type { FieldProblem } from '../../core/errors.ts';
import type { ViewContext } from '../../core/http/view-context.ts';
import { Layout } from '../layout/Layout.tsx';
import { ErrorSummary, PostForm } from './Form.tsx';

export interface EditorFormPageProps {
  ctx: ViewContext;
  heading: string;
  /** The line above the heading: the way back to what the form edits. */
  back: JSX.Element;
  /** Said once the form has been saved, above the form. */
  saved?: string;
  problems: FieldProblem[];
  action: string;
  warnUnsaved?: boolean;
  /** The submit button's label, after the fields. */
  submit: string;
  /**
   * What follows the form on the page (a translation, linked evidence): drawn after the fields,
   * so that where both name a field, the error summary takes the label drawn last, as it did.
   */
  after?: () => JSX.Element;
}

/**
 * The page of an editor's form for one piece of content (an event, a press release, a call, a
 * recommendation): the way back, the heading, what was saved, the problems, then the fields
 * given as children and the submit button.
 */
export function EditorFormPage({
  ctx,
  heading,
  back,
  saved,
  problems,
  action,
  warnUnsaved,
  submit,
  after,
  children,
}: PropsWithChildren<EditorFormPageProps>) {
  const following = after ? after() : '';
  return (
    <Layout ctx={ctx} title={heading} noindex>
      <div class="form-page">
        <p>{back}</p>
        <h1 safe>{heading}</h1>
        {saved ? (
          <p class="notice notice--success" role="status" safe>
            {saved}
          </p>
        ) : (
          ''
        )}
        <ErrorSummary ctx={ctx} problems={problems} />
        <PostForm action={action} csrfToken={ctx.csrfToken ?? ''} warnUnsaved={warnUnsaved}>
          {children}
          <button type="submit" class="button" safe>
            {submit}
          </button>
        </PostForm>
        {following}
      </div>
    </Layout>
  );
}
