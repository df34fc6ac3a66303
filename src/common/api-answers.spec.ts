import type { OpenAPIObject } from '@nestjs/swagger';
import { describeAccessAndErrors, ERROR_ANSWERS, errorStatuses, PUBLIC_OPERATION } from './api-answers';

const error = { $ref: '#/components/schemas/ApiErrorDto' };

describe('the error answers an operation documents', () => {
  it('are the guard’s, the pipe’s and the services’ for a signed-in caller, with 409 for a taken slot or a wrong state, reads included', () => {
    expect(errorStatuses({ responses: {} }, false)).toEqual([400, 401, 403, 404, 422, 409, 503]);
    expect(errorStatuses({ responses: {}, requestBody: { content: {} } }, false)).toEqual([400, 401, 403, 404, 422, 409, 413, 503]);
  });

  it('are only what the input can cause for a public operation', () => {
    expect(errorStatuses({ responses: {} }, true)).toEqual([503]);
    // The pipe reads path parameters too (a NUL in one is a 400).
    expect(errorStatuses({ responses: {}, parameters: [{ name: 'file', in: 'path' }] }, true)).toEqual([400, 404, 503]);
    expect(errorStatuses({ responses: {}, requestBody: { content: {} } }, true)).toEqual([400, 413, 503]);
  });
});

describe('describeAccessAndErrors', () => {
  const document = (): OpenAPIObject => ({
    openapi: '3.0.0',
    info: { title: 't', version: '1' },
    paths: {
      '/health': { get: { [PUBLIC_OPERATION]: true, responses: { 200: { description: 'up' }, 503: { description: 'down' } } } as never },
      '/things/{id}': { patch: { parameters: [{ name: 'id', in: 'path' }], responses: { 200: { description: 'ok' }, 422: { description: 'a rule of its own' } } } },
    },
  });

  it('marks public operations `security: []` and the rest bearer, dropping the marker', () => {
    const { paths } = describeAccessAndErrors(document(), error);
    expect(paths['/health'].get).toMatchObject({ security: [] });
    expect(paths['/health'].get).not.toHaveProperty(PUBLIC_OPERATION);
    expect(paths['/things/{id}'].patch?.security).toEqual([{ bearer: [] }]);
  });

  it('adds the missing error answers in the one error shape and keeps what an endpoint says itself', () => {
    const { responses } = describeAccessAndErrors(document(), error).paths['/things/{id}'].patch!;
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '404', '409', '422', '503']);
    expect(responses[422]).toEqual({ description: 'a rule of its own', content: { 'application/json': { schema: error } } });
    expect(responses[409]).toMatchObject({ content: { 'application/json': { schema: error } } });
    expect(responses[200]).toEqual({ description: 'ok' });
  });

  it('puts an endpoint’s own error answers in the error shape, over any other description of the status', () => {
    const given = document();
    const login = { [PUBLIC_OPERATION]: true, [ERROR_ANSWERS]: { 401: 'wrong password' }, responses: { 200: { description: 'token' } } };
    const terminus = { description: 'theirs', content: { 'application/json': { schema: { type: 'object' } } } };
    Object.assign(given.paths, { '/login': { post: login }, '/ping': { get: { [ERROR_ANSWERS]: { 503: 'down' }, responses: { 200: { description: 'up' }, 503: terminus } } } });
    const { paths } = describeAccessAndErrors(given, error);
    expect(paths['/login'].post?.responses).toEqual({ 200: { description: 'token' }, 401: { description: 'wrong password', content: { 'application/json': { schema: error } } }, 503: expect.anything() });
    expect(paths['/login'].post).not.toHaveProperty(ERROR_ANSWERS);
    expect(paths['/ping'].get?.responses[503]).toEqual({ description: 'down', content: { 'application/json': { schema: error } } });
  });

  it('keeps the answer an endpoint describes itself over the general one, in the error shape too', () => {
    const { responses } = describeAccessAndErrors(document(), error).paths['/health'].get!;
    expect(Object.keys(responses)).toEqual(['200', '503']);
    expect(responses[503]).toEqual({ description: 'down', content: { 'application/json': { schema: error } } });
  });
});
