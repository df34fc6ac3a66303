import { Inject, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { DEFAULT_REQUEST_TIMEOUT_MS, SERVICE_SETTINGS, ServiceSettings } from '../config/service-settings';
import { requestDeadline } from './request-limits';

/** Every route gets the request deadline (see requestDeadline), the service's and the tests' alike. */
@Module({})
export class RequestLimitsModule implements NestModule {
  constructor(@Inject(SERVICE_SETTINGS) private readonly settings: ServiceSettings) {}

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(requestDeadline(this.settings.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS)).forRoutes('*');
  }
}
