// The discussions module's public surface: its routes, the discussion panels of practices and
// recommendations, the comments data section, and the replies a digest reports.
export { discussionPages } from './discussion.pages.tsx';
export { practiceDiscussionPanel, recommendationDiscussionPanel } from './discussion.panels.ts';
export {
  commentsDataSection,
  listRepliesToUserSince,
  type ReplyNotice,
} from './discussion.service.ts';
