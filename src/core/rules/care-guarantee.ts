import { daysBetween, LocalDate } from '../time/local-time';

export const WAIT_STATUSES = ['ok', 'at_risk', 'breached'] as const;
export type WaitStatus = (typeof WAIT_STATUSES)[number];

/**
 * Where a waiting referral stands against its care-guarantee deadline on `today`, in local calendar
 * days (a day with a daylight-saving change is still one day). On the deadline day itself a first
 * visit still keeps the guarantee, so the breach starts the day after.
 */
export function waitStanding(deadline: LocalDate, today: LocalDate, atRiskDays: number): { daysLeft: number; status: WaitStatus } {
  const daysLeft = daysBetween(today, deadline);
  const status: WaitStatus = daysLeft < 0 ? 'breached' : daysLeft <= atRiskDays ? 'at_risk' : 'ok';
  return { daysLeft, status };
}
