import { dirname, join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import pino from 'pino';
import { pinoHttp } from 'pino-http';
import { createApiDocument } from './api-document';
import { ApiExceptionFilter } from '../common/http-exception.filter';
import { MAX_BODY_BYTES } from '../common/input-limits';
import { loggablePath } from '../common/loggable-path';
import { answerRefusedBodies } from '../common/request-body';
import { securityHeaders } from '../common/security-headers';
import { createValidationPipe } from '../common/validation';
import { answerErrorsAsOutcomes } from '../fhir/operation-outcome';

/** Pipes, error shape, request log, API docs and the web app: shared by the service, the tests and the benchmarks. */
export async function configureApp(app: INestApplication, logLevel: string): Promise<void> {
  // The web app is static files over the same API (no sign-in needed to load them, only to use them).
  const web = app as NestExpressApplication;
  // First, so that every answer, static files and errors included, carries them.
  web.disable('x-powered-by');
  web.use(securityHeaders());
  // src/web/ beside this folder (dist/src/web/ once built: nest-cli copies it there).
  web.useStaticAssets(join(__dirname, '..', 'web'), { prefix: '/app/' });
  web.useStaticAssets(join(dirname(require.resolve('@fullcalendar/core/package.json')), 'locales'), { prefix: '/vendor/fullcalendar/locales/' });
  web.useStaticAssets(dirname(require.resolve('fullcalendar/package.json')), { prefix: '/vendor/fullcalendar/' });
  web.getHttpAdapter().get('/', (_request: unknown, response: unknown) => web.getHttpAdapter().redirect(response, 302, '/app/'));
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new ApiExceptionFilter());
  app.use(
    pinoHttp({
      logger: pino({ level: logLevel }),
      serializers: {
        req: (req: { method: string; url: string }) => ({ method: req.method, path: loggablePath(req.url) }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    }),
  );
  // Before the body parsers, so that a body they refuse is told as an OperationOutcome there too.
  web.use('/fhir', answerErrorsAsOutcomes);
  // After the request log, so refused bodies are logged too; Nest then adds no parsers of its own.
  // FHIR clients send application/fhir+json, and a JSON Patch its own type: JSON all the same.
  web.useBodyParser('json', { limit: MAX_BODY_BYTES, type: ['application/json', 'application/fhir+json', 'application/json-patch+json'] });
  web.useBodyParser('urlencoded', { limit: MAX_BODY_BYTES, extended: true });
  web.use(answerRefusedBodies);
  SwaggerModule.setup('api/docs', app, await createApiDocument(app), { jsonDocumentUrl: 'api/docs-json' });
}
