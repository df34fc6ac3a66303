import { Injectable } from '@nestjs/common';
import { DateTime } from 'luxon';
import { EntityManager } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { assertStaffRecord } from '../access/site-access';
import { badRequest, notFound, problem, stateConflict, unprocessable } from '../common/api-errors';
import { BookingService } from '../calendar/booking.service';
import { SiteCalendarRepository } from '../calendar/site-calendar.repository';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { episodeActions } from '../core/rules/episode-rules';
import { calendarDates } from '../core/time/free-time';
import { addDays, formatInstant, LocalDate, localDateOf } from '../core/time/local-time';
import { DischargeAnswerDto, DischargeDto, FollowUpProposalDto, EpisodeReferralAnswerDto } from './episodes.dto';
import { firstFreeSlot } from '../core/planners/follow-up-slot';
import { DischargeSummary, referralAnswerText } from '../core/rules/referral-answer';
import { EpisodeLedger, THE_RULES, today } from './episode-ledger';
import { EpisodeViews } from './episode-views';
import { DischargedRow, EpisodeRow, EpisodesRepository } from './episodes.repository';
import { SickLeaveRepository } from './sick-leave.repository';

/** The follow-up visit is offered about three months after discharge, within four weeks from then. */
const FOLLOW_UP_AFTER_DAYS = 84;
const FOLLOW_UP_SEARCH_DAYS = 28;
const FOLLOW_UP_MINUTES = 60;

/** Discharge, and what it produces for others: the referral answer, and the follow-up visit offered to the patient. */
@Injectable()
export class DischargeService {
  constructor(
    private readonly ledger: EpisodeLedger,
    private readonly episodes: EpisodesRepository,
    private readonly sickLeave: SickLeaveRepository,
    private readonly views: EpisodeViews,
    private readonly calendars: SiteCalendarRepository,
    private readonly reminders: ReminderOutbox,
    private readonly booking: BookingService,
    private readonly access: AccessService,
  ) {}

  /**
   * Discharge from rehabilitation or other measures (DOMAIN.md step 7): the closing note, plan and
   * recommendations for the referral answer; the responsibility the unit holds proposed back to the
   * referrer; and the NRS questionnaires, today and in a year, on the coordinator's list, with the
   * patient reminded on the day.
   */
  async discharge(actor: Actor, id: string, dto: DischargeDto): Promise<DischargeAnswerDto> {
    const ended = await this.booking.transaction(async (manager) => {
      const episode = await this.ledger.lock(manager, actor, id);
      if (!episodeActions(episode.phase).includes('discharge')) throw stateConflict('episode.phase_not_to', { phase: episode.phase, to: 'discharge' }, { phase: episode.phase });
      const on = await this.dischargeDate(manager, episode, dto.on);
      await this.ledger.move(manager, episode, 'discharged', on, actor, dto.closingNote);
      await this.episodes.recordDischarge(manager, id, on, dto);
      const current = await this.ledger.responsibility(manager, id);
      if (current.holder === 'rehab_unit') {
        const from = on > current.effectiveFrom ? on : addDays(current.effectiveFrom, 1);
        await this.ledger.proposeHandover(manager, id, { to: 'referrer', physicianId: null, effectiveFrom: from, reason: 'discharged from the unit' }, THE_RULES);
      }
      const tasks = await this.episodes.addQuestionnaires(manager, id, on, DateTime.fromISO(on).plus({ years: 1 }).toISODate()!);
      await this.reminders.scheduleQuestionnaires(manager, tasks.map((task) => ({ id: task.id, patientId: episode.patient_id, dueOn: task.due_on, zone: episode.time_zone })));
      // The rehabilitation is over: what was still booked of it goes, reminders with it.
      const coming = await this.episodes.comingProgramVisits(manager, episode.patient_id, episode.site_id);
      await this.episodes.endProgramsAtDischarge(manager, coming.individual, on);
      await this.booking.cancel(manager, coming.individual, 'the patient was discharged');
      await this.booking.unseat(manager, coming.group, episode.patient_id);
      await this.access.log(actor, { action: 'update', resource: 'episode', records: [{ id: id, patientIds: [episode.patient_id] }], manager });
      return { cancelledVisitIds: coming.individual, leftSessionIds: coming.group };
    });
    return { ...(await this.views.get(actor, id)), ended };
  }

