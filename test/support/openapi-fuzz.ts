import Ajv, { ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';

/**
 * A walker over the service's own OpenAPI document: for each operation it draws requests from
 * the document's JSON schemas (values that fit them and values that break them), and checks each
 * answer against what the document promises (the status is listed, the body fits its schema).
 */

export interface Schema {
  $ref?: string;
  type?: 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';
  format?: string;
  pattern?: string;
  enum?: unknown[];
  nullable?: boolean;
  allOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  additionalProperties?: boolean | Schema;
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  uniqueItems?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
}

interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}

interface Answer {
  content?: Record<string, { schema?: Schema }>;
}

export interface Operation {
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  responses: Record<string, Answer>;
  security?: Record<string, string[]>[];
}

export interface ApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
}

export interface Endpoint {
  /** `post /sites/{id}/closures`, as the document names it. */
  name: string;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  path: string;
  operation: Operation;
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

export function endpointsOf(document: ApiDocument): Endpoint[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ name: `${method} ${path}`, method: method as Endpoint['method'], path, operation })),
  );
}

/**
 * A real value (an id, a feed's file name) the service has handed out, picked at request time by
 * index: the pool grows while the fuzzer runs, and an index shrinks like any number. `field` is
 * the name of the field or parameter it goes to: a `referralId` takes the values answers gave
 * under `referralId` three times in four, any known value otherwise.
 */
export class Known {
  constructor(
    readonly index: number,
    readonly field?: string,
  ) {}
}

/** Array items that must differ (`uniqueItems`): two Known of different index may pick the same value, so repeats go when they are filled in. */
export class Distinct {
  constructor(readonly items: unknown[]) {}
}

/** What a request is made of before the known values are filled in: the part fast-check draws and shrinks. */
export interface Draft {
  pathValues: Record<string, unknown>;
  query: Record<string, unknown>;
  /** Absent: no body sent. A string in `rawBody` is sent as it is (malformed JSON). */
  body?: unknown;
  rawBody?: string;
}

export interface FuzzRequest {
  method: Endpoint['method'];
  url: string;
  body?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The ids and feed file names seen so far, by the field they came in, minus those the fuzzer must not touch (its own logins). */
export class KnownValues {
  private readonly all: string[] = [];
  private readonly byField = new Map<string, string[]>();
  private readonly seen = new Set<string>();

  constructor(private readonly untouchable: ReadonlySet<string>) {}

  /** `anywhere`: also a value for fields of other names (ids are; a feed's file name goes only to `file`). */
  private add(value: string, field: string, anywhere = true): void {
    if (this.untouchable.has(value) || this.seen.has(`${field}\0${value}`)) return;
    if (anywhere && !this.seen.has(value)) this.all.push(value);
    this.seen.add(value).add(`${field}\0${value}`);
    if (!this.byField.has(field)) this.byField.set(field, []);
    this.byField.get(field)!.push(value);
  }

