import type { Actor } from '../../core/actor.ts';
import { can } from '../../core/authz.ts';
import { ForbiddenError } from '../../core/errors.ts';
import type { MessageKey } from '../../core/i18n/i18n.ts';
import type { Locale } from '../../core/i18n/locales.ts';
import type { Db } from '../../db/connect.ts';
import { getCoverageGaps } from '../atlas/index.ts';
import { getModerationQueue } from '../discussions/index.ts';
import { getTranslationCoverage } from '../practices/index.ts';
import {
  FUNNEL_STEPS,
  type FunnelStep,
  getReviewerLoad,
  getSubmissionFunnel,
} from '../review/index.ts';
import { listQueriesWithFewResults } from '../search/index.ts';

/**
 * The editors' view of what is missing: six tables, each read from the module that owns its
 * data, in one shape that both the page and its CSV files draw.
 */

export const SECTIONS = [
  'searches',
  'gaps',
  'funnel',
  'reviewers',
  'moderation',
  'translations',
] as const;
export type Section = (typeof SECTIONS)[number];

export function isSection(value: string): value is Section {
  return (SECTIONS as readonly string[]).includes(value);
}

/** One cell: user text, a number, a UI message, a language, a date or a link. */
export type Cell =
  | { text: string }
  | { number: number | null }
  | { share: number }
  | { key: MessageKey }
  | { language: string }
  | { date: string }
  | { link: MessageKey; href: string };

export interface InsightsTable {
  section: Section;
  caption: MessageKey;
  columns: MessageKey[];
  /** Columns holding figures, aligned to the end of the cell. */
  numeric: number[];
  rows: Cell[][];
}

const DAY_MS = 24 * 3600_000;
const WINDOW_DAYS = 90;

const RESULT_KEYS = {
  none: 'editor.insights.results.none',
  few: 'editor.insights.results.few',
} as const satisfies Record<string, MessageKey>;

const GAP_KEYS = {
  none: 'editor.insights.gap.none',
  unevaluated: 'editor.insights.gap.unevaluated',
} as const satisfies Record<string, MessageKey>;

const STEP_KEYS = {
  draft: 'submission.state.draft',
  submitted: 'submission.state.submitted',
  in_review: 'submission.state.in_review',
  changes_requested: 'submission.state.changes_requested',
  resubmitted: 'submission.state.resubmitted',
  published: 'submission.state.published',
  rejected: 'submission.state.rejected',
} as const satisfies Record<FunnelStep, MessageKey>;

function requireEditor(actor: Actor) {
  if (!can(actor, 'submissions.manage')) throw new ForbiddenError();
}

async function searchesTable(db: Db, now: Date): Promise<InsightsTable> {
  const from = new Date(now.getTime() - WINDOW_DAYS * DAY_MS).toISOString();
  const queries = await listQueriesWithFewResults(db, from, now.toISOString());
  return {
    section: 'searches',
    caption: 'editor.insights.searches',
    columns: [
      'editor.insights.col.query',
      'editor.insights.col.language',
      'editor.insights.col.country',
      'editor.insights.col.results',
      'editor.insights.col.searches',
    ],
    numeric: [4],
    rows: queries.map((q) => [
      { text: q.query },
      { language: q.locale },
      { text: q.country },
      { key: RESULT_KEYS[q.results] },
      { number: q.searches },
    ]),
  };
}

async function gapsTable(db: Db, locale: Locale): Promise<InsightsTable> {
  const gaps = await getCoverageGaps(db, locale);
  return {
    section: 'gaps',
    caption: 'editor.insights.gaps',
    columns: [
      'editor.insights.col.theme',
      'editor.insights.col.region',
      'editor.insights.col.published',
      'editor.insights.col.gap',
      'editor.insights.col.action',
    ],
    numeric: [2],
    rows: gaps.map((g) => [
      { text: g.theme.label },
      { text: g.region.name },
      { number: g.published },
      { key: GAP_KEYS[g.kind] },
      {
        link: 'editor.insights.openCall',
        href: `/editor/calls/new?${new URLSearchParams({ theme: g.theme.id, region: g.region.code })}`,
      },
    ]),
  };
}