  /** The day of discharge: the one given, or today; not in the future, nor before the episode began or the patient's last attended visit. */
  private async dischargeDate(manager: EntityManager, episode: EpisodeRow, given: LocalDate | undefined): Promise<LocalDate> {
    const now = today(episode);
    const on = given ?? now;
    if (on > now) throw badRequest([problem('on', 'validation.not_after_today', { today: now })]);
    if (on < episode.started_on) throw unprocessable([problem('on', 'episode.before_start', { date: episode.started_on })]);
    const last = await this.episodes.lastAttended(manager, episode);
    const lastOn = last && localDateOf(last, episode.time_zone);
    if (lastOn && on < lastOn) throw unprocessable([problem('on', 'episode.before_last_visit', { date: lastOn })]);
    return on;
  }

  async referralAnswer(actor: Actor, id: string): Promise<EpisodeReferralAnswerDto> {
    const episode = await this.discharged(actor, id);
    const [visits, program, handover] = await Promise.all([
      this.episodes.assessmentVisits(episode.referral_id),
      this.episodes.programAttendance(episode.patient_id, episode.site_id),
      this.sickLeave.handoverToReferrer(id),
    ]);
    const tz = episode.time_zone;
    const summary: DischargeSummary = {
      patient: { name: episode.patient_name, personalNumber: episode.personal_number },
      referrer: episode.referrer,
      siteName: episode.site_name,
      assessment: {
        visits: visits.filter((v) => v.part !== 'feedback').map((v) => ({ part: v.part, date: localDateOf(v.starts_at, tz) })),
        feedbackOn: visits.filter((v) => v.part === 'feedback').map((v) => localDateOf(v.starts_at, tz))[0] ?? null,
        outcome: episode.outcome,
        outcomeNote: episode.outcome_note,
      },
      program,
      discharge: { on: episode.discharged_on, closingNote: episode.closing_note, rehabilitationPlan: episode.rehabilitation_plan, recommendations: episode.recommendations },
      sickLeave: handover ? { backToReferrerFrom: handover.took_effect ?? handover.proposed, accepted: handover.status === 'accepted' } : null,
    };
    await this.access.log(actor, { action: 'read', resource: 'referral_answer', records: [{ id: id, patientIds: [episode.patient_id] }] });
    return { episodeId: id, referrer: episode.referrer, text: referralAnswerText(summary) };
  }

  /**
   * The follow-up visit offered at discharge, with the physician who held the sick-leave
   * responsibility or assessed the patient: the first free hour about three months on, in an office.
   * Booked as it is with POST /appointments.
   */
  async followUpProposal(actor: Actor, id: string): Promise<FollowUpProposalDto> {
    const episode = await this.discharged(actor, id);
    const physicianId = await this.episodes.followUpPhysician(id, episode.referral_id, episode.site_id);
    if (!physicianId) throw unprocessable([problem('id', 'episode.no_physician')]);
    const from = addDays(episode.discharged_on, FOLLOW_UP_AFTER_DAYS);
    const calendar = await this.calendars.load(episode.site_id, from, 0, [episode.patient_id]);
    const request = calendar.request(episode.patient_id, { earliestDate: from });
    const staff = request.staff.find((member) => member.id === physicianId)!;
    const slot = firstFreeSlot({
      zone: request.zone,
      closedDays: request.closedDays,
      dates: calendarDates(from, FOLLOW_UP_SEARCH_DAYS),
      workingHours: staff.workingHours,
      staffBusy: staff.busy,
      patientBusy: request.patientBusy,
      rooms: request.rooms.filter((room) => room.kind === 'office'),
      minutes: FOLLOW_UP_MINUTES,
      stepMinutes: request.slotStepMinutes,
    });
    if (!slot) throw stateConflict('episode.no_follow_up_time', { from, to: addDays(from, FOLLOW_UP_SEARCH_DAYS - 1) });
    return {
      kind: 'follow_up_visit',
      siteId: episode.site_id,
      roomId: slot.roomId,
      staffIds: [physicianId],
      patientIds: [episode.patient_id],
      start: formatInstant(slot.start, request.zone),
      end: formatInstant(slot.end, request.zone),
    };
  }

  /** The episode, for its site's staff, once discharged. */
  private async discharged(actor: Actor, id: string): Promise<DischargedRow & { discharged_on: string }> {
    const episode = await this.episodes.discharged(id);
    if (!episode) throw notFound('episode', id);
    assertStaffRecord(actor, { siteId: episode.site_id }, 'episode', id, [episode.patient_id]);
    if (!episode.discharged_on) throw stateConflict('episode.not_discharged', { phase: episode.phase }, { phase: episode.phase });
    return { ...episode, discharged_on: episode.discharged_on };
  }
}
