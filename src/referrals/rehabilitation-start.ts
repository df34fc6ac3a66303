import { EntityManager } from 'typeorm';

/**
 * Marks the start of a patient's rehabilitation on the referral whose assessment offered it: the
 * local date of their first program session or visit. Kept when already set, so a second program
 * does not move it. Runs in the booking's transaction.
 */
export async function markRehabilitationStarted(
  manager: EntityManager,
  patientId: string,
  outcome: 'group_rehab' | 'individual_rehab',
  firstVisit: { startsAt: Date; zone: string },
): Promise<void> {
  await manager.query(
    `UPDATE referrals r SET rehabilitation_started_on = ($3::timestamptz AT TIME ZONE $4)::date
       FROM assessments s
      WHERE s.referral_id = r.id AND s.patient_id = $1 AND s.status = 'booked' AND s.outcome = $2
        AND r.rehabilitation_started_on IS NULL`,
    [patientId, outcome, firstVisit.startsAt, firstVisit.zone],
  );
}