  /** Every UUID in an answer under the name of its field (an array's items under the array's), and the file of every calendar-feed address. */
  harvest(body: unknown, field = ''): void {
    if (typeof body === 'string') {
      if (UUID.test(body)) this.add(body, field);
      const feed = /\/calendar-feeds\/([^/?#]+)$/.exec(body);
      if (feed) this.add(feed[1], 'file', false);
    } else if (Array.isArray(body)) body.forEach((item) => this.harvest(item, field));
    else if (body && typeof body === 'object') Object.entries(body).forEach(([key, item]) => this.harvest(item, key));
  }

  /** An answer of `path` (as the document names it): its values by field, and the ids of what it answers (`/referrals` gives referrals) as that resource's ids too. */
  harvestAnswer(path: string, body: unknown): void {
    this.harvest(body);
    const field = idFieldOf(/\/([a-z-]+)(?:\/\{[^}]+\})?$/.exec(path.split('?')[0])?.[1] ?? '');
    for (const item of Array.isArray(body) ? body : [body]) {
      const id = (item as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && UUID.test(id)) this.add(id, field);
    }
  }

  private pick({ index, field }: Known): string {
    const named = field === undefined ? undefined : this.byField.get(field);
    const pool = named && index % 4 !== 0 ? named : this.all;
    return pool.length ? pool[index % pool.length] : '00000000-0000-4000-8000-000000000000';
  }

  /** The draft with each Known replaced by its value. */
  fill(value: unknown): unknown {
    if (value instanceof Known) return this.pick(value);
    if (value instanceof Distinct) {
      const filled = value.items.map((item) => this.fill(item));
      return filled.filter((item, index) => filled.findIndex((other) => JSON.stringify(other) === JSON.stringify(item)) === index);
    }
    if (Array.isArray(value)) return value.map((item) => this.fill(item));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.fill(item)]));
    return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Values that fit a schema, and values that break it.

/** The document's schemas, and whether strings may be huge (a body: up to past its 1 MB; a URL stays under the 16 KB Node allows). */
export interface Shapes {
  schemas: Record<string, Schema>;
  hugeStrings: boolean;
}

/** Follows `$ref` and a single-member `allOf` (how the document names an enum), keeping the outer `nullable`. */
function resolve(schema: Schema, shapes: Shapes): Schema {
  const outer = schema.nullable;
  let inner: Schema;
  if (schema.$ref) {
    const target = shapes.schemas[schema.$ref.replace('#/components/schemas/', '')];
    if (!target) throw new Error(`unknown schema ${schema.$ref}`);
    inner = resolve(target, shapes);
  } else if (schema.allOf) {
    if (schema.allOf.length !== 1) throw new Error(`allOf with ${schema.allOf.length} members: teach the fuzzer to merge them`);
    inner = resolve(schema.allOf[0], shapes);
  } else return schema;
  return outer === undefined ? inner : { ...inner, nullable: outer };
}

function kindOf(schema: Schema): Schema['type'] | 'enum' {
  if (schema.enum) return 'enum';
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  return schema.items ? 'array' : undefined;
}

const DAY_MS = 86_400_000;
const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A local date near today, mostly within six weeks (two of them make a range the calendars and lists
 * accept now and then), else within about a year: every date the service takes is bounded around today.
 */
const nearDate = fc
  .oneof({ arbitrary: fc.integer({ min: -45, max: 45 }), weight: 3 }, fc.integer({ min: -400, max: 400 }))
  .map((days) => new Date(Date.now() + days * DAY_MS).toISOString().slice(0, 10));
/** A quarter hour of the working day. */
const localTime = fc.tuple(fc.integer({ min: 7, max: 17 }), fc.constantFrom(0, 15, 30, 45)).map(([h, m]) => `${pad(h)}:${pad(m)}`);
const instant = fc.tuple(nearDate, localTime, fc.constantFrom('+01:00', '+02:00', 'Z')).map(([date, time, offset]) => `${date}T${time}:00${offset}`);
const knownAs = (field: string | undefined) => fc.nat({ max: 10_000 }).map((index) => new Known(index, field));

/**
 * Path parameters give ids as plain strings, and a field the document cannot describe may still take
 * a date, an instant, a time of day or a zone, so a plain string is drawn as one of those five times
 * as often as plain text (dates and times the document does describe come from validString).
 */
function plainString(schema: Schema, field: string | undefined): fc.Arbitrary<unknown> {
  const min = schema.minLength ?? 0;
  const max = Math.max(min, Math.min(schema.maxLength ?? 60, 60));
  // Code points, as maxLength counts them (a grapheme may be several).
  const text = fc.string({ minLength: min, maxLength: max, unit: 'binary' });
  const roomForLookalikes = min <= 5 && (schema.maxLength ?? Infinity) >= 36;
  return roomForLookalikes ? fc.oneof(text, nearDate, instant, localTime, fc.constant('Europe/Stockholm'), knownAs(field)) : text;
}

function validString(schema: Schema, field?: string): fc.Arbitrary<unknown> {
  switch (schema.format) {
    case 'uuid':
      return fc.oneof({ arbitrary: knownAs(field), weight: 3 }, fc.uuid());
    case 'date':
      return nearDate;
    case 'date-time':
      return instant;
    case 'email':
      return fc.emailAddress();
    default:
      return schema.pattern === undefined ? plainString(schema, field) : patterned(new RegExp(schema.pattern));
  }
}

/** A string the pattern takes: a quarter hour of the working day where it is a time of day, else any. */
function patterned(pattern: RegExp): fc.Arbitrary<string> {
  return fc.oneof({ arbitrary: localTime, weight: 3 }, fc.stringMatching(pattern)).filter((value) => pattern.test(value));
}

function validNumber(schema: Schema): fc.Arbitrary<number> {
  const min = schema.minimum ?? -5;
  const max = schema.maximum ?? Math.max(min + 200, 200);
  const whole = fc.integer({ min: Math.ceil(min), max: Math.floor(max) });
  return schema.type === 'integer' ? whole : fc.oneof({ arbitrary: whole, weight: 4 }, fc.double({ min, max, noNaN: true, noDefaultInfinity: true }));
}

/** Values that fit the schema; `field` names where it goes (see Known). */
export function validValue(given: Schema, shapes: Shapes, depth = 0, field?: string): fc.Arbitrary<unknown> {
  const schema = resolve(given, shapes);
  const value = fitting(schema, shapes, depth, field);
  return schema.nullable ? fc.option(value, { nil: null, freq: 6 }) : value;
}

function fitting(schema: Schema, shapes: Shapes, depth: number, field: string | undefined): fc.Arbitrary<unknown> {
  switch (kindOf(schema)) {
    case 'enum':
      return fc.constantFrom(...schema.enum!);
    case 'string':
      return validString(schema, field);
    case 'number':
    case 'integer':
      return validNumber(schema);
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const minLength = schema.minItems ?? 0;
      const maxLength = Math.min(schema.maxItems ?? 4, Math.max(minLength, 4));
      const items = validValue(schema.items ?? {}, shapes, depth + 1, field);
      return schema.uniqueItems
        ? fc.uniqueArray(items, { minLength, maxLength, selector: (item) => JSON.stringify(item) }).map((unique) => new Distinct(unique))
        : fc.array(items, { minLength, maxLength });
    }
    case 'object': {
      if (!schema.properties && typeof schema.additionalProperties === 'object') {
        return fc.dictionary(fc.string({ minLength: 1, maxLength: 20 }), validValue(schema.additionalProperties, shapes, depth + 1), { maxKeys: 3 });
      }
      const properties = Object.fromEntries(Object.entries(schema.properties ?? {}).map(([key, property]) => [key, validValue(property, shapes, depth + 1, key)]));
      return fc.record(properties, { requiredKeys: (schema.required ?? []).filter((key) => key in properties) });
    }
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

/** A value of another JSON type than the schema's (null only where null is not allowed). */
function wrongType(schema: Schema): fc.Arbitrary<unknown> {
  const kind = kindOf(schema);
  const others: fc.Arbitrary<unknown>[] = [];
  if (kind !== 'string' && kind !== 'enum') others.push(fc.string({ maxLength: 12 }));
  if (kind !== 'number' && kind !== 'integer') others.push(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })));
  if (kind !== 'boolean') others.push(fc.boolean());
  if (kind !== 'array') others.push(fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 3 }));
  if (kind !== 'object') others.push(fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }));
  if (!schema.nullable) others.push(fc.constant(null));
  return fc.oneof(...others);
}

