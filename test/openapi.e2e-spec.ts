import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { createTestApp, TestApp } from './support/test-app';

type Operation = { security?: unknown[]; requestBody?: { content?: Record<string, unknown> }; responses: Record<string, { content?: Record<string, { schema?: unknown }> }> };
type Document = { paths: Record<string, Record<string, Operation>>; components: { schemas: Record<string, unknown> } };

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);
// Sign-in and sign-out carry their own credential (a password, a refresh token); a feed's address is its secret.
const PUBLIC = new Set(['get /health', 'post /auth/login', 'post /auth/refresh', 'post /auth/logout', 'get /calendar-feeds/{file}', 'get /auth/oidc/config', 'get /auth/oidc/login', 'get /auth/oidc/callback']);

function operationsOf(document: Document): { name: string; operation: Operation }[] {
  return Object.entries(document.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, operation]) => ({ name: `${method} ${path}`, operation })),
  );
}

/** What swagger-parser finds wrong with a document (null: nothing), the types openapi-typescript makes of it, or why it could not. */
type Tools = { problem: string | null; types: string; typesProblem: string | null };

/** Both tools on the document, in a process of their own (see openapi-tools.mjs). */
async function checkWithTools(document: Document): Promise<Tools> {
  const directory = mkdtempSync(join(tmpdir(), 'openapi-'));
  try {
    writeFileSync(join(directory, 'openapi.json'), JSON.stringify(document));
    const { stdout } = await promisify(execFile)(process.execPath, [join(__dirname, 'support/openapi-tools.mjs'), join(directory, 'openapi.json')], { maxBuffer: 64 * 1024 * 1024 });
    return JSON.parse(stdout) as Tools;
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Every property of the generated `components['schemas']` (nested objects too) whose type says nothing. */
function untypedFields(source: string): string[] {
  const file = ts.createSourceFile('api.d.ts', source, ts.ScriptTarget.Latest, true);
  const components = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === 'components');
  const schemas = components?.members.find((m) => m.name?.getText(file) === 'schemas') as ts.PropertySignature | undefined;
  if (!schemas?.type) throw new Error('no components.schemas in the generated types');
  const found: string[] = [];
  const visit = (node: ts.Node, path: string): void => {
    if (ts.isPropertySignature(node) && node.type) {
      const here = path ? `${path}.${node.name.getText(file)}` : node.name.getText(file);
      if (/\bunknown\b|Record<string, never>/.test(node.type.getText(file)) && !ts.isTypeLiteralNode(node.type)) found.push(`${here}: ${node.type.getText(file)}`);
      ts.forEachChild(node.type, (child) => visit(child, here));
      return;
    }
    ts.forEachChild(node, (child) => visit(child, path));
  };
  ts.forEachChild(schemas.type, (child) => visit(child, ''));
  return found;
}

const OPERATION_OUTCOME = expect.objectContaining({ properties: expect.objectContaining({ resourceType: { type: 'string', enum: ['OperationOutcome'] } }) });

describe('the OpenAPI document (/api/docs-json)', () => {
  let t: TestApp;
  let document: Document;
  let tools: Tools;

  beforeAll(async () => {
    t = await createTestApp();
    document = (await t.http().get('/api/docs-json').expect(200)).body as Document;
    tools = await checkWithTools(document);
  });
  afterAll(() => t.close());

  it('is a valid OpenAPI document', () => {
    expect(tools.problem).toBeNull();
  });

  it('turns into client types where every field of every schema has its type', () => {
    expect(tools.typesProblem).toBeNull();
    expect(untypedFields(tools.types)).toEqual([]);
  });

  it('describes each JSON success answer by its schema, not a bare object', () => {
    const described = (schema: { $ref?: string; properties?: object; items?: { $ref?: string } } = {}) => Boolean(schema.$ref ?? schema.properties ?? schema.items?.$ref);
    for (const { name, operation } of operationsOf(document)) {
      for (const [status, answer] of Object.entries(operation.responses).filter(([status]) => status.startsWith('2'))) {
        const schema = answer.content?.['application/json']?.schema as Parameters<typeof described>[0];
        if (answer.content?.['application/json']) expect({ name, status, described: described(schema) }).toEqual({ name, status, described: true });
      }
    }
  });

  it('names each enum once, as a schema of its own', () => {
    const schemas = document.components.schemas as Record<string, { enum?: unknown[] }>;
    for (const name of ['Role', 'AppointmentStatus', 'ReferralStatus', 'EpisodePhase', 'Discipline']) {
      expect(schemas[name]?.enum?.length).toBeGreaterThan(1);
    }
  });

  it('declares who may call each operation: no one signed in for the public ones, a bearer token for the rest', () => {
    const operations = operationsOf(document);
    expect(operations.filter(({ operation }) => operation.security?.length === 0).map(({ name }) => name).sort()).toEqual([...PUBLIC].sort());
    for (const { name, operation } of operations) {
      if (!PUBLIC.has(name)) expect({ name, security: operation.security }).toEqual({ name, security: [{ bearer: [] }] });
    }
  });

  it('documents the error answers of every operation in the one error shape', () => {
    const error = { $ref: '#/components/schemas/ApiErrorDto' };
    expect(document.components.schemas.ApiErrorDto).toMatchObject({
      required: expect.arrayContaining(['statusCode', 'error', 'message']),
      properties: { details: { type: 'array', items: { $ref: '#/components/schemas/FieldProblemDto' } } },
    });
    for (const { name, operation } of operationsOf(document)) {
      // An error answer declared by hand must not cost the success answer the plugin infers (a redirect, for the sign-in's steps).
      expect({ name, success: Object.keys(operation.responses).some((status) => status.startsWith('2') || status === '303') }).toEqual({ name, success: true });
      const statuses = Object.keys(operation.responses).filter((status) => Number(status) >= 400);
      if (!PUBLIC.has(name)) expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['400', '401', '403', '404', '422']) });
      if (!PUBLIC.has(name) && !name.startsWith('get ')) expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['409']) });
      expect({ name, statuses }).toEqual({ name, statuses: expect.arrayContaining(['503']) });
      // The FHIR routes answer the same errors as OperationOutcomes, in FHIR's media type.
      const [media, shape] = name.includes(' /fhir/') ? ['application/fhir+json', OPERATION_OUTCOME] : ['application/json', error];
      for (const status of statuses) {
        expect({ name, status, schema: operation.responses[status].content?.[media]?.schema }).toEqual({ name, status, schema: shape });
      }
    }
    expect(Object.keys(document.paths['/auth/login'].post.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '429']));
    expect(document.paths['/auth/login'].post.responses['200'].content?.['application/json']?.schema).toEqual({ $ref: '#/components/schemas/TokenDto' });
    expect(Object.keys(document.paths['/auth/refresh'].post.responses)).toEqual(expect.arrayContaining(['400', '401']));
    expect(Object.keys(document.paths['/calendar-feeds/{file}'].get.responses)).toContain('404');
  });

  it('lists the FHIR R4 routes, their bodies and answers as application/fhir+json', () => {
    const fhir = operationsOf(document).filter(({ name }) => name.includes(' /fhir/R4'));
    expect(fhir.map(({ name }) => name).sort()).toEqual(
      ['get /fhir/R4/metadata', 'get /fhir/R4/{type}', 'get /fhir/R4/{type}/{id}', 'post /fhir/R4/{type}', 'put /fhir/R4/{type}/{id}', 'patch /fhir/R4/{type}/{id}'].sort(),
    );
    const answer = (name: string, status: string) => fhir.find((operation) => operation.name === name)!.operation.responses[status].content?.['application/fhir+json']?.schema;
    expect(answer('get /fhir/R4/{type}', '200')).toMatchObject({ properties: { resourceType: { enum: ['Bundle'] } } });
    expect(answer('get /fhir/R4/metadata', '200')).toMatchObject({ properties: { resourceType: { enum: ['CapabilityStatement'] } } });
    expect(answer('post /fhir/R4/{type}', '201')).toMatchObject({ required: ['resourceType'] });
    expect(answer('post /fhir/R4/{type}', '405')).toEqual(OPERATION_OUTCOME);
    expect(Object.keys(document.paths['/fhir/R4/{type}'].post.requestBody?.content ?? {})).toContain('application/fhir+json');
  });

  it('gives dates, instants and times of day their format, pattern and window, in bodies and in queries', () => {
    const properties = (name: string) => (document.components.schemas[name] as { properties: Record<string, unknown> }).properties;
    const instant = { type: 'string', format: 'date-time', pattern: expect.stringContaining('(Z|[+-]\\d{2}:\\d{2})$') };
    expect(properties('CreateAppointmentDto').start).toEqual({ ...instant, description: 'From 5 years before today to 5 years after today.' });
    expect(properties('CreateReferralDto').receivedDate).toEqual({
      type: 'string',
      format: 'date',
      description: expect.stringMatching(/^Local date the referral arrived.* From 5 years before today to today\.$/),
    });
    expect(properties('ReferralContentsDto').earlierMmrCompletedOn).toMatchObject({ format: 'date', description: 'From 1900-01-01 to today.' });
    expect(properties('QuietHoursDto').start).toEqual({ type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' });
    type Parameter = { name: string; in: string; schema: unknown };
    const query = (path: string, name: string) =>
      (document.paths[path].get as unknown as { parameters: Parameter[] }).parameters.find((p) => p.in === 'query' && p.name === name)?.schema;
    expect(query('/staff/{id}/calendar', 'from')).toMatchObject(instant);
    expect(query('/sites/{id}/closed-days', 'to')).toMatchObject({ type: 'string', format: 'date' });
    expect(query('/waitlist', 'asOf')).toMatchObject({ type: 'string', format: 'date' });
  });
});