async function funnelTable(db: Db, actor: Actor): Promise<InsightsTable> {
  const funnel = await getSubmissionFunnel(db, actor);
  return {
    section: 'funnel',
    caption: 'editor.insights.funnel',
    columns: [
      'editor.insights.col.step',
      'editor.insights.col.count',
      'editor.insights.col.medianDays',
    ],
    numeric: [1, 2],
    rows: FUNNEL_STEPS.map((step) => {
      const row = funnel.find((f) => f.step === step);
      return [
        { key: STEP_KEYS[step] },
        { number: row?.count ?? 0 },
        { number: row?.medianDays ?? null },
      ];
    }),
  };
}

async function reviewersTable(db: Db, actor: Actor, now: Date): Promise<InsightsTable> {
  const load = await getReviewerLoad(db, actor, now);
  return {
    section: 'reviewers',
    caption: 'editor.insights.reviewers',
    columns: [
      'editor.insights.col.reviewer',
      'editor.insights.col.open',
      'editor.insights.col.overdue',
      'editor.insights.col.completed',
    ],
    numeric: [1, 2, 3],
    rows: load.map((r) => [
      { text: r.name },
      { number: r.open },
      { number: r.overdue },
      { number: r.completedRecently },
    ]),
  };
}

async function moderationTable(db: Db, actor: Actor, locale: Locale): Promise<InsightsTable> {
  const queue = await getModerationQueue(db, actor, locale);
  const rows = [
    ...queue.held.map((item) => ({ item, key: 'editor.insights.waiting.held' as const })),
    ...queue.reported.map((item) => ({ item, key: 'editor.insights.waiting.reported' as const })),
  ];
  return {
    section: 'moderation',
    caption: 'editor.insights.moderation',
    columns: [
      'editor.insights.col.waiting',
      'editor.insights.col.subject',
      'editor.insights.col.author',
      'editor.insights.col.posted',
      'editor.insights.col.reports',
    ],
    numeric: [4],
    rows: rows.map(({ item, key }) => [
      { key },
      { text: item.subjectTitle },
      { text: item.authorName },
      { date: item.createdAt },
      { number: item.reportCount },
    ]),
  };
}

async function translationsTable(db: Db): Promise<InsightsTable> {
  const coverage = await getTranslationCoverage(db);
  return {
    section: 'translations',
    caption: 'editor.insights.translations',
    columns: [
      'editor.insights.col.language',
      'editor.insights.col.originals',
      'editor.insights.col.translations',
      'editor.insights.col.readable',
      'editor.insights.col.share',
    ],
    numeric: [1, 2, 3, 4],
    rows: coverage.map((c) => [
      { language: c.locale },
      { number: c.originals },
      { number: c.translations },
      { number: c.readable },
      { share: c.share },
    ]),
  };
}

/** One section's table, for an editor or an admin. */
export async function getInsightsTable(
  db: Db,
  actor: Actor,
  locale: Locale,
  section: Section,
  now: Date = new Date(),
): Promise<InsightsTable> {
  requireEditor(actor);
  switch (section) {
    case 'searches':
      return searchesTable(db, now);
    case 'gaps':
      return gapsTable(db, locale);
    case 'funnel':
      return funnelTable(db, actor);
    case 'reviewers':
      return reviewersTable(db, actor, now);
    case 'moderation':
      return moderationTable(db, actor, locale);
    case 'translations':
      return translationsTable(db);
  }
}

/** Every section's table, in the page's order. */
export async function getInsights(
  db: Db,
  actor: Actor,
  locale: Locale,
  now: Date = new Date(),
): Promise<InsightsTable[]> {
  requireEditor(actor);
  return Promise.all(SECTIONS.map((s) => getInsightsTable(db, actor, locale, s, now)));
}
