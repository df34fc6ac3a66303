import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor, Principal } from '../access/principal';
import { assertSiteAccess, assertSiteRecord, scopedSiteId } from '../access/site-access';
import { badRequest, FieldProblem, notFound, problem, stateConflict } from '../common/api-errors';
import { DeactivateDto } from '../common/out-of-use.dto';
import { boundedRange, MAX_ABSENCE_DAYS } from '../common/query-range';
import { contains } from '../core/time/interval';
import { formatInstant, LocalDate, localDateOf, localToInstant } from '../core/time/local-time';
import { changeHours, overlappingBlocks, WorkingHoursBlock, workingIntervals } from '../core/time/working-hours';
import { SitesService } from '../sites/sites.service';
import {
  AbsenceDto,
  ChangeWorkingHoursDto,
  CreateAbsenceDto,
  CreateStaffDto,
  StaffChangeDto,
  StaffDto,
  StaffQueryDto,
  UpdateAbsenceDto,
  UpdateStaffDto,
} from './staff.dto';
import { StaffAbsence } from './staff-absence.entity';
import { StaffMember } from './staff-member.entity';
import { StaffRepository } from './staff.repository';

@Injectable()
export class StaffService {
  constructor(
    private readonly repository: StaffRepository,
    private readonly sites: SitesService,
    private readonly access: AccessService,
  ) {}

