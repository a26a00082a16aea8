import type { Actor } from '../../core/actor.ts';
import { type FieldProblem, NotFoundError, ValidationError } from '../../core/errors.ts';
import { nowIso } from '../../core/text.ts';
import { problem, readText, readWebAddress, readYear } from '../../core/validation.ts';
import { write } from '../../core/write.ts';
import type { Db } from '../../db/connect.ts';
import * as repo from './city.repository.ts';
import { parseId } from './city.service.ts';
import { FACT_KINDS, type FactKind } from './city.table.ts';
import { findEditableCity } from './city-profile.service.ts';

/**
 * What editors and the members of a city's municipality change on a city page: its figures
 * (with their sources) and its networks. Each change is audited and marks public content as
 * changed, since the city page shows it.
 */

export interface FactInput {
  kind?: unknown;
  value?: unknown;
  year?: unknown;
  source_title?: unknown;
  source_url?: unknown;
}

export interface NetworkInput {
  name?: unknown;
  url?: unknown;
}

const MAX_POPULATION = 100_000_000;
export const FIRST_FACT_YEAR = 1900;

const choiceOf = (value: unknown) => (typeof value === 'string' ? value.trim() : '');

function checkFact(input: FactInput) {
  const problems: FieldProblem[] = [];
  const kind = choiceOf(input.kind);
  if (!(FACT_KINDS as readonly string[]).includes(kind))
    problems.push(problem('kind', 'is not one of the choices', 'form.error.choice'));
  // Figures are typed with spaces between thousands in many languages.
  const raw = choiceOf(input.value).replace(/[\s\u00a0\u202f]/g, '');
  let value = Number.NaN;
  if (kind === 'population') {
    value = /^\d{1,9}$/.test(raw) ? Number(raw) : Number.NaN;
    if (!(value >= 1 && value <= MAX_POPULATION))
      problems.push({
        field: 'value',
        message: `must be a whole number of people from 1 to ${MAX_POPULATION}`,
        key: 'cities.error.population',
      });
  } else if (kind === 'foreign_born_share') {
    value = /^\d{1,3}([.,]\d{1,2})?$/.test(raw) ? Number(raw.replace(',', '.')) : Number.NaN;
    if (!(value >= 0 && value <= 100))
      problems.push(
        problem(
          'value',
          'must be a percentage from 0 to 100, with at most two decimals',
          'cities.error.share',
        ),
      );
  }
  const year = readYear(problems, 'year', input.year, {
    min: FIRST_FACT_YEAR,
    max: new Date().getUTCFullYear(),
    required: true,
  });
  const sourceTitle = readText(problems, 'source_title', input.source_title, {
    max: 300,
    required: true,
    singleLine: true,
  });
  const sourceUrl = readWebAddress(problems, 'source_url', input.source_url, { required: true });
  if (problems.length > 0 || year === null || sourceTitle === null || sourceUrl === null)
    throw new ValidationError(problems);
  return { kind: kind as FactKind, value, year, sourceTitle, sourceUrl };
}

/** Records a figure with its source; a second figure for the same kind and year replaces it. */
export async function addCityFact(
  db: Db,
  actor: Actor,
  cityIdText: string | number,
  input: FactInput,
): Promise<{ id: number }> {
  const city = await findEditableCity(db, actor, cityIdText);
  const fact = checkFact(input);
  const id = await write(
    db,
    actor,
    ({ trx }) =>
      repo.upsertFact(trx, {
        city_id: city.id,
        kind: fact.kind,
        value: fact.value,
        year: fact.year,
        source_title: fact.sourceTitle,
        source_url: fact.sourceUrl,
        entered_by: actor.kind === 'user' ? actor.id : null,
        entered_at: nowIso(),
      }),
    {
      audit: {
        action: 'city.fact_saved',
        subject: { type: 'city', id: city.id },
        details: { kind: fact.kind, year: fact.year, value: fact.value },
      },
      contentChanged: true,
    },
  );
  return { id };
}

export async function removeCityFact(
  db: Db,
  actor: Actor,
  cityIdText: string | number,
  factIdText: string | number,
): Promise<void> {
  const city = await findEditableCity(db, actor, cityIdText);
  const factId = parseId(factIdText);
  const notFound = () => new NotFoundError('city_fact_not_found', 'This city has no such figure.');
  if (factId === undefined) throw notFound();
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (!(await repo.deleteFact(trx, city.id, factId))) throw notFound();
    },
    {
      audit: {
        action: 'city.fact_removed',
        subject: { type: 'city', id: city.id },
        details: { factId },
      },
      contentChanged: true,
    },
  );
}

export async function addCityNetwork(
  db: Db,
  actor: Actor,
  cityIdText: string | number,
  input: NetworkInput,
): Promise<{ id: number }> {
  const city = await findEditableCity(db, actor, cityIdText);
  const problems: FieldProblem[] = [];
  const name = readText(problems, 'name', input.name, {
    max: 200,
    required: true,
    singleLine: true,
  });
  const url = readWebAddress(problems, 'url', input.url, { required: true });
  if (problems.length > 0 || name === null || url === null) throw new ValidationError(problems);
  const id = await write(
    db,
    actor,
    ({ trx }) =>
      repo.upsertNetwork(trx, {
        city_id: city.id,
        name,
        url,
        entered_by: actor.kind === 'user' ? actor.id : null,
        entered_at: nowIso(),
      }),
    {
      audit: {
        action: 'city.network_saved',
        subject: { type: 'city', id: city.id },
        details: { name },
      },
      contentChanged: true,
    },
  );
  return { id };
}

export async function removeCityNetwork(
  db: Db,
  actor: Actor,
  cityIdText: string | number,
  networkIdText: string | number,
): Promise<void> {
  const city = await findEditableCity(db, actor, cityIdText);
  const networkId = parseId(networkIdText);
  const notFound = () =>
    new NotFoundError('city_network_not_found', 'This city has no such network.');
  if (networkId === undefined) throw notFound();
  await write(
    db,
    actor,
    async ({ trx }) => {
      if (!(await repo.deleteNetwork(trx, city.id, networkId))) throw notFound();
    },
    {
      audit: {
        action: 'city.network_removed',
        subject: { type: 'city', id: city.id },
        details: { networkId },
      },
      contentChanged: true,
    },
  );
}
