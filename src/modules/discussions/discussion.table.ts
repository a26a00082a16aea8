import type { Generated, Selectable } from 'kysely';

export const SUBJECT_KINDS = ['practice', 'recommendation'] as const;
export type SubjectKind = (typeof SUBJECT_KINDS)[number];
export const COMMENT_KINDS = ['question', 'comment'] as const;
export type CommentKind = (typeof COMMENT_KINDS)[number];
export type CommentState = 'visible' | 'held' | 'hidden';

export interface CommentTable {
  id: Generated<number>;
  subject_kind: SubjectKind;
  subject_id: number;
  /** The top comment of the thread; null for a top comment. */
  parent_id: number | null;
  /** The comment answered (the top one or a reply in its thread); null for a top comment. */
  in_reply_to: number | null;
  author_id: number;
  kind: CommentKind;
  /** Plain text as typed; paragraphs separated by blank lines. */
  body: string;
  /** BCP-47 tag chosen by the writer. */
  language: string;
  /** 'held': waiting for an editor; 'hidden': taken down by one. */
  state: CommentState;
  created_at: string;
  updated_at: string;
}

export type CommentRow = Selectable<CommentTable>;

export interface CommentReportTable {
  comment_id: number;
  reporter_id: number;
  reason: string;
  created_at: string;
}

export interface DiscussionBanTable {
  user_id: number;
  banned_by: number | null;
  reason: string;
  created_at: string;
}
