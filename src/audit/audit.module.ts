import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditRepository } from './audit.repository';

/** GET /audit: the log, for admins. */
@Module({ controllers: [AuditController], providers: [AuditRepository] })
export class AuditModule {}
