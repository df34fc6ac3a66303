import type { EpisodeOfCare, EpisodeOfCareStatusHistory } from '@medplum/fhirtypes';
import type { EpisodePhase } from '../vocabulary';
import { oursMappedTo } from './status-map';

/** Every status R4 gives an EpisodeOfCare: what a search may name (some never occur here). */
export const EPISODE_OF_CARE_STATUSES = ['planned', 'waitlist', 'active', 'onhold', 'finished', 'cancelled', 'entered-in-error'] as const;
export type EpisodeOfCareStatus = (typeof EPISODE_OF_CARE_STATUSES)[number];

/**
 * Our phases as FHIR's statuses: a referred patient waits for the assessment (the waiting list);
 * from the assessment until discharge the unit sees them (active); discharged and followed up,
 * the episode is over (finished). The ledger has no phase for a referral turned down (its episode
 * stays `referred`), so none is `cancelled`; the ServiceRequest says `revoked`.
 */
const FHIR_STATUS = {
  referred: 'waitlist',
  assessment: 'active',
  group_rehab: 'active',
  individual_rehab: 'active',
  other_measures: 'active',
  discharged: 'finished',
  followed_up: 'finished',
} as const satisfies Record<EpisodePhase, EpisodeOfCareStatus>;

/** Our phases that FHIR calls one of `statuses`, for a search. */
export function phasesOf(statuses: readonly EpisodeOfCareStatus[]): EpisodePhase[] {
  return oursMappedTo(FHIR_STATUS, statuses);
}

/** An episode as the API shows it (EpisodeDto), with its site's name: what the mapping reads. */
export interface EpisodeView {
  id: string;
  referralId: string;
  patientId: string;
  phase: EpisodePhase;
  /** The local date it opened: the referral's arrival. */
  startedOn: string;
  /** Every change of phase in order, the first the opening (`to: referred`). */
  transitions: readonly { to: EpisodePhase; onDate: string }[];
  siteName: string;
}

/**
 * The episode as an EpisodeOfCare: its status now and through time (phases FHIR calls the same
 * are one status), the period from the referral's arrival to discharge, the referral it answers
 * and the unit by name (managingOrganization is an Organization, which the API has not, so a
 * display only).
 */
export function episodeOfCareOf(episode: EpisodeView): EpisodeOfCare {
  const history = statusHistory(episode.transitions);
  const end = history.find((entry) => entry.status === 'finished')?.period.start;
  return {
    resourceType: 'EpisodeOfCare',
    id: episode.id,
    status: FHIR_STATUS[episode.phase],
    statusHistory: history,
    type: [{ text: 'Multimodal smärtrehabilitering' }],
    patient: { reference: `Patient/${episode.patientId}` },
    managingOrganization: { display: episode.siteName },
    period: { start: episode.startedOn, ...(end ? { end } : {}) },
    referralRequest: [{ reference: `ServiceRequest/${episode.referralId}` }],
  };
}

/** Each status from the day it began to the day the next one did; the current one has no end. */
function statusHistory(transitions: EpisodeView['transitions']): (EpisodeOfCareStatusHistory & { period: { start: string } })[] {
  const history: (EpisodeOfCareStatusHistory & { period: { start: string; end?: string } })[] = [];
  for (const { to, onDate } of transitions) {
    const status = FHIR_STATUS[to];
    const last = history[history.length - 1];
    if (last?.status === status) continue;
    if (last) last.period.end = onDate;
    history.push({ status, period: { start: onDate } });
  }
  return history;
}
