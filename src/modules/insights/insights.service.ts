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

/**
 * One cell: user text, a number, a share, a UI message (a link when it has an address), a
 * language or a date.
 */
export type Cell =
  | { text: string }
  | { number: number | null }
  | { share: number }
  | { key: MessageKey; href?: string }
  | { language: string }
  | { date: string };

export interface Column {
  key: MessageKey;
  /** A column of figures, aligned to the end of the cell. */
  numeric?: boolean;
}

export interface InsightsTable {
  section: Section;
  /** The table's caption and heading. */
  messageKey: MessageKey;
  columns: Column[];
  rows: Cell[][];
}

const DAY_MS = 24 * 3600_000;
const WINDOW_DAYS = 90;

const RESULTS: Record<'none' | 'few', Cell> = {
  none: { key: 'editor.insights.results.none' },
  few: { key: 'editor.insights.results.few' },
};

const GAPS: Record<'none' | 'unevaluated', Cell> = {
  none: { key: 'editor.insights.gap.none' },
  unevaluated: { key: 'editor.insights.gap.unevaluated' },
};

const STEPS: Record<FunnelStep, Cell> = {
  draft: { key: 'submission.state.draft' },
  submitted: { key: 'submission.state.submitted' },
  in_review: { key: 'submission.state.in_review' },
  changes_requested: { key: 'submission.state.changes_requested' },
  resubmitted: { key: 'submission.state.resubmitted' },
  published: { key: 'submission.state.published' },
  rejected: { key: 'submission.state.rejected' },
};

function requireEditor(actor: Actor) {
  if (!can(actor, 'submissions.manage')) throw new ForbiddenError();
}

async function searchesTable(db: Db, now: Date): Promise<InsightsTable> {
  const from = new Date(now.getTime() - WINDOW_DAYS * DAY_MS).toISOString();
  const queries = await listQueriesWithFewResults(db, from, now.toISOString());
  return {
    section: 'searches',
    messageKey: 'editor.insights.searches',
    columns: [
      { key: 'editor.insights.col.query' },
      { key: 'editor.insights.col.language' },
      { key: 'editor.insights.col.country' },
      { key: 'editor.insights.col.results' },
      { key: 'editor.insights.col.searches', numeric: true },
    ],
    rows: queries.map((q) => [
      { text: q.query },
      { language: q.locale },
      { text: q.country },
      RESULTS[q.results],
      { number: q.searches },
    ]),
  };
}

async function gapsTable(db: Db, locale: Locale): Promise<InsightsTable> {
  const gaps = await getCoverageGaps(db, locale);
  return {
    section: 'gaps',
    messageKey: 'editor.insights.gaps',
    columns: [
      { key: 'editor.insights.col.theme' },
      { key: 'editor.insights.col.region' },
      { key: 'editor.insights.col.published', numeric: true },
      { key: 'editor.insights.col.gap' },
      { key: 'editor.insights.col.action' },
    ],
    rows: gaps.map((g) => [
      { text: g.theme.label },
      { text: g.region.name },
      { number: g.published },
      GAPS[g.kind],
      {
        key: 'editor.insights.openCall',
        href: `/editor/calls/new?${new URLSearchParams({ theme: g.theme.id, region: g.region.code })}`,
      },
    ]),
  };
}

async function funnelTable(db: Db, actor: Actor): Promise<InsightsTable> {
  const funnel = await getSubmissionFunnel(db, actor);
  return {
    section: 'funnel',
    messageKey: 'editor.insights.funnel',
    columns: [
      { key: 'editor.insights.col.step' },
      { key: 'editor.insights.col.count', numeric: true },
      { key: 'editor.insights.col.medianDays', numeric: true },
    ],
    rows: FUNNEL_STEPS.map((step) => {
      const row = funnel.find((f) => f.step === step);
      return [STEPS[step], { number: row?.count ?? 0 }, { number: row?.medianDays ?? null }];
    }),
  };
}

async function reviewersTable(db: Db, actor: Actor, now: Date): Promise<InsightsTable> {
  const load = await getReviewerLoad(db, actor, now);
  return {
    section: 'reviewers',
    messageKey: 'editor.insights.reviewers',
    columns: [
      { key: 'editor.insights.col.reviewer' },
      { key: 'editor.insights.col.open', numeric: true },
      { key: 'editor.insights.col.overdue', numeric: true },
      { key: 'editor.insights.col.completed', numeric: true },
    ],
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
    ...queue.held.map((item) => ({ item, waiting: HELD })),
    ...queue.reported.map((item) => ({ item, waiting: REPORTED })),
  ];
  return {
    section: 'moderation',
    messageKey: 'editor.insights.moderation',
    columns: [
      { key: 'editor.insights.col.waiting' },
      { key: 'editor.insights.col.subject' },
      { key: 'editor.insights.col.author' },
      { key: 'editor.insights.col.posted' },
      { key: 'editor.insights.col.reports', numeric: true },
    ],
    rows: rows.map(({ item, waiting }) => [
      waiting,
      { text: item.subjectTitle },
      { text: item.authorName },
      { date: item.createdAt },
      { number: item.reportCount },
    ]),
  };
}

const HELD: Cell = { key: 'editor.insights.waiting.held' };
const REPORTED: Cell = { key: 'editor.insights.waiting.reported' };

async function translationsTable(db: Db): Promise<InsightsTable> {
  const coverage = await getTranslationCoverage(db);
  return {
    section: 'translations',
    messageKey: 'editor.insights.translations',
    columns: [
      { key: 'editor.insights.col.language' },
      { key: 'editor.insights.col.originals', numeric: true },
      { key: 'editor.insights.col.translations', numeric: true },
      { key: 'editor.insights.col.readable', numeric: true },
      { key: 'editor.insights.col.share', numeric: true },
    ],
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
