import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Principal } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, scopedSiteId } from '../access/site-access';
import { badRequest, FieldProblem, notFound } from '../common/api-errors';
import { boundedRange, MAX_ABSENCE_DAYS } from '../common/query-range';
import { formatInstant } from '../core/time/local-time';
import { overlappingBlocks } from '../core/time/working-hours';
import { SitesService } from '../sites/sites.service';
import { AbsenceDto, CreateAbsenceDto, CreateStaffDto, StaffDto, StaffQueryDto } from './staff.dto';
import { StaffAbsence } from './staff-absence.entity';
import { StaffMember } from './staff-member.entity';
import { StaffRepository } from './staff.repository';

@Injectable()
export class StaffService {
  constructor(
    private readonly repository: StaffRepository,
    private readonly sites: SitesService,
  ) {}

  async create(actor: Principal, dto: CreateStaffDto): Promise<StaffDto> {
    assertSiteAccess(actor, dto.siteId);
    const problems = workingHoursProblems(dto.workingHours);
    if (problems.length) throw badRequest(problems);
    await this.sites.requireReferenced(dto.siteId);
    const workingHours = dto.workingHours.map(({ weekday, start, end }) => ({ weekday, start, end }));
    return toStaffDto(await this.repository.add({ ...dto, workingHours }));
  }

  async list(actor: Principal, query: StaffQueryDto): Promise<StaffDto[]> {
    const siteId = scopedSiteId(actor, query.siteId);
    const staff = await this.repository.list({ siteId, discipline: query.discipline });
    return staff.map(toStaffDto);
  }

  async get(actor: Principal, id: string): Promise<StaffMember> {
    const member = await this.repository.findById(id);
    if (!member) throw notFound('staff member', id);
    assertSiteRecord(actor, member, 'staff member', id);
    return member;
  }

  async addAbsence(actor: Principal, staffId: string, dto: CreateAbsenceDto): Promise<AbsenceDto> {
    const member = await this.get(actor, staffId);
    const { from: start, to: end } = boundedRange(dto.start, dto.end, MAX_ABSENCE_DAYS, { start: 'start', end: 'end' });
    const absence = await this.repository.addAbsence({ staffId, startsAt: start, endsAt: end, reason: dto.reason, note: dto.note ?? null });
    const affectedAppointmentIds = await this.repository.appointmentsDuring(staffId, start, end);
    const { timeZone } = await this.sites.get(member.siteId);
    return { ...toAbsenceDto(absence, timeZone), affectedAppointmentIds };
  }

  async listAbsences(actor: Principal, staffId: string): Promise<AbsenceDto[]> {
    const member = await this.get(actor, staffId);
    const { timeZone } = await this.sites.get(member.siteId);
    const absences = await this.repository.absencesOf(staffId);
    return absences.map((a) => toAbsenceDto(a, timeZone));
  }

  /** Staff members with the absences that touch [from, to): what the booking rules need. */
  async availability(staffIds: readonly string[], from: Date, to: Date, manager?: EntityManager) {
    const staff = staffIds.length ? await this.repository.findByIds(staffIds, manager) : [];
    const absences: StaffAbsence[] = staffIds.length ? await this.repository.absencesTouching(staffIds, from, to, manager) : [];
    return staff.map((member) => ({
      member,
      absences: absences
        .filter((a) => a.staffId === member.id)
        .map((a) => ({ start: a.startsAt.getTime(), end: a.endsAt.getTime(), reason: a.reason })),
    }));
  }
}

function workingHoursProblems(blocks: readonly { weekday: number; start: string; end: string }[]): FieldProblem[] {
  const problems: FieldProblem[] = blocks.flatMap((block, i) =>
    block.end <= block.start ? [{ field: `workingHours.${i}.end`, problem: 'must be after start' }] : [],
  );
  if (problems.length) return problems;
  return overlappingBlocks(blocks).map((block) => ({
    field: 'workingHours',
    problem: `weekday ${block.weekday} ${block.start}–${block.end} overlaps another block`,
  }));
}

export function toStaffDto(member: StaffMember): StaffDto {
  return { id: member.id, siteId: member.siteId, name: member.name, discipline: member.discipline, workingHours: member.workingHours };
}

function toAbsenceDto(absence: StaffAbsence, zone: string): AbsenceDto {
  return {
    id: absence.id,
    staffId: absence.staffId,
    start: formatInstant(absence.startsAt, zone),
    end: formatInstant(absence.endsAt, zone),
    reason: absence.reason,
    note: absence.note,
  };
}
