import type { Task } from '@medplum/fhirtypes';
import { questionnaireOpensOn } from '../rules/episode-rules';
import { oursMappedTo } from './status-map';

/** Every status R4 gives a Task: what a search may name (only two occur here). */
export const TASK_STATUSES = ['draft', 'requested', 'received', 'accepted', 'rejected', 'ready', 'cancelled', 'in-progress', 'on-hold', 'failed', 'completed', 'entered-in-error'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** Our questionnaire tasks' statuses as FHIR's: asked of the patient until recorded as answered. */
const FHIR_STATUS = { open: 'requested', done: 'completed' } as const satisfies Record<QuestionnaireTaskView['status'], TaskStatus>;

/** The code system of our kinds of questionnaire task, as a Task's code names them. */
export const QUESTIONNAIRE_SYSTEM = 'urn:rehab-scheduler:questionnaire-task';

const KINDS = {
  nrs_at_discharge: { display: 'NRS questionnaire at discharge', text: 'NRS-formulär vid utskrivning' },
  nrs_one_year: { display: 'NRS questionnaire one year after discharge', text: 'NRS-formulär ett år efter utskrivning' },
} as const;

/** Our statuses that FHIR calls one of `statuses`, for a search. */
export function questionnaireStatusesOf(statuses: readonly TaskStatus[]): QuestionnaireTaskView['status'][] {
  return oursMappedTo(FHIR_STATUS, statuses);
}

/** A questionnaire task as the API shows it (EpisodeTaskDto): what the mapping reads. */
export interface QuestionnaireTaskView {
  id: string;
  episodeId: string;
  patientId: string;
  kind: keyof typeof KINDS;
  /** The local date it is due. */
  dueOn: string;
  status: 'open' | 'done';
}

/**
 * An NRS questionnaire of an episode as a Task for the patient, about the episode: asked for from
 * the day it may be answered until its due date (restriction.period), as the unit records it.
 */
export function taskOf(task: QuestionnaireTaskView): Task {
  const kind = KINDS[task.kind];
  return {
    resourceType: 'Task',
    id: task.id,
    status: FHIR_STATUS[task.status],
    intent: 'order',
    code: { coding: [{ system: QUESTIONNAIRE_SYSTEM, code: task.kind, display: kind.display }], text: kind.text },
    description: `${kind.text}: patienten skattar sin smärta (NRS 0–10).`,
    for: { reference: `Patient/${task.patientId}` },
    focus: { reference: `EpisodeOfCare/${task.episodeId}` },
    restriction: { period: { start: questionnaireOpensOn(task.dueOn), end: task.dueOn } },
  };
}
