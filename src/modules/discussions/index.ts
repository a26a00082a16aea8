// The discussions module's public surface: its routes, the discussion panels of practices and
// recommendations, the comments data section, the replies a digest reports, and the moderation
// queue, its counts and digest job.

export { discussionPages } from './discussion.pages.tsx';
export { practiceDiscussionPanel, recommendationDiscussionPanel } from './discussion.panels.ts';
export {
  commentsDataSection,
  listRepliesToUserSince,
  type ReplyNotice,
} from './discussion.service.ts';
export {
  getModerationQueue,
  type ModerationItem,
  type ModerationQueue,
} from './discussion-moderation.service.ts';
export {
  countModerationQueue,
  MODERATION_DIGEST_JOB,
  sendModerationDigest,
} from './moderation-digest.service.ts';