/**
 * Many times one character: in a body up to 1.2 MB (past the 1 MB limit now and then); in a URL
 * 2,000 ASCII characters at most, since Node refuses a request line and headers past 16 KB itself.
 */
function longString(shapes: Shapes): fc.Arbitrary<string> {
  if (!shapes.hugeStrings) return fc.integer({ min: 300, max: 2_000 }).map((length) => 'x'.repeat(length));
  return fc
    .tuple(fc.integer({ min: 2_000, max: 1_200_000 }), fc.constantFrom('x', 'å', '\u{1F600}', ' '))
    .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));
}

/** Strings that look like the service's dates and times but are not, or lie far out. */
const almostDates = fc.constantFrom('2026-02-30', '0001-01-01', '9999-12-31', '+010000-01-01', '2026-13-01T25:61:00+99:00', '2026-06-01T09:00:00', '24:00', '9:5', 'Mars/Olympus');

function brokenString(schema: Schema, shapes: Shapes): fc.Arbitrary<unknown>[] {
  const broken: fc.Arbitrary<unknown>[] = [
    validString(schema).map((value) => `${typeof value === 'string' ? value : 'x'}\u0000`),
    fc.string({ minLength: 1, maxLength: 8 }).map((value) => `\u0000${value}`),
    longString(shapes),
  ];
  if (schema.maxLength !== undefined) broken.push(fc.integer({ min: schema.maxLength + 1, max: schema.maxLength + 40 }).map((length) => 'y'.repeat(length)));
  if (schema.minLength) broken.push(fc.constant(''));
  if (schema.format === 'uuid') broken.push(fc.constantFrom('not-a-uuid', '00000000-0000-0000-0000-00000000000g', '00000000-0000'));
  if (schema.format === undefined) broken.push(almostDates);
  else broken.push(fc.string({ maxLength: 20 }));
  return broken;
}

