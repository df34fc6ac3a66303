/** The professions of a multimodal team; the first four make up every assessment. */
export const DISCIPLINES = ['nurse', 'physician', 'physiotherapist', 'psychologist', 'occupational_therapist'] as const;
export type Discipline = (typeof DISCIPLINES)[number];
