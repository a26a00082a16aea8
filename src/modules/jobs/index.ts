// The jobs module's public surface: the worker plugin, enqueuing emails and jobs, cancelling
// them, and the queue's figures.
export {
  cancelJobs,
  type EmailKind,
  enqueueEmail,
  enqueueJob,
  getJobOverview,
  getQueueStats,
  type JobHandler,
  type QueueStats,
  queueRunNow,
  retryJob,
} from './job.service.ts';
export { JOB_STATES, type JobState } from './job.table.ts';
export { default as jobsPlugin } from './jobs.plugin.ts';