function brokenNumber(schema: Schema): fc.Arbitrary<unknown>[] {
  const broken: fc.Arbitrary<unknown>[] = [fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -(2 ** 31) - 1, 0.5, -0.000001, 1e-300), fc.constantFrom('12', '1e3', 'NaN', 'Infinity', '')];
  if (schema.minimum !== undefined) broken.push(fc.integer({ min: -1e9, max: Math.ceil(schema.minimum) - 1 }));
  if (schema.maximum !== undefined) broken.push(fc.integer({ min: Math.floor(schema.maximum) + 1, max: 1e12 }));
  return broken;
}

/** Values that break the schema in one place: a wrong type, a bound passed, a NUL, a missing or an extra field. */
export function brokenValue(given: Schema, shapes: Shapes, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolve(given, shapes);
  const options: fc.Arbitrary<unknown>[] = [wrongType(schema)];
  if (depth > 6) return options[0];
  switch (kindOf(schema)) {
    case 'enum':
      options.push(fc.constantFrom('', 'unknown', String(schema.enum![0]).toUpperCase(), `${String(schema.enum![0])} `));
      break;
    case 'string':
      options.push(...brokenString(schema, shapes));
      break;
    case 'number':
    case 'integer':
      options.push(...brokenNumber(schema));
      break;
    case 'array': {
      const items = validValue(schema.items ?? {}, shapes, depth + 1);
      const limit = schema.maxItems ?? 4;
      // Just past maxItems: 10,000 elements of a nested schema would test the generator, not the service.
      if (schema.maxItems !== undefined) options.push(fc.array(items, { minLength: limit + 1, maxLength: limit + 2 }));
      options.push(fc.tuple(fc.array(items, { maxLength: 2 }), brokenValue(schema.items ?? {}, shapes, depth + 1)).map(([array, bad]) => [...array, bad]));
      if (schema.minItems) options.push(fc.constant([]));
      break;
    }
    case 'object': {
      const valid = validValue(schema, shapes, depth);
      const keys = Object.keys(schema.properties ?? {});
      const required = (schema.required ?? []).filter((key) => keys.includes(key));
      if (required.length) options.push(fc.tuple(valid, fc.constantFrom(...required)).map(([value, key]) => without(value, key)));
      // Null for a field that may be left out but is not nullable: class-validator's IsOptional lets it through.
      const notNullable = keys.filter((key) => !resolve(schema.properties![key], shapes).nullable);
      if (notNullable.length) options.push(fc.tuple(valid, fc.constantFrom(...notNullable)).map(([value, key]) => ({ ...(value as object), [key]: null })));
      if (keys.length) {
        const brokenField = fc
          .constantFrom(...keys)
          .chain((key) => fc.tuple(valid, brokenValue(schema.properties![key], shapes, depth + 1)).map(([value, bad]) => ({ ...(value as object), [key]: bad })));
        options.push(brokenField, brokenField);
      }
      options.push(
        fc
          .tuple(valid, fc.constantFrom('extra', 'id', '__proto__', 'constructor', 'role'), fc.jsonValue({ maxDepth: 1 }))
          .map(([value, key, extra]) => ({ ...(value as object), [key]: extra })),
      );
      break;
    }
  }
  return fc.oneof(...options);
}

function without(value: unknown, key: string): unknown {
  if (!value || typeof value !== 'object') return value;
  const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
  return rest;
}

