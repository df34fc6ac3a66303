import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AppointmentStatus } from '../core/vocabulary';
import type { VisitRequestKind } from './visit-requests.dto';
import { WORKLIST_LIMIT } from './worklists.repository';

/** A patient's visit, locked for their own change: what the rules and the audit need. */
export interface OwnVisitRow {
  id: string;
  siteId: string;
  status: AppointmentStatus;
  start: Date;
  patientIds: string[];
}

export interface VisitRequestRow {
  id: string;
  kind: VisitRequestKind;
  appointmentId: string;
  patientId: string;
  patientName: string;
  siteId: string;
  note: string | null;
  createdAt: Date;
  visitStart: Date;
  timeZone: string;
}

/** Patients' cancellations and move requests as the coordinator's worklist holds them. */
@Injectable()
export class VisitRequestsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The visit with every patient on it, locked against a concurrent change (null when there is none). */
  async lockVisit(manager: EntityManager, id: string): Promise<OwnVisitRow | null> {
    const [row] = await manager.query(
      `SELECT a.id, a.site_id AS "siteId", a.status, a.starts_at AS start,
              ARRAY(SELECT ap.patient_id FROM appointment_patients ap WHERE ap.appointment_id = a.id AND ap.participation <> 'cancelled') AS "patientIds"
         FROM appointments a WHERE a.id = $1 FOR UPDATE OF a`,
      [id],
    );
    return row ?? null;
  }

  /** Records the request; false when one of its kind for this visit and patient is open already. */
  async add(manager: EntityManager, request: { kind: VisitRequestKind; appointmentId: string; patientId: string; siteId: string; note: string | null }): Promise<string | null> {
    const [row] = await manager.query(
      `INSERT INTO patient_visit_requests (kind, appointment_id, patient_id, site_id, note) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (appointment_id, patient_id, kind) WHERE resolved_at IS NULL DO NOTHING RETURNING id`,
      [request.kind, request.appointmentId, request.patientId, request.siteId, request.note],
    );
    return row?.id ?? null;
  }

  /** Open requests (of a site, or all), the oldest first. */
  open(siteId: string | null, manager: EntityManager = this.db.manager): Promise<VisitRequestRow[]> {
    return manager.query(`${REQUESTS} WHERE r.resolved_at IS NULL AND ($1::uuid IS NULL OR r.site_id = $1) ORDER BY r.created_at, r.id LIMIT $2`, [siteId, WORKLIST_LIMIT]);
  }

  /** One request, open or not, locked for resolving. */
  async lock(manager: EntityManager, id: string): Promise<(VisitRequestRow & { resolvedAt: Date | null }) | null> {
    const [row] = await manager.query(`${REQUESTS} WHERE r.id = $1 FOR UPDATE OF r`, [id]);
    return row ?? null;
  }

  async resolve(manager: EntityManager, id: string, userId: string, resolution: string | null): Promise<void> {
    await manager.query(`UPDATE patient_visit_requests SET resolved_at = now(), resolved_by = $2, resolution = $3 WHERE id = $1`, [id, userId, resolution]);
  }
}

const REQUESTS = `
  SELECT r.id, r.kind, r.appointment_id AS "appointmentId", r.patient_id AS "patientId", p.name AS "patientName", r.site_id AS "siteId",
         r.note, r.created_at AS "createdAt", r.resolved_at AS "resolvedAt", a.starts_at AS "visitStart", s.time_zone AS "timeZone"
    FROM patient_visit_requests r JOIN patients p ON p.id = r.patient_id JOIN appointments a ON a.id = r.appointment_id JOIN sites s ON s.id = r.site_id`;
