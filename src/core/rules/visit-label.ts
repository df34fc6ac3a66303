import type { AppointmentKind, Discipline } from '../vocabulary';

/** The profession in Swedish, as patients read it. */
export function disciplineLabel(discipline: Discipline): string {
  return DISCIPLINE_LABELS[discipline];
}

const DISCIPLINE_LABELS: Record<Discipline, string> = {
  nurse: 'sjuksköterska',
  physician: 'läkare',
  physiotherapist: 'fysioterapeut',
  psychologist: 'psykolog',
  occupational_therapist: 'arbetsterapeut',
};

/** What the visit is, in Swedish and without clinical detail beyond its kind. */
export function visitLabel(entry: { kind: AppointmentKind; assessment: { part: string } | null; groupProgram: { sessionNumber: number } | null }): string {
  switch (entry.kind) {
    case 'assessment_visit': {
      const part = entry.assessment?.part as Discipline | undefined;
      return part && DISCIPLINE_LABELS[part] ? `Bedömningsbesök hos ${DISCIPLINE_LABELS[part]}` : 'Bedömningsbesök';
    }
    case 'feedback_conversation':
      return 'Återkopplingssamtal';
    case 'group_session':
      return entry.groupProgram ? `Gruppträff ${entry.groupProgram.sessionNumber}` : 'Gruppträff';
    case 'individual_visit':
      return 'Individuellt besök';
    case 'follow_up_visit':
      return 'Uppföljningsbesök';
    case 'other':
      return 'Besök';
  }
}
