import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '../access/access.decorators';
import { Actor } from '../access/principal';
import { uuidPipe } from '../common/validation';
import { CreatePatientDto, PatientDto, PatientQueryDto, UpdatePatientDto } from './patients.dto';
import { PatientsService } from './patients.service';

@ApiTags('patients')
@Controller('patients')
export class PatientsController {
  constructor(private readonly patients: PatientsService) {}

  /** A personal number registered already is a 409: with `existingPatientId` when the caller may see that patient. */
  @Roles('admin', 'coordinator')
  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreatePatientDto): Promise<PatientDto> {
    return this.patients.create(actor, dto);
  }

  /**
   * The site's patients, or with `q` those it finds by personal number, name or phone (50 at most);
   * a patient gets only themself. Every patient returned is logged as read.
   */
  @Get()
  list(@CurrentActor() actor: Actor, @Query() query: PatientQueryDto): Promise<PatientDto[]> {
    return this.patients.list(actor, query);
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string): Promise<PatientDto> {
    return this.patients.get(actor, id);
  }

  /**
   * Coordinators change the record and correct the name or personal number (one another patient
   * holds is a 409 as on create); the patient themself their phone, e-mail and reminder channel
   * (any other field is a 403 naming it).
   */
  @Roles('admin', 'coordinator', 'patient')
  @Patch(':id')
  update(@CurrentActor() actor: Actor, @Param('id', uuidPipe()) id: string, @Body() dto: UpdatePatientDto): Promise<PatientDto> {
    return this.patients.update(actor, id, dto);
  }
}
