import { Controller, Get, HttpException, HttpStatus, ServiceUnavailableException } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckResult, HealthCheckService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { Public } from '../access/access.decorators';
import { RETRY_AFTER_SECONDS } from '../common/database-unavailable';
import { ApiErrorAnswers } from '../common/error-answers.decorator';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
  ) {}

  /** Up when the database answers; otherwise 503 in the API's error shape, naming what is down. */
  @Public()
  @Get()
  // In place of terminus's own description of the 503, which is not what this answer looks like.
  @ApiErrorAnswers({ 503: 'The database does not answer; `details` names what is down.' })
  @HealthCheck()
  async check(): Promise<HealthCheckResult> {
    try {
      return await this.health.check([() => this.database.pingCheck('database', { timeout: 3000 })]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      const { error: down = {} } = error.getResponse() as HealthCheckResult;
      const details = Object.entries(down).map(([field, indicator]) => ({
        field,
        problem: indicator?.message ? `${indicator.status}: ${String(indicator.message)}` : (indicator?.status ?? 'down'),
        code: 'server.component_down' as const,
        params: { component: field },
      }));
      const message = details.map((d) => `${d.field}: ${d.problem}`).join('; ');
      throw new HttpException({ statusCode: 503, error: 'Service Unavailable', code: 'server.unavailable', message, details, retryAfterSeconds: RETRY_AFTER_SECONDS }, HttpStatus.SERVICE_UNAVAILABLE);
    }
  }
}