  async create(actor: Principal, dto: CreateStaffDto): Promise<StaffDto> {
    assertSiteAccess(actor, dto.siteId);
    const problems = workingHoursProblems(dto.workingHours);
    if (problems.length) throw badRequest(problems);
    await this.sites.requireReferenced(dto.siteId);
    const workingHours = weekOf(dto.workingHours);
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

  /** The record's own fields (the HSA-id); a field left out stays as it is, so an empty change changes nothing. */
  async update(actor: Actor, id: string, dto: UpdateStaffDto): Promise<StaffDto> {
    return this.withMember(actor, id, async (manager, member) => {
      if (dto.hsaId === undefined) return toStaffDto(member);
      const saved = await this.repository.saveChange(manager, id, { hsaId: dto.hsaId });
      await this.access.logChange(actor, { resource: 'staff_member', id, manager });
      return toStaffDto(saved);
    });
  }

  /**
   * New working hours from a date (until one, if given). Nothing booked moves: the answer lists the
   * booked visits from then on that fall outside the hours now valid on their day.
   */
  async changeHours(actor: Actor, id: string, dto: ChangeWorkingHoursDto): Promise<StaffChangeDto> {
    if (dto.until !== undefined && dto.until <= dto.from) throw badRequest([problem('until', 'validation.after', { other: 'from' })]);
    const problems = workingHoursProblems(dto.workingHours);
    if (problems.length) throw badRequest(problems);
    return this.change(actor, id, (member) => {
      if (member.deactivatedFrom) throw stateConflict('staff.out_of_use', { staff: member.name, date: member.deactivatedFrom });
      return { workingHours: changeHours(member.workingHours, weekOf(dto.workingHours), dto.from, dto.until), from: dto.from, until: dto.until ?? null };
    });
  }

  /** Out of use from the date: their hours end there, so nobody plans or books them; the answer lists their booked visits from then on. */
  async deactivate(actor: Actor, id: string, dto: DeactivateDto): Promise<StaffChangeDto> {
    return this.change(actor, id, (member) => {
      if (member.deactivatedFrom) throw stateConflict('staff.out_of_use_already', { staff: member.name, date: member.deactivatedFrom });
      return { workingHours: changeHours(member.workingHours, [], dto.from), deactivatedFrom: dto.from, from: dto.from, until: null };
    });
  }

  /** The change, its audit entry and the visits it leaves outside the hours, in one transaction (see withMember). */
  private async change(
    actor: Actor,
    id: string,
    changed: (member: StaffMember) => { workingHours: WorkingHoursBlock[]; deactivatedFrom?: LocalDate; from: LocalDate; until: LocalDate | null },
  ): Promise<StaffChangeDto> {
    return this.withMember(actor, id, async (manager, member, timeZone) => {
      const { from, until, ...change } = changed(member);
      const saved = await this.repository.saveChange(manager, id, change);
      await this.access.logChange(actor, { resource: 'staff_member', id, manager });
      const startOf = (date: LocalDate) => localToInstant(date, '00:00', timeZone);
      const visits = await this.repository.bookedVisits(manager, id, startOf(from), until ? startOf(until) : null);
      const outside = visits.filter((visit) => !workingIntervals(saved.workingHours, localDateOf(visit.start, timeZone), timeZone).some((hours) => contains(hours, visit)));
      return { staff: toStaffDto(saved), affectedAppointmentIds: outside.map((visit) => visit.id) };
    });
  }

  async addAbsence(actor: Actor, staffId: string, dto: CreateAbsenceDto): Promise<AbsenceDto> {
    const { from: start, to: end } = absenceRange(dto.start, dto.end);
    return this.absenceChange(actor, staffId, async (manager) =>
      this.repository.addAbsence(manager, { staffId, startsAt: start, endsAt: end, reason: dto.reason, note: dto.note ?? null }),
    );
  }

  /** Moves, shortens or re-words an absence; the answer lists the booked visits inside it as it is now. */
  async updateAbsence(actor: Actor, staffId: string, absenceId: string, dto: UpdateAbsenceDto): Promise<AbsenceDto> {
    return this.absenceChange(actor, staffId, async (manager) => {
      const absence = await this.repository.findAbsence(manager, staffId, absenceId);
      if (!absence) throw notFound('absence', absenceId);
      const { from, to } = absenceRange(dto.start ?? absence.startsAt.toISOString(), dto.end ?? absence.endsAt.toISOString());
      return this.repository.saveAbsence(manager, {
        ...absence,
        startsAt: from,
        endsAt: to,
        reason: dto.reason ?? absence.reason,
        note: dto.note === undefined ? absence.note : dto.note,
      });
    });
  }

  /** Deletes an absence: its time is free for booking and planning at once. */
  async removeAbsence(actor: Actor, staffId: string, absenceId: string): Promise<void> {
    await this.withMember(actor, staffId, async (manager) => {
      const absence = await this.repository.findAbsence(manager, staffId, absenceId);
      if (!absence) throw notFound('absence', absenceId);
      await this.repository.removeAbsence(manager, absence);
      await this.access.logChange(actor, { resource: 'staff_absence', id: absenceId, manager });
    });
  }

  /** The absence changed, its audit entry, and the booked visits inside it as it is afterwards. */
  private async absenceChange(actor: Actor, staffId: string, changed: (manager: EntityManager) => Promise<StaffAbsence>): Promise<AbsenceDto> {
    return this.withMember(actor, staffId, async (manager, _member, timeZone) => {
      const absence = await changed(manager);
      await this.access.logChange(actor, { resource: 'staff_absence', id: absence.id, manager });
      const affectedAppointmentIds = await this.repository.appointmentsDuring(staffId, absence.startsAt, absence.endsAt, manager);
      return { ...toAbsenceDto(absence, timeZone), affectedAppointmentIds };
    });
  }

  /**
   * `work` in one transaction with the member (of the caller's site) held FOR UPDATE: a booking
   * checked against their hours and absences commits before the change, or waits and sees it
   * (the booking's rule read, CalendarRepository.rulesInput, holds them FOR SHARE).
   */
  private async withMember<T>(actor: Actor, id: string, work: (manager: EntityManager, member: StaffMember, timeZone: string) => Promise<T>): Promise<T> {
    const { timeZone } = await this.sites.get((await this.get(actor, id)).siteId);
    return this.repository.transaction(async (manager) => {
      const member = await this.repository.lock(manager, id);
      if (!member) throw notFound('staff member', id);
      return work(manager, member, timeZone);
    });
  }

  async listAbsences(actor: Principal, staffId: string): Promise<AbsenceDto[]> {
    const member = await this.get(actor, staffId);
    const { timeZone } = await this.sites.get(member.siteId);
    const absences = await this.repository.absencesOf(staffId);
    return absences.map((a) => toAbsenceDto(a, timeZone));
  }
}

/** The blocks as given, without anything else the client sent. */
function weekOf(blocks: readonly WorkingHoursBlock[]): WorkingHoursBlock[] {
  return blocks.map(({ weekday, start, end }) => ({ weekday, start, end }));
}

function absenceRange(start: string, end: string): { from: Date; to: Date } {
  return boundedRange(start, end, MAX_ABSENCE_DAYS, { start: 'start', end: 'end' });
}

function workingHoursProblems(blocks: readonly { weekday: number; start: string; end: string }[]): FieldProblem[] {
  const problems: FieldProblem[] = blocks.flatMap((block, i) =>
    block.end <= block.start ? [problem(`workingHours.${i}.end`, 'validation.after', { other: 'start' })] : [],
  );
  if (problems.length) return problems;
  return overlappingBlocks(blocks).map((block) => problem('workingHours', 'validation.hours_overlap', { weekday: block.weekday, start: block.start, end: block.end }));
}

export function toStaffDto(member: StaffMember): StaffDto {
  return {
    id: member.id,
    siteId: member.siteId,
    name: member.name,
    discipline: member.discipline,
    workingHours: member.workingHours,
    deactivatedFrom: member.deactivatedFrom,
    hsaId: member.hsaId,
  };
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