/** A path segment: a known value most often, a random UUID, or garbage (NUL, dots, slashes, unicode, 5,000 characters). */
function pathValue(name: string): fc.Arbitrary<unknown> {
  return fc.oneof(
    { arbitrary: knownAs(name), weight: 4 },
    { arbitrary: fc.uuid(), weight: 2 },
    { arbitrary: fc.string({ minLength: 1, maxLength: 40, unit: 'grapheme' }), weight: 2 },
    fc.constantFrom('\u0000', '..', '%', 'a/b', '00000000-0000-4000-8000-000000000000.ics', '-1', '0', 'x'.repeat(5000)),
  );
}

/** The field that names one of a collection: `group-programs` → `groupProgramId`. */
function idFieldOf(collection: string): string {
  return `${collection.replace(/s$/, '').replace(/-([a-z])/g, (_match, letter: string) => letter.toUpperCase())}Id`;
}

/** Where a path parameter's known values come from: `{id}` after `/group-programs` takes the answers' `groupProgramId`s. */
function fieldOfParameter(path: string, name: string): string {
  const collection = name === 'id' ? /\/([a-z-]+)\/\{id\}/.exec(path)?.[1] : undefined;
  return collection ? idFieldOf(collection) : name;
}

/** Malformed JSON, and JSON that is not an object. */
const rawBodies = fc.constantFrom('{"unterminated": ', '[1, 2', 'null', '"just a string"', '{"a":1}{"b":2}', '');

/** Drafts of requests to an operation: its path, query and body drawn from its schemas, fitting or broken. */
export function draftsFor(endpoint: Endpoint, schemas: Record<string, Schema>): fc.Arbitrary<Draft> {
  const inUrl: Shapes = { schemas, hugeStrings: false };
  const inBody: Shapes = { schemas, hugeStrings: true };
  const parameters = endpoint.operation.parameters ?? [];
  const path = fc.record(Object.fromEntries(parameters.filter((p) => p.in === 'path').map((p) => [p.name, pathValue(fieldOfParameter(endpoint.path, p.name))])));
  const someValue = (p: Parameter) => fc.oneof({ arbitrary: validValue(p.schema, inUrl, 0, p.name), weight: 4 }, brokenValue(p.schema, inUrl));
  // A required parameter is left out now and then (a 400), an optional one often.
  const query = fc.record(
    Object.fromEntries(parameters.filter((p) => p.in === 'query').map((p) => [p.name, fc.option(someValue(p), { nil: undefined, freq: p.required ? 10 : 2 })])),
  );
  const bodySchema = endpoint.operation.requestBody?.content['application/json']?.schema;
  const body: fc.Arbitrary<Pick<Draft, 'body' | 'rawBody'>> = bodySchema
    ? fc.oneof(
        { arbitrary: validValue(bodySchema, inBody).map((value) => ({ body: value })), weight: 5 },
        { arbitrary: brokenValue(bodySchema, inBody).map((value) => ({ body: value })), weight: 4 },
        fc.constant({}),
        rawBodies.map((rawBody) => ({ rawBody })),
      )
    : fc.constant({});
  return fc.tuple(path, query, body).map(([pathValues, query, extras]) => ({ pathValues, query, ...extras }));
}

/** Each segment encoded, dots too, so `..` reaches the service as a value rather than being resolved by the client. */
function encodeSegment(value: unknown): string {
  return encodeURIComponent(typeof value === 'string' ? value : JSON.stringify(value)).replace(/\./g, '%2E');
}

/** The query string: arrays as repeated keys, objects as JSON, null as an empty value. */
function queryString(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      search.append(name, item === null ? '' : typeof item === 'object' ? JSON.stringify(item) : String(item));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function requestOf(endpoint: Endpoint, draft: Draft, known: KnownValues): FuzzRequest {
  const pathValues = known.fill(draft.pathValues) as Record<string, unknown>;
  const path = endpoint.path.replace(/\{([^}]+)\}/g, (_match, name: string) => encodeSegment(pathValues[name]));
  const url = path + queryString(known.fill(draft.query) as Record<string, unknown>);
  const body = draft.rawBody ?? (draft.body === undefined ? undefined : JSON.stringify(known.fill(draft.body)));
  return { method: endpoint.method, url, body };
}

// ---------------------------------------------------------------------------------------------
// Answers against the document.

