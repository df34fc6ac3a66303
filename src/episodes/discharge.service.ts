import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../access/audit.service';
import { Actor } from '../access/principal';
import { assertStaffRecord } from '../access/site-access';
import { notFound, stateConflict, unprocessable } from '../common/api-errors';
import { SiteCalendarRepository } from '../calendar/site-calendar.repository';
import { calendarDates } from '../core/time/free-time';
import { addDays, formatInstant, localDateOf } from '../core/time/local-time';
import { FollowUpProposalDto, EpisodeReferralAnswerDto } from './episodes.dto';
import { firstFreeSlot } from '../core/planners/follow-up-slot';
import { DischargeSummary, referralAnswerText } from '../core/rules/referral-answer';

/** The follow-up visit is offered about three months after discharge, within four weeks from then. */
const FOLLOW_UP_AFTER_DAYS = 84;
const FOLLOW_UP_SEARCH_DAYS = 28;
const FOLLOW_UP_MINUTES = 60;

/** What discharge produces for others: the referral answer, and the follow-up visit offered to the patient. */
@Injectable()
export class DischargeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly calendars: SiteCalendarRepository,
    private readonly audit: AuditService,
  ) {}

  async referralAnswer(actor: Actor, id: string): Promise<EpisodeReferralAnswerDto> {
    const episode = await this.discharged(actor, id);
    const [visits, [program], [handover]] = await Promise.all([
      this.db.query(
        `SELECT a.assessment_part AS part, a.starts_at FROM appointments a JOIN assessments s ON s.id = a.assessment_id
          WHERE s.referral_id = $1 AND s.status = 'booked' AND a.status <> 'cancelled' ORDER BY a.starts_at`,
        [episode.referral_id],
      ),
      this.db.query(
        `SELECT CASE WHEN bool_or(a.group_program_id IS NOT NULL) THEN 'group' ELSE 'individual' END AS kind,
                count(*) FILTER (WHERE p.participation = 'attended')::int AS attended,
                count(*) FILTER (WHERE p.participation = 'no_show')::int AS missed,
                count(*) FILTER (WHERE p.participation = 'cancelled' OR a.status = 'cancelled')::int AS cancelled,
                count(*) FILTER (WHERE p.participation = 'booked' AND a.status <> 'cancelled')::int AS unrecorded
           FROM appointments a JOIN appointment_patients p ON p.appointment_id = a.id
          WHERE p.patient_id = $1 AND a.site_id = $2 AND (a.group_program_id IS NOT NULL OR a.individual_program_id IS NOT NULL)
          HAVING count(*) > 0`,
        [episode.patient_id, episode.site_id],
      ),
      this.db.query(
        `SELECT to_char(h.effective_from, 'YYYY-MM-DD') AS proposed, to_char(e.effective_from, 'YYYY-MM-DD') AS took_effect, h.status
           FROM sick_leave_handovers h LEFT JOIN sick_leave_entries e ON e.handover_id = h.id
          WHERE h.episode_id = $1 AND h.to_holder = 'referrer' AND h.status <> 'rejected' ORDER BY h.proposed_at DESC LIMIT 1`,
        [id],
      ),
    ]);
    const tz = episode.time_zone;
    const summary: DischargeSummary = {
      patient: { name: episode.patient_name, personalNumber: episode.personal_number },
      referrer: episode.referrer,
      siteName: episode.site_name,
      assessment: {
        visits: visits.filter((v: { part: string }) => v.part !== 'feedback').map((v: { part: string; starts_at: Date }) => ({ part: v.part, date: localDateOf(v.starts_at, tz) })),
        feedbackOn: visits.filter((v: { part: string }) => v.part === 'feedback').map((v: { starts_at: Date }) => localDateOf(v.starts_at, tz))[0] ?? null,
        outcome: episode.outcome,
        outcomeNote: episode.outcome_note,
      },
      program: program ?? null,
      discharge: { on: episode.discharged_on, closingNote: episode.closing_note, rehabilitationPlan: episode.rehabilitation_plan, recommendations: episode.recommendations },
      sickLeave: handover ? { backToReferrerFrom: handover.took_effect ?? handover.proposed, accepted: handover.status === 'accepted' } : null,
    };
    await this.audit.record(actor, 'read', 'referral_answer', [{ patientId: episode.patient_id, resourceId: id }]);
    return { episodeId: id, referrer: episode.referrer, text: referralAnswerText(summary) };
  }

  /**
   * The follow-up visit offered at discharge, with the physician who held the sick-leave
   * responsibility or assessed the patient: the first free hour about three months on, in an office.
   * Booked as it is with POST /appointments.
   */
  async followUpProposal(actor: Actor, id: string): Promise<FollowUpProposalDto> {
    const episode = await this.discharged(actor, id);
    const [physician] = await this.db.query(
      `SELECT staff_id FROM (
         SELECT physician_id AS staff_id, 1 AS rank, recorded_at AS at FROM sick_leave_entries WHERE episode_id = $1 AND physician_id IS NOT NULL
         UNION ALL
         SELECT x.staff_id, 2, a.starts_at FROM appointments a JOIN appointment_staff x ON x.appointment_id = a.id JOIN assessments s ON s.id = a.assessment_id
          WHERE s.referral_id = $2 AND a.assessment_part = 'physician'
         UNION ALL
         SELECT id, 3, created_at FROM staff_members WHERE site_id = $3 AND discipline = 'physician') c
       ORDER BY rank, at DESC LIMIT 1`,
      [id, episode.referral_id, episode.site_id],
    );
    if (!physician) throw unprocessable([{ field: 'id', problem: 'the unit has no physician for a follow-up visit' }]);
    const from = addDays(episode.discharged_on, FOLLOW_UP_AFTER_DAYS);
    const calendar = await this.calendars.load(episode.site_id, from, 0, [episode.patient_id]);
    const request = calendar.request(episode.patient_id, { earliestDate: from });
    const staff = request.staff.find((member) => member.id === physician.staff_id)!;
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
    if (!slot) throw stateConflict(`no free hour for a follow-up visit between ${from} and ${addDays(from, FOLLOW_UP_SEARCH_DAYS - 1)}`);
    return {
      kind: 'follow_up_visit',
      siteId: episode.site_id,
      roomId: slot.roomId,
      staffIds: [physician.staff_id],
      patientIds: [episode.patient_id],
      start: formatInstant(slot.start, request.zone),
      end: formatInstant(slot.end, request.zone),
    };
  }

  private async discharged(actor: Actor, id: string) {
    const [episode] = await this.db.query(
      `SELECT e.id, e.referral_id, e.patient_id, e.site_id, e.phase, to_char(e.discharged_on, 'YYYY-MM-DD') AS discharged_on, e.closing_note,
              e.rehabilitation_plan, e.recommendations, s.name AS site_name, s.time_zone, r.referrer, p.name AS patient_name,
              p.personal_number, a.outcome, a.outcome_note
         FROM episodes e JOIN sites s ON s.id = e.site_id JOIN referrals r ON r.id = e.referral_id JOIN patients p ON p.id = e.patient_id
         LEFT JOIN assessments a ON a.referral_id = e.referral_id AND a.status = 'booked'
        WHERE e.id = $1`,
      [id],
    );
    if (!episode) throw notFound('episode', id);
    assertStaffRecord(actor, { siteId: episode.site_id }, 'episode', id, [episode.patient_id]);
    if (!episode.discharged_on) throw stateConflict(`the episode is in phase ${episode.phase}; this comes with discharge`, { phase: episode.phase });
    return episode;
  }
}
