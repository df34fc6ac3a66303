import { disciplineLabel } from './visit-label';
import type { Referrer } from './referral-contents';
import type { Discipline } from '../vocabulary';

export interface DischargeSummary {
  patient: { name: string; personalNumber: string };
  referrer: Referrer;
  siteName: string;
  /** Assessment visits by discipline and local date; the feedback conversation's date. */
  assessment: { visits: { part: string; date: string }[]; feedbackOn: string | null; outcome: string | null; outcomeNote: string | null };
  /** Sessions or visits by what was recorded: attended, no-show, cancelled, or nothing yet. */
  program: { kind: 'group' | 'individual'; attended: number; missed: number; cancelled: number; unrecorded: number } | null;
  discharge: { on: string; closingNote: string; rehabilitationPlan: string; recommendations: string };
  /** Where the sick-leave responsibility goes after discharge, if the patient is on sick leave. */
  sickLeave: { backToReferrerFrom: string; accepted: boolean } | null;
}

const OUTCOMES: Record<string, string> = {
  group_rehab: 'rehabilitering i grupp',
  individual_rehab: 'individuell rehabilitering',
  combined_rehab: 'rehabilitering i grupp kombinerad med individuella besök',
  other_measures: 'andra åtgärder',
};

/**
 * The referral answer (remissvar) to the referrer at discharge, in Swedish: what was done, how the
 * patient took part, the rehabilitation plan and the recommendations (seeds 001 and 004).
 */
export function referralAnswerText(summary: DischargeSummary): string {
  const { patient, referrer, assessment, program, discharge, sickLeave } = summary;
  const lines = [
    `Remissvar – multimodal smärtrehabilitering, ${summary.siteName}`,
    `Till: ${referrer.name}, ${referrer.unit}`,
    `Patient: ${patient.name}, ${patient.personalNumber}`,
    `Avslutad: ${discharge.on}`,
    '',
    'Utredning',
    ...assessment.visits.map((visit) => `- ${capitalize(disciplineLabel(visit.part as Discipline))}: ${visit.date}`),
    ...(assessment.feedbackOn ? [`- Återkopplingssamtal: ${assessment.feedbackOn}`] : []),
    ...(assessment.outcome ? [`Utfall: ${OUTCOMES[assessment.outcome] ?? assessment.outcome}${assessment.outcomeNote ? ` – ${assessment.outcomeNote}` : ''}`] : []),
  ];
  if (program) {
    const total = program.attended + program.missed + program.cancelled + program.unrecorded;
    const unrecorded = program.unrecorded ? `, ${program.unrecorded} utan registrerad närvaro` : '';
    lines.push(
      '',
      program.kind === 'group' ? 'Rehabilitering i grupp' : 'Individuell rehabilitering',
      `Närvaro: ${program.attended} av ${total} tillfällen, ${program.missed} uteblivna, ${program.cancelled} inställda${unrecorded}.`,
    );
  }
  lines.push('', 'Sammanfattning', discharge.closingNote, '', 'Rehabiliteringsplan', discharge.rehabilitationPlan, '', 'Rekommendationer', discharge.recommendations);
  if (sickLeave) {
    const state = sickLeave.accepted ? 'återgår' : 'föreslås återgå';
    lines.push('', `Sjukskrivningsansvaret ${state} till remittenten från ${sickLeave.backToReferrerFrom}.`);
  }
  return lines.join('\n');
}

function capitalize(text: string): string {
  return text.charAt(0).toLocaleUpperCase('sv-SE') + text.slice(1);
}
