import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** GET /audit: the log, for admins. */
@Module({ controllers: [AuditController] })
export class AuditModule {}
