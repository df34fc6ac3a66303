import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { coverProposals } from '../core/planners/absence-cover';
import { resolveSiteSettings } from '../core/rules/site-settings';
import { addDays, daysBetween, formatInstant, localDateOf } from '../core/time/local-time';
import { SitesService } from '../sites/sites.service';
import { CreateAbsenceDto } from '../staff/staff.dto';
import { StaffService } from '../staff/staff.service';
import { AbsenceWithCoverDto } from './absence-cover.dto';
import { SiteCalendarRepository } from './site-calendar.repository';

/** How many days from a visit's own a new time is looked for. */
const COVER_SEARCH_DAYS = 14;
/** How long one answer may spend proposing; the visits left are listed without a proposal. */
const COVER_BUDGET_MS = 1_500;

/**
 * A new absence, and on request where each booked visit inside it could go (coverProposals), from
 * the site calendar the planners keep in memory: the absence is committed first, so the calendar
 * already holds it. Proposals book nothing; the coordinator moves each visit with PATCH /appointments/:id.
 */
@Injectable()
export class AbsenceCoverService {
  constructor(
    private readonly staff: StaffService,
    private readonly sites: SitesService,
    private readonly calendars: SiteCalendarRepository,
    private readonly access: AccessService,
  ) {}

  async addAbsence(actor: Actor, staffId: string, dto: CreateAbsenceDto, propose: boolean): Promise<AbsenceWithCoverDto> {
    const absence = await this.staff.addAbsence(actor, staffId, dto);
    if (!propose) return absence;
    const member = await this.staff.get(actor, staffId);
    const visits = await this.calendars.visitsToCover(absence.affectedAppointmentIds ?? [], staffId);
    if (!visits.length) return { ...absence, proposals: [], proposalsComplete: true };
    const site = await this.sites.get(member.siteId);
    const zone = site.timeZone;
    const { assessment } = resolveSiteSettings(site.settings);
    const firstDate = localDateOf(visits[0].start, zone);
    const lastDate = addDays(localDateOf(visits[visits.length - 1].start, zone), COVER_SEARCH_DAYS);
    // The calendar covers its key's window and feedback days (the key proposals share); more only when needed.
    const horizonDays = Math.max(0, daysBetween(firstDate, lastDate) + 1 - assessment.windowDays - assessment.feedbackExtraDays);
    const patientIds = [...new Set(visits.flatMap((visit) => visit.patientIds))];
    const calendar = await this.calendars.look(member.siteId, firstDate, horizonDays, patientIds);
    const outcomes = coverProposals({
      zone,
      closedDays: calendar.closedDays,
      slotStepMinutes: assessment.slotStepMinutes,
      absentStaffId: staffId,
      staff: calendar.staff.filter((candidate) => candidate.discipline === member.discipline),
      rooms: calendar.rooms,
      patientBusy: (patientId) => calendar.request(patientId, { earliestDate: firstDate }).patientBusy,
      visits,
      searchDays: COVER_SEARCH_DAYS,
      notBefore: Date.now(),
      deadline: Date.now() + COVER_BUDGET_MS,
      clock: Date.now,
    });
    await this.access.log(actor, { action: 'read', resource: 'appointment', records: visits.map((visit) => ({ id: visit.id, patientIds: visit.patientIds })) });
    return {
      ...absence,
      proposals: outcomes.map((outcome) => ({
        appointmentId: outcome.appointmentId,
        start: outcome.proposal ? formatInstant(outcome.proposal.start, zone) : null,
        end: outcome.proposal ? formatInstant(outcome.proposal.end, zone) : null,
        staffId: outcome.proposal?.staffId ?? null,
        roomId: outcome.proposal?.roomId ?? null,
        problem: outcome.proposal ? null : outcome.problem.problem,
        code: outcome.proposal ? null : outcome.problem.code,
        params: outcome.proposal ? null : outcome.problem.params,
      })),
      proposalsComplete: !outcomes.some((outcome) => !outcome.proposal && outcome.problem.code === 'cover.timed_out'),
    };
  }
}
