import { NotFoundException } from '@nestjs/common';
import type { Resource } from '@medplum/fhirtypes';
import type { Principal } from '../access/principal';
import { hiddenRecord } from '../access/site-access';
import { badRequest, problem } from '../common/api-errors';
import { dateSearchWindow, InstantWindow } from '../core/fhir/date-search';
import { DATE_WINDOWS, isInstantInWindow, todayAnywhere, windowDates } from '../core/time/date-windows';
import { FhirPage, FhirResourceType, FhirSearch } from './fhir-resources';

/** The page sizes a search answers: `_count` when given, within these. */
export const PAGE = { default: 20, max: 100, maxOffset: 10_000 } as const;
/** What one search may hold: parameters, repeats of one, and the length of a value. */
const LIMITS = { params: 20, repeats: 4, valueLength: 200 } as const;

/**
 * A search's query as FHIR sends it, checked: only the type's own parameters (and `_count`,
 * `_offset`), each value bounded, so a search is refused with its field named rather than
 * answered with a match of everything.
 */
export function parseSearch(type: FhirResourceType, query: Record<string, unknown>): FhirSearch {
  const known = new Set(type.searchParams.map((param) => param.name));
  const entries = Object.entries(query);
  if (entries.length > LIMITS.params) throw badRequest([problem('query', 'validation.too_many', { max: LIMITS.params })]);
  const params = new Map<string, string[]>();
  let count: number = PAGE.default;
  let offset = 0;
  for (const [name, raw] of entries) {
    const values = (Array.isArray(raw) ? raw : [raw]).map(String);
    if (values.length > LIMITS.repeats) throw badRequest([problem(name, 'validation.too_many', { max: LIMITS.repeats })]);
    if (values.some((value) => value.length > LIMITS.valueLength)) throw badRequest([problem(name, 'validation.too_long', { max: LIMITS.valueLength })]);
    if (name === '_count') count = pageNumber(name, values, 1, PAGE.max);
    else if (name === '_offset') offset = pageNumber(name, values, 0, PAGE.maxOffset);
    else if (known.has(name)) params.set(name, values);
    else throw badRequest([problem(name, 'fhir.unknown_search_param', { type: type.type, known: [...known].join(', ') || '-' })]);
  }
  return { params, count, offset };
}

function pageNumber(name: string, values: readonly string[], min: number, max: number): number {
  if (values.length !== 1 || !/^\d{1,6}$/.test(values[0])) throw badRequest([problem(name, 'validation.not_integer')]);
  const value = Number(values[0]);
  if (value < min) throw badRequest([problem(name, 'validation.too_small', { min })]);
  if (value > max) throw badRequest([problem(name, 'validation.too_large', { max })]);
  return value;
}

/** The one value of a parameter that takes one, or nothing. */
export function single(search: FhirSearch, name: string): string | undefined {
  const values = search.params.get(name);
  if (values && values.length > 1) throw badRequest([problem(name, 'validation.too_many', { max: 1 })]);
  return values?.[0];
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The id a reference parameter names (`Practitioner/<id>`, or the bare id), of one of the types
 * allowed; anything else is a 400 naming the parameter.
 */
export function referenceId(name: string, value: string, types: readonly string[]): { type: string; id: string } {
  const [type, id] = value.includes('/') ? value.split('/', 2) : [types[0], value];
  if (!types.includes(type) || !UUID.test(id ?? '')) throw badRequest([problem(name, 'fhir.not_a_reference', { types: types.join(', ') })]);
  return { type, id: id.toLowerCase() };
}

/** A FHIR id's form (ids are UUIDs, a Slot's its schedule and time): anything else is not found. */
export function isResourceId(id: string): boolean {
  return /^[A-Za-z0-9\-.]{1,64}$/.test(id);
}

/** Whether an id is one of ours that are UUIDs (every resource type's but Slot). */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}

/**
 * A date parameter's window of instants, its dates read in the site's zone (dateSearchWindow): a
 * value not of that form, or an edge outside what the REST queries take (DATE_WINDOWS.query), is a
 * 400 naming the parameter.
 */
export function dateWindow(search: FhirSearch, name: string, zone: string): InstantWindow {
  const window = dateSearchWindow(search.params.get(name) ?? [], zone);
  if (!window) throw badRequest([problem(name, 'fhir.date_value')]);
  const today = todayAnywhere();
  const edges = [window.from, window.to].filter((edge) => edge !== undefined);
  if (edges.some((edge) => !isInstantInWindow(new Date(edge), DATE_WINDOWS.query, today))) throw badRequest([problem(name, 'validation.date_window', windowDates(DATE_WINDOWS.query, today))]);
  return window;
}

/** The codes a token parameter asks for (repeats and `a,b` alike mean any of them), each one of `allowed`; undefined when not asked. */
export function tokenCodes<T extends string>(search: FhirSearch, name: string, allowed: readonly T[]): T[] | undefined {
  const values = search.params.get(name);
  if (!values) return undefined;
  const codes = values.flatMap((value) => value.split(','));
  if (codes.some((code) => !allowed.includes(code as T))) throw badRequest([problem(name, 'validation.not_one_of', { allowed: allowed.join(', ') })]);
  return codes as T[];
}

/**
 * The patient a search is limited to, by a reference parameter (`patient=Patient/<id>`, or an alias
 * such as `subject`; at most one of them), if any. A patient may search only their own: naming
 * another is refused as reading that patient's record is (404, logged as refused).
 */
export function patientSearched(actor: Principal, search: FhirSearch, names: readonly string[] = ['patient']): string | undefined {
  const given = names.filter((name) => search.params.has(name));
  if (given.length > 1) throw badRequest([problem(given[1], 'validation.too_many', { max: 1 })]);
  const value = given.length ? single(search, given[0]) : undefined;
  if (value === undefined) return undefined;
  const { id } = referenceId(given[0], value, ['Patient']);
  if (actor.role === 'patient' && id !== actor.patientId) throw hiddenRecord('patient', id, [id]);
  return id;
}

/** The matches on the search's page (`_offset`, `_count`), of all of them in their order. */
export function onPage<T>(matches: readonly T[], search: FhirSearch): T[] {
  return matches.slice(search.offset, search.offset + search.count);
}

/** A search's answer from all its matches: this page of them, and how many there are. */
export function pageOf(matches: readonly Resource[], search: FhirSearch): FhirPage {
  return { resources: onPage(matches, search), total: matches.length };
}

/** For a lookup where a record that does not exist is no match: undefined for it; any other refusal (another site's record) stands. */
export function missingAsUndefined(error: unknown): undefined {
  if (error instanceof NotFoundException) return undefined;
  throw error;
}
