import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, getSchemaPath, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { describeAccessAndErrors } from '../common/api-answers';
import { ApiErrorDto } from '../common/api-error.dto';
import pluginMetadata from '../openapi-metadata';

/**
 * The OpenAPI document the service serves at /api/docs-json, and the one the tests check and walk.
 * Schemas come from the swagger plugin's metadata generated from the TypeScript types
 * (scripts/openapi-metadata.js), so a build and a test run describe the API alike.
 */
export async function createApiDocument(app: INestApplication): Promise<OpenAPIObject> {
  await SwaggerModule.loadPluginMetadata(pluginMetadata);
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('rehab-scheduler')
      .setDescription('Scheduling for multimodal pain rehabilitation: referrals, assessments, programs, calendars.')
      .setVersion('0.1.0')
      .addBearerAuth()
      .build(),
    { extraModels: [ApiErrorDto] },
  );
  // Swagger gives a named enum the description of the first field using it; the fields keep their own.
  for (const schema of Object.values(document.components?.schemas ?? {})) if ('enum' in schema) delete schema.description;
  return describeAccessAndErrors(document, { $ref: getSchemaPath(ApiErrorDto) });
}
