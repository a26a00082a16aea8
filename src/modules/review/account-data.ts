import type { AccountDataSection } from '../accounts/index.ts';
import * as repo from './review.repository.ts';
import * as assignmentRepo from './review-assignment.repository.ts';
import { parseData, titleOf } from './submission-view.ts';

/**
 * What a person gave the editorial process, in the copy of their own data: every submission
 * they wrote, as it stands and as each round was sent, with its files and its history; and
 * every review they were asked for, with their conflict statement, review and draft.
 */
export const submissionsDataSection: AccountDataSection = {
  key: 'submissions',
  gather: async (db, actor) => {
    if (actor.kind !== 'user') return [];
    const submissions = await repo.listSubmissionsOfAuthor(db, actor.id);
    return Promise.all(
      submissions.map(async (s) => {
        const [files, events, rounds] = await Promise.all([
          repo.listFilesOfSubmission(db, s.id),
          repo.listEventsOf(db, s.id),
          repo.listAllRounds(db, s.id),
        ]);
        return {
          id: s.id,
          state: s.state,
          updated_at: s.updated_at,
          submitted_at: s.submitted_at,
          practice: s.practice_slug,
          content: parseData(s),
          rounds: rounds.map((r) => ({
            round: r.round,
            sent_at: r.submitted_at,
            content: parseData(r),
          })),
          files: files.map((f) => ({
            name: f.original_name,
            media_type: f.media_type,
            size: f.size,
          })),
          history: events.map((e) => ({
            from: e.from_state,
            to: e.to_state,
            at: e.created_at,
            message: e.message,
          })),
        };
      }),
    );
  },
};

export const reviewsDataSection: AccountDataSection = {
  key: 'reviews',
  gather: async (db, actor) => {
    if (actor.kind !== 'user') return [];
    const record = await assignmentRepo.listReviewRecordOf(db, actor.id);
    return record.map((a) => ({
      submission: { id: a.submission_id, title: titleOf(parseData({ data: a.submission_data })) },
      round: a.round,
      state: a.state,
      assigned_at: a.assigned_at,
      due_at: a.due_at,
      declared_at: a.declared_at,
      conflict_statement: a.conflict_statement,
      review:
        a.submitted_at === null
          ? null
          : {
              scores: {
                relevance: a.score_relevance,
                results: a.score_results,
                evidence: a.score_evidence,
                transferability: a.score_transferability,
                sustainability: a.score_sustainability,
                rights: a.score_rights,
              },
              proposed_evidence_level: a.proposed_evidence_level,
              recommendation: a.recommendation,
              message_to_author: a.message_to_author,
              message_to_editor: a.message_to_editor,
              sent_at: a.submitted_at,
            },
      draft:
        a.draft_data === null
          ? null
          : { saved_at: a.draft_saved_at, content: JSON.parse(a.draft_data) as unknown },
    }));
  },
};
