import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { AuditController } from './audit.controller';
import { AuditService } from './audit.service';
import { RefusedAccessInterceptor } from './refused-access.interceptor';

@Global()
@Module({
  controllers: [AuditController],
  providers: [AuditService, { provide: APP_INTERCEPTOR, useClass: RefusedAccessInterceptor }],
  exports: [AuditService],
})
export class AuditModule {}
