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

export interface SiteSettings {
  /** Vårdgaranti: days from the referral's arrival to the first visit (90). */
  careGuaranteeDays: number;
  /** A waiting referral with this many days or fewer left is at risk (14). */
  atRiskDays: number;
  triage: TriageCriteria;
}

export const DEFAULT_SITE_SETTINGS: SiteSettings = {
  careGuaranteeDays: 90,
  atRiskDays: 14,
  triage: {
    minPainMonths: 3,
    maxMeddMgPerDay: 60,
    workingAgeMin: 18,
    workingAgeMax: 67,
    mmrQuarantineYears: 2,
    painTypesInScope: ['musculoskeletal', 'headache'],
  },
};

/** What a site stores: only the values it has changed. */
export interface StoredSiteSettings {
  careGuaranteeDays?: number;
  atRiskDays?: number;
  triage?: Partial<TriageCriteria>;
}

/** The site's stored overrides laid over the defaults, section by section. */
export function resolveSiteSettings(stored: StoredSiteSettings | null | undefined): SiteSettings {
  return {
    careGuaranteeDays: stored?.careGuaranteeDays ?? DEFAULT_SITE_SETTINGS.careGuaranteeDays,
    atRiskDays: stored?.atRiskDays ?? DEFAULT_SITE_SETTINGS.atRiskDays,
    triage: { ...DEFAULT_SITE_SETTINGS.triage, ...stored?.triage },
  };
}
