import { diffWords } from 'diff';
import { NotFoundError } from '../../core/errors.ts';
import type { Db } from '../../db/connect.ts';
import * as practices from './practice.repository.ts';
import { SECTION_KEYS } from './practice.table.ts';
import type { PracticeRecord } from './practice.ts';

export interface VersionListing {
  version: number;
  publishedAt: string;
  publishedBy: string | null;
}

export interface PracticeHistory {
  slug: string;
  title: string;
  versions: VersionListing[];
}

async function practiceOf(db: Db, slug: string) {
  const row = await practices.findPracticeBySlug(db, slug);
  if (!row)
    throw new NotFoundError(
      'practice_not_found',
      `No practice is found at "${slug.slice(0, 100)}".`,
    );
  return row;
}

export async function getPracticeHistory(db: Db, slug: string): Promise<PracticeHistory> {
  const row = await practiceOf(db, slug);
  const versions = await practices.listVersionsOf(db, row.id);
  return {
    slug: row.slug,
    title: row.title,
    versions: versions.map((v) => ({
      version: v.version,
      publishedAt: v.published_at,
      publishedBy: v.published_by_name,
    })),
  };
}

/** A piece of text in a comparison: unchanged, added in the newer version, or removed from it. */
export interface DiffPart {
  text: string;
  change: 'same' | 'added' | 'removed';
}

export interface FieldChange {
  /** A field of the interchange format, or `sections.<key>`. */
  field: string;
  parts: DiffPart[];
}

/** The fields compared, in the order a reader meets them on the practice page. */
function fieldsOf(record: PracticeRecord): [string, string][] {
  const list = (values: readonly (string | number)[]) => values.join(', ');
  return [
    ['title', record.title],
    ['summary', record.summary],
    ['type', record.type ?? ''],
    ['level', record.level ?? ''],
    ['status', record.status ?? ''],
    ['years', [record.start_year, record.end_year].filter((y) => y !== null).join('–')],
    ['country', record.country],
    ['city', record.city ?? ''],
    ['evidence_level', record.evidence_level],
    ['themes', list(record.themes)],
    ['target_groups', list(record.target_groups)],
    ['actor_type', list(record.actor_type)],
    ['gcm_objectives', list(record.gcm_objectives)],
    ['sdg_targets', list(record.sdg_targets)],
    ...SECTION_KEYS.map((key): [string, string] => [`sections.${key}`, record.sections[key] ?? '']),
    [
      'organisations',
      record.organisations
        .map(
          (o) =>
            `${o.name} (${o.role}${o.type ? `, ${o.type}` : ''})${o.website ? ` ${o.website}` : ''}`,
        )
        .join('\n'),
    ],
    [
      'sources',
      [record.source_url ?? '', ...record.sources.map((s) => `${s.title ?? ''} ${s.url}`.trim())]
        .filter(Boolean)
        .join('\n'),
    ],
  ];
}

/** Field by field, what changed between two versions of a record; unchanged fields are left out. */
export function diffRecords(older: PracticeRecord, newer: PracticeRecord): FieldChange[] {
  const before = new Map(fieldsOf(older));
  const changes: FieldChange[] = [];
  for (const [field, after] of fieldsOf(newer)) {
    const previous = before.get(field) ?? '';
    if (previous === after) continue;
    changes.push({
      field,
      parts: diffWords(previous, after).map((part) => ({
        text: part.value,
        change: part.added ? 'added' : part.removed ? 'removed' : 'same',
      })),
    });
  }
  return changes;
}

export interface VersionComparison {
  slug: string;
  title: string;
  from: VersionListing;
  to: VersionListing;
  changes: FieldChange[];
}

export async function compareVersions(
  db: Db,
  slug: string,
  fromVersion: number,
  toVersion: number,
): Promise<VersionComparison> {
  const row = await practiceOf(db, slug);
  const [from, to, listing] = await Promise.all([
    practices.findVersion(db, row.id, fromVersion),
    practices.findVersion(db, row.id, toVersion),
    practices.listVersionsOf(db, row.id),
  ]);
  if (!from || !to)
    throw new NotFoundError(
      'version_not_found',
      `Practice "${row.slug}" has no version ${!from ? fromVersion : toVersion}.`,
    );
  const meta = (v: number): VersionListing => {
    const found = listing.find((l) => l.version === v);
    return {
      version: v,
      publishedAt: found?.published_at ?? '',
      publishedBy: found?.published_by_name ?? null,
    };
  };
  return {
    slug: row.slug,
    title: row.title,
    from: meta(fromVersion),
    to: meta(toVersion),
    changes: diffRecords(
      JSON.parse(from.data) as PracticeRecord,
      JSON.parse(to.data) as PracticeRecord,
    ),
  };
}
