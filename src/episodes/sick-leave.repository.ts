import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { LocalDate } from '../core/time/local-time';
import { Responsibility, SickLeaveHolder } from '../core/rules/episode-rules';
import type { HandoverDto, PreventiveSickPayRecordDto, SickLeaveDto } from './episodes.dto';

/** A proposed handover as accepting or rejecting it needs it. */
export interface HandoverRow {
  to_holder: SickLeaveHolder;
  to_physician_id: string | null;
  effective_from: LocalDate;
  reason: string;
  status: string;
}

/**
 * The sick-leave responsibility's SQL: its entries (and the timeline view over them), the handovers
 * between referrer and unit, the certificates for preventive sick pay, and the staff facts the rules
 * about physicians read. Writes take the caller's transaction; reads default to the data source.
 */
@Injectable()
export class SickLeaveRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The episode's first entry: the responsibility as the referral describes the patient. */
  async addFirstEntry(manager: EntityManager, entry: { episodeId: string; holder: SickLeaveHolder; effectiveFrom: LocalDate; reason: string; recordedBy: string }): Promise<void> {
    await manager.query(`INSERT INTO sick_leave_entries (episode_id, holder, effective_from, reason, recorded_by) VALUES ($1, $2, $3, $4, $5)`, [
      entry.episodeId,
      entry.holder,
      entry.effectiveFrom,
      entry.reason,
      entry.recordedBy,
    ]);
  }

  /** The entry an accepted handover makes, taking effect `on`; the handover is marked accepted. */
  async acceptHandover(manager: EntityManager, episodeId: string, handoverId: string, handover: HandoverRow, on: LocalDate, decidedBy: string): Promise<void> {
    await manager.query(
      `INSERT INTO sick_leave_entries (episode_id, holder, physician_id, effective_from, handover_id, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [episodeId, handover.to_holder, handover.to_physician_id, on, handoverId, handover.reason, decidedBy],
    );
    await manager.query(`UPDATE sick_leave_handovers SET status = 'accepted', decided_at = now(), decided_by = $2 WHERE id = $1`, [handoverId, decidedBy]);
  }

  async rejectHandover(manager: EntityManager, handoverId: string, decidedBy: string, reason: string): Promise<void> {
    await manager.query(`UPDATE sick_leave_handovers SET status = 'rejected', decided_at = now(), decided_by = $2, decision_reason = $3 WHERE id = $1`, [
      handoverId,
      decidedBy,
      reason,
    ]);
  }

  /** A correction: a new entry from the wrong one's day, naming it. */
  async addCorrection(
    manager: EntityManager,
    correction: { episodeId: string; holder: SickLeaveHolder; physicianId: string | null; effectiveFrom: LocalDate; correctsEntryId: string; reason: string; recordedBy: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO sick_leave_entries (episode_id, holder, physician_id, effective_from, corrects_entry_id, reason, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [correction.episodeId, correction.holder, correction.physicianId, correction.effectiveFrom, correction.correctsEntryId, correction.reason, correction.recordedBy],
    );
  }

  /** An entry of the episode's timeline (a corrected one has left it). */
  async timelineEntry(manager: EntityManager, entryId: string, episodeId: string): Promise<{ id: string; effective_from: LocalDate } | undefined> {
    const [entry] = await manager.query(`SELECT id, effective_from::text AS effective_from FROM sick_leave_timeline WHERE id = $1 AND episode_id = $2`, [entryId, episodeId]);
    return entry;
  }

  /** Who holds the responsibility now: the entry in force with the latest start. */
  async responsibility(manager: EntityManager, episodeId: string): Promise<Responsibility> {
    const [row] = await manager.query(
      `SELECT holder, physician_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from FROM sick_leave_timeline
        WHERE episode_id = $1 ORDER BY effective_from DESC, recorded_at DESC LIMIT 1`,
      [episodeId],
    );
    return { holder: row.holder, physicianId: row.physician_id, effectiveFrom: row.effective_from };
  }

  /** The handover of the episode waiting for an answer, if any. */
  async waitingHandoverId(manager: EntityManager, episodeId: string): Promise<string | null> {
    const [open] = await manager.query(`SELECT id FROM sick_leave_handovers WHERE episode_id = $1 AND status = 'proposed'`, [episodeId]);
    return open?.id ?? null;
  }

  async addHandover(
    manager: EntityManager,
    episodeId: string,
    proposal: { to: SickLeaveHolder; physicianId: string | null; effectiveFrom: LocalDate; reason: string },
    proposedBy: string,
  ): Promise<string> {
    const [{ id }] = await manager.query(
      `INSERT INTO sick_leave_handovers (episode_id, to_holder, to_physician_id, effective_from, reason, proposed_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [episodeId, proposal.to, proposal.physicianId, proposal.effectiveFrom, proposal.reason, proposedBy],
    );
    return id;
  }

  async lockHandover(manager: EntityManager, handoverId: string, episodeId: string): Promise<HandoverRow | undefined> {
    const [handover]: HandoverRow[] = await manager.query(
      `SELECT to_holder, to_physician_id, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, reason, status FROM sick_leave_handovers
        WHERE id = $1 AND episode_id = $2 FOR UPDATE`,
      [handoverId, episodeId],
    );
    return handover;
  }

  timeline(episodeId: string): Promise<SickLeaveDto['timeline']> {
    return this.db.query(
      `SELECT t.id, t.holder, t.physician_id AS "physicianId", m.name AS "physicianName", to_char(lower(t.during), 'YYYY-MM-DD') AS "from",
              to_char(upper(t.during) - 1, 'YYYY-MM-DD') AS "to", t.reason, t.recorded_by AS "recordedBy"
         FROM sick_leave_timeline t LEFT JOIN staff_members m ON m.id = t.physician_id
        WHERE t.episode_id = $1 ORDER BY t.effective_from`,
      [episodeId],
    );
  }

  /** Every entry as recorded, corrected ones included. */
  history(episodeId: string): Promise<SickLeaveDto['history']> {
    return this.db.query(
      `SELECT id, holder, physician_id AS "physicianId", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", reason, recorded_by AS "recordedBy",
              corrects_entry_id AS "correctsEntryId"
         FROM sick_leave_entries WHERE episode_id = $1 ORDER BY recorded_at, id`,
      [episodeId],
    );
  }

  handoversOf(episodeId: string): Promise<HandoverDto[]> {
    return this.handovers('h.episode_id = $1 ORDER BY h.proposed_at', episodeId);
  }

  async handover(handoverId: string): Promise<HandoverDto> {
    const [row] = await this.handovers('h.id = $1', handoverId);
    return row;
  }

  /** The latest handover back to the referrer not rejected, for the referral answer. */
  async handoverToReferrer(episodeId: string): Promise<{ proposed: LocalDate; took_effect: LocalDate | null; status: string } | undefined> {
    const [handover] = await this.db.query(
      `SELECT to_char(h.effective_from, 'YYYY-MM-DD') AS proposed, to_char(e.effective_from, 'YYYY-MM-DD') AS took_effect, h.status
         FROM sick_leave_handovers h LEFT JOIN sick_leave_entries e ON e.handover_id = h.id
        WHERE h.episode_id = $1 AND h.to_holder = 'referrer' AND h.status <> 'rejected' ORDER BY h.proposed_at DESC LIMIT 1`,
      [episodeId],
    );
    return handover;
  }

  preventiveSickPay(episodeId: string): Promise<PreventiveSickPayRecordDto[]> {
    return this.db.query(
      `SELECT s.id, s.physician_id AS "physicianId", m.name AS "physicianName", to_char(s.issued_on, 'YYYY-MM-DD') AS "issuedOn",
              to_char(lower(s.period), 'YYYY-MM-DD') AS "from", to_char(upper(s.period) - 1, 'YYYY-MM-DD') AS "to",
              s.working_fraction AS "workingFraction", s.recorded_by AS "recordedBy"
         FROM preventive_sick_pay s JOIN staff_members m ON m.id = s.physician_id WHERE s.episode_id = $1 ORDER BY s.issued_on`,
      [episodeId],
    );
  }

  async addPreventiveSickPay(
    manager: EntityManager,
    certificate: { episodeId: string; physicianId: string; issuedOn: LocalDate; from: LocalDate; to: LocalDate; workingFraction: number; recordedBy: string },
  ): Promise<void> {
    await manager.query(
      `INSERT INTO preventive_sick_pay (episode_id, physician_id, issued_on, period, working_fraction, recorded_by) VALUES ($1, $2, $3, daterange($4, $5, '[]'), $6, $7)`,
      [certificate.episodeId, certificate.physicianId, certificate.issuedOn, certificate.from, certificate.to, certificate.workingFraction, certificate.recordedBy],
    );
  }

  /** A staff member's discipline (undefined for no such member). */
  async discipline(staffId: string, manager: EntityManager = this.db.manager): Promise<string | undefined> {
    const [member] = await manager.query(`SELECT discipline FROM staff_members WHERE id = $1`, [staffId]);
    return member?.discipline;
  }

  /** A staff member's discipline and site (undefined for no such member). */
  async staffMember(manager: EntityManager, staffId: string): Promise<{ discipline: string; site_id: string } | undefined> {
    const [member] = await manager.query(`SELECT discipline, site_id FROM staff_members WHERE id = $1`, [staffId]);
    return member;
  }

  private handovers(where: string, value: string): Promise<HandoverDto[]> {
    return this.db.query(
      `SELECT h.id, h.to_holder AS "to", h.to_physician_id AS "physicianId", to_char(h.effective_from, 'YYYY-MM-DD') AS "effectiveFrom", h.reason, h.status,
              h.proposed_by AS "proposedBy", h.proposed_at AS "proposedAt", h.decided_by AS "decidedBy", h.decided_at AS "decidedAt",
              h.decision_reason AS "decisionReason", to_char(e.effective_from, 'YYYY-MM-DD') AS "tookEffectOn"
         FROM sick_leave_handovers h LEFT JOIN sick_leave_entries e ON e.handover_id = h.id WHERE ${where}`,
      [value],
    );
  }
}
