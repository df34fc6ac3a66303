import { Body, Controller, Get, Header, HttpCode, HttpException, HttpStatus, Inject, Param, Patch, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiParam, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { Bundle, CapabilityStatement, Resource } from '@medplum/fhirtypes';
import { CurrentActor } from '../access/access.decorators';
import type { Actor } from '../access/principal';
import { notFound, problem } from '../common/api-errors';
import { problemText } from '../core/problem-codes';
import { searchset } from './bundle';
import { capabilityStatement } from './capability-statement';
import { FhirAnswer, FhirBody, FhirErrors } from './fhir-openapi';
import { FHIR_JSON, FHIR_RESOURCE_TYPES, FhirResourceType } from './fhir-resources';
import { isResourceId, parseSearch } from './fhir-search';

/** When this build began to answer: the CapabilityStatement's date. */
const STARTED = new Date().toISOString();

/**
 * HL7 FHIR R4 at /fhir/R4: reads, searches and the changes each resource type supports
 * (see `GET /fhir/R4/metadata`), answered as `application/fhir+json`, errors as OperationOutcome.
 * The route is one per interaction; the type in the path picks the resource type.
 */
@ApiTags('FHIR R4')
@Controller('fhir/R4')
export class FhirController {
  private readonly types: ReadonlyMap<string, FhirResourceType>;

  constructor(@Inject(FHIR_RESOURCE_TYPES) types: FhirResourceType[]) {
    this.types = new Map(types.map((type) => [type.type as string, type]));
  }

  /** The CapabilityStatement: exactly the resource types, interactions and searches supported. */
  @Get('metadata')
  @Header('Content-Type', FHIR_JSON)
  @FhirAnswer(200, 'The CapabilityStatement.', ['CapabilityStatement'])
  @FhirErrors({ typed: false })
  metadata(@Req() request: Request): CapabilityStatement {
    return capabilityStatement([...this.types.values()], baseUrl(request), STARTED);
  }

  /** A search: a `searchset` Bundle, `_count` per page (20 by default, 100 at most) from `_offset`. */
  @Get(':type')
  @Header('Content-Type', FHIR_JSON)
  @FhirAnswer(200, 'A searchset Bundle of the matches on this page, with the total and the next page\'s link.', ['Bundle'])
  @FhirErrors({ typed: true })
  @ApiParam({ name: 'type', description: 'A resource type of the CapabilityStatement, e.g. Slot, Appointment, Patient.' })
  async search(@CurrentActor() actor: Actor, @Param('type') typeName: string, @Query() query: Record<string, unknown>, @Req() request: Request): Promise<Bundle> {
    const type = this.typeOf(typeName);
    if (!type.search) throw notSupported(type.type, 'search-type');
    const search = parseSearch(type, query);
    return searchset(baseUrl(request), type.type, search, await type.search(actor, search));
  }

  @Get(':type/:id')
  @Header('Content-Type', FHIR_JSON)
  @FhirAnswer(200, 'The resource.')
  @FhirErrors({ typed: true })
  @ApiParam({ name: 'type', description: 'A resource type of the CapabilityStatement.' })
  async read(@CurrentActor() actor: Actor, @Param('type') typeName: string, @Param('id') id: string): Promise<Resource> {
    const type = this.typeOf(typeName);
    if (!isResourceId(id)) throw notFound(type.type, id.slice(0, 64));
    return type.read(actor, id);
  }

  /** Create (an Appointment books through the same path as POST /appointments); 201 with its Location. */
  @Post(':type')
  @HttpCode(HttpStatus.CREATED)
  @Header('Content-Type', FHIR_JSON)
  @FhirBody('The resource to create, e.g. an Appointment: status booked, start and end (or a Slot), its participants.', 'resource')
  @FhirAnswer(201, 'The created resource; its address in Location.')
  @FhirErrors({ typed: true })
  @ApiParam({ name: 'type', description: 'A resource type whose CapabilityStatement entry lists create (Appointment).' })
  async create(
    @CurrentActor() actor: Actor,
    @Param('type') typeName: string,
    @Body() body: unknown,
    @Req() request: Request,
    @Res({ passthrough: true }) response: Response,
  ): Promise<Resource> {
    const type = this.typeOf(typeName);
    if (!type.create) throw notSupported(type.type, 'create');
    const created = await type.create(actor, body);
    response.setHeader('Location', `${baseUrl(request)}/${created.resourceType}/${created.id}`);
    return created;
  }

  /** Update (an Appointment's status: `cancelled` cancels it as POST /appointments/:id/cancel does). */
  @Put(':type/:id')
  @Header('Content-Type', FHIR_JSON)
  @FhirBody('The resource as it is to be (an Appointment: only its status may change, to cancelled).', 'resource')
  @FhirAnswer(200, 'The resource after the change.')
  @FhirErrors({ typed: true })
  @ApiParam({ name: 'type', description: 'A resource type whose CapabilityStatement entry lists update (Appointment).' })
  async update(@CurrentActor() actor: Actor, @Param('type') typeName: string, @Param('id') id: string, @Body() body: unknown): Promise<Resource> {
    return this.change(typeName, id, 'update', (type) => type.update?.(actor, id, body));
  }

  /** A JSON Patch (application/json-patch+json), e.g. `[{"op":"replace","path":"/status","value":"cancelled"}]`. */
  @Patch(':type/:id')
  @Header('Content-Type', FHIR_JSON)
  @FhirBody('A JSON Patch.', 'patch')
  @FhirAnswer(200, 'The resource after the change.')
  @FhirErrors({ typed: true })
  @ApiParam({ name: 'type', description: 'A resource type whose CapabilityStatement entry lists patch (Appointment).' })
  async patch(@CurrentActor() actor: Actor, @Param('type') typeName: string, @Param('id') id: string, @Body() body: unknown): Promise<Resource> {
    return this.change(typeName, id, 'patch', (type) => type.patch?.(actor, id, body));
  }

  /** An update or patch of one resource: the type must have the interaction, the id FHIR's form. */
  private async change(typeName: string, id: string, interaction: 'update' | 'patch', apply: (type: FhirResourceType) => Promise<Resource> | undefined): Promise<Resource> {
    const type = this.typeOf(typeName);
    if (!type[interaction]) throw notSupported(type.type, interaction);
    if (!isResourceId(id)) throw notFound(type.type, id.slice(0, 64));
    return (await apply(type))!;
  }

  private typeOf(name: string): FhirResourceType {
    const type = this.types.get(name);
    if (!type) throw new HttpException({ statusCode: 404, error: 'Not Found', code: 'fhir.unknown_type', params: { type: name.slice(0, 64) }, message: problemText('fhir.unknown_type', { type: name.slice(0, 64) }) }, 404);
    return type;
  }
}

/** The FHIR base of this request's server, for links and Locations. */
function baseUrl(request: Request): string {
  return `${request.protocol}://${request.get('host')}/fhir/R4`;
}

/** 405: the type exists but not the interaction (the CapabilityStatement says which it has). */
function notSupported(type: string, interaction: string): HttpException {
  const detail = problem('type', 'fhir.not_supported', { type, interaction });
  return new HttpException({ statusCode: 405, error: 'Method Not Allowed', code: 'fhir.not_supported', params: detail.params, message: detail.problem }, 405);
}
