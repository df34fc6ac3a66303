import { Controller, Get, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/access.decorators';
import { AuditEntryDto, AuditQueryDto } from './audit.dto';
import { AuditRepository } from './audit.repository';

@ApiTags('audit')
@Controller('audit')
export class AuditController {
  constructor(private readonly audit: AuditRepository) {}

  /**
   * Who read or changed a patient's data, who was refused another's data, and every login, newest
   * first (admins only): one entry per request and patient, naming every record it touched. Filters
   * combine: e.g. `?username=…&action=login&outcome=failed`, or `?resourceId=…` for who saw an appointment.
   */
  @Roles('admin')
  @Get()
  find(@Query() query: AuditQueryDto): Promise<AuditEntryDto[]> {
    return this.audit.find(query);
  }
}