/**
 * The document's schemas for ajv: OpenAPI 3.0's `nullable` becomes `anyOf` with null, `example`
 * goes, and an object with properties admits no others: a field the document does not name is a
 * field no generated client knows.
 */
function forAjv(schema: Schema | boolean): unknown {
  if (typeof schema === 'boolean') return schema;
  const { nullable, $ref, ...rest } = schema as Schema & { example?: unknown };
  delete (rest as { example?: unknown }).example;
  if ($ref) return nullable ? { anyOf: [{ type: 'null' }, { $ref: $ref.replace('#/components/schemas/', 'api#/$defs/') }] } : { $ref: $ref.replace('#/components/schemas/', 'api#/$defs/') };
  const converted: Record<string, unknown> = { ...rest };
  if (rest.properties) converted.properties = Object.fromEntries(Object.entries(rest.properties).map(([key, value]) => [key, forAjv(value)]));
  if (rest.items) converted.items = forAjv(rest.items);
  if (rest.allOf) converted.allOf = rest.allOf.map(forAjv);
  if (rest.additionalProperties !== undefined) converted.additionalProperties = forAjv(rest.additionalProperties);
  else if (rest.properties) converted.additionalProperties = false;
  return nullable ? { anyOf: [{ type: 'null' }, converted] } : converted;
}

export interface Answered {
  status: number;
  contentType: string;
  /** The parsed JSON body, or the text. */
  body: unknown;
  text: string;
}

export class AnswerChecker {
  private readonly ajv = new Ajv({ allErrors: true, strict: true, strictTypes: false, strictRequired: false, strictTuples: false });
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(document: ApiDocument) {
    addFormats(this.ajv);
    const definitions = Object.fromEntries(Object.entries(document.components.schemas).map(([name, schema]) => [name, forAjv(schema)]));
    this.ajv.addSchema({ $id: 'api', $defs: definitions });
  }

  /** What is wrong with the answer, by the document: nothing when empty. */
  problems(endpoint: Endpoint, answer: Answered): string[] {
    if (answer.status >= 500) return [`a ${answer.status}: nothing a client sends may give a server error`];
    const documented = endpoint.operation.responses[String(answer.status)] ?? endpoint.operation.responses[`${String(answer.status)[0]}XX`];
    if (!documented) return [`status ${answer.status} is not documented (documented: ${Object.keys(endpoint.operation.responses).join(', ')})`];
    const content = Object.entries(documented.content ?? {});
    if (!content.length) return answer.text === '' ? [] : [`status ${answer.status} is documented without a body, but one came`];
    const media = content.find(([type]) => answer.contentType.startsWith(type));
    if (!media) return [`content type "${answer.contentType}" is not documented for ${answer.status} (documented: ${content.map(([type]) => type).join(', ')})`];
    const [type, { schema }] = media;
    if (!schema || type !== 'application/json') return [];
    return this.misfits(`${endpoint.name} ${answer.status}`, schema, answer.body);
  }

  /** Where `value` does not fit `schema` (compiled once under `key`): nothing when it fits. */
  misfits(key: string, schema: Schema, value: unknown): string[] {
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(forAjv(schema) as object);
      this.compiled.set(key, validate);
    }
    return validate(value) ? [] : (validate.errors ?? []).map((error) => `body${error.instancePath} ${error.message} ${JSON.stringify(error.params)}`);
  }
}

/** The request and answer in a few lines, long strings cut, for a failure to be read and replayed. */
export function describeExchange(request: FuzzRequest, headers: Record<string, string>, answer: Answered): string {
  const cut = (text: string, max = 600) => (text.length > max ? `${text.slice(0, max)}… (${text.length} characters in all)` : text);
  const shortStrings = (text: string | undefined) => (text === undefined ? '(none)' : cut(text.replace(/"((?:[^"\\]|\\.){200})(?:[^"\\]|\\.)+"/g, '"$1…"'), 2000));
  return [
    `request: ${request.method.toUpperCase()} ${cut(request.url, 300)}`,
    `  headers: ${JSON.stringify(headers)}`,
    `  body: ${shortStrings(request.body)}`,
    `answer: ${answer.status} ${answer.contentType}`,
    `  body: ${cut(answer.text)}`,
  ].join('\n');
}
