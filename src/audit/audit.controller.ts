import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators';
import { AuditEntry } from './audit-entry.entity';
import { AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  /** Who read or changed a patient's data, newest first (admins only). */
  @Roles('admin')
  @Get()
  find(@Query() query: AuditQueryDto): Promise<AuditEntry[]> {
    return this.audit.find(query.patientId, query.limit ?? 200);
  }
}
