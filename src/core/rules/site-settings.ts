import type { AppointmentKind } from '../vocabulary';

/**
 * Per-site rules that another unit may set differently without a code change. Stored as JSON on
 * the site; whatever a site has not set falls back to these defaults (seed 004 and seed 000).
 */
export interface TriageCriteria {
  /** Pain must have lasted at least this long (seed 004: 3–6 months). */
  minPainMonths: number;
  /** Opioids above this morphine-equivalent daily dose exclude (seed 000: 60 mg). */
  maxMeddMgPerDay: number;
  workingAgeMin: number;
  workingAgeMax: number;
  /** A multimodal rehabilitation completed within this many years excludes (seed 004: 2). */
  mmrQuarantineYears: number;
  painTypesInScope: string[];
}

/** How the four-discipline assessment is booked (DOMAIN.md step 5). */
export interface AssessmentSettings {
  /** Length of each assessment visit; per discipline where it differs. */
  visitMinutes: Record<string, number>;
  /** Room kind each discipline needs; `office` where not named (physiotherapy may need the gym). */
  roomKindByDiscipline: Record<string, string>;
  /** All assessment visits fall within this many days from the first possible date. */
  windowDays: number;
  maxVisitsPerDay: number;
  feedbackMinutes: number;
  /** The team meets between the last visit and the feedback conversation. */
  feedbackMinWorkingDaysAfter: number;
  /** The feedback conversation may fall this many days after the window. */
  feedbackExtraDays: number;
  slotStepMinutes: number;
}

/** What patients need to reach the unit, and how late they may cancel a visit themselves. */
export interface PatientServiceSettings {
  /** The unit's phone number as patients dial it, e.g. "021-17 30 00"; null until the site sets it. */
  phone: string | null;
  /** Where the unit is, e.g. "Västmanlands sjukhus, ingång 29, 721 89 Västerås"; null until set. */
  address: string | null;
  /** A patient may cancel a visit themself until this many hours before it starts (24); later, they call. */
  cancelHoursBefore: number;
}

/** When and how patients are reminded of their visits. */
export interface ReminderSettings {
  /**
   * Hours before a visit that a reminder goes out, per kind of visit. Whole days count as calendar
   * days: a reminder 48 hours ahead comes at the visit's own clock time two days before, even
   * across a change to or from summer time.
   */
  hoursBefore: Record<AppointmentKind, number[]>;
  /** No SMS in these local hours (21:00–08:00): one due then waits for the end, or is dropped if the visit comes first. */
  smsQuietHours: { start: string; end: string };
  /** How a patient cancels, as the reminder tells them. */
  howToCancel: string;
}

export interface SiteSettings {
  /** Vårdgaranti: days from the referral's arrival to the first visit (90). */
  careGuaranteeDays: number;
  /** A waiting referral with this many days or fewer left is at risk (14). */
  atRiskDays: number;
  /** A patient's cancellation (or illness) this many hours or fewer before the visit is a late one (24). */
  lateCancellationHours: number;
  /** A visit of a patient who needs an interpreter takes this much longer (0: as long as any other). */
  interpreterExtraMinutes: number;
  triage: TriageCriteria;
  assessment: AssessmentSettings;
  reminders: ReminderSettings;
  patientService: PatientServiceSettings;
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  careGuaranteeDays: 90,
  atRiskDays: 14,
  lateCancellationHours: 24,
  interpreterExtraMinutes: 0,
  triage: {
    minPainMonths: 3,
    maxMeddMgPerDay: 60,
    workingAgeMin: 18,
    workingAgeMax: 67,
    mmrQuarantineYears: 2,
    painTypesInScope: ['musculoskeletal', 'headache'],
  },
  assessment: {
    visitMinutes: { nurse: 90, physician: 90, physiotherapist: 90, psychologist: 90, occupational_therapist: 90 },
    roomKindByDiscipline: {},
    windowDays: 28,
    maxVisitsPerDay: 1,
    feedbackMinutes: 60,
    feedbackMinWorkingDaysAfter: 2,
    feedbackExtraDays: 7,
    slotStepMinutes: 15,
  },
  reminders: {
    hoursBefore: {
      assessment_visit: [48],
      feedback_conversation: [48],
      group_session: [24],
      individual_visit: [48, 2],
      follow_up_visit: [48],
      other: [48],
    },
    smsQuietHours: { start: '21:00', end: '08:00' },
    howToCancel: 'Om du inte kan komma, ring mottagningen så snart som möjligt så att någon annan kan få tiden.',
  },
  patientService: { phone: null, address: null, cancelHoursBefore: 24 },
};

/** What a site stores: only the values it has changed, at any depth. */
export type StoredSiteSettings = DeepPartial<SiteSettings>;
type DeepPartial<T> = { [K in keyof T]?: T[K] extends unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K] };

/** The site's stored overrides laid over the defaults. */
export function resolveSiteSettings(stored: StoredSiteSettings | null | undefined): SiteSettings {
  return mergeSettings(DEFAULT_SITE_SETTINGS, stored ?? {});
}

/** Objects merge key by key; arrays and plain values replace. Used for defaults and for PATCH alike. */
export function mergeSettings<T>(base: T, changes: DeepPartial<T>): T {
  const merged: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [key, value] of Object.entries(changes as Record<string, unknown>)) {
    if (value === undefined) continue;
    const current = merged[key];
    const bothObjects = isPlainObject(value) && isPlainObject(current);
    merged[key] = bothObjects ? mergeSettings(current, value) : value;
  }
  return merged as T;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
