import { Injectable } from '@nestjs/common';
import type { Task } from '@medplum/fhirtypes';
import type { Actor } from '../../access/principal';
import { notFound } from '../../common/api-errors';
import { questionnaireStatusesOf, TASK_STATUSES, taskOf } from '../../core/fhir/task';
import { EpisodeTasksService } from '../../episodes/episode-tasks.service';
import { FhirPage, FhirResourceType, FhirSearch } from '../fhir-resources';
import { isUuid, pageOf, patientSearched, single, tokenCodes } from '../fhir-search';

/**
 * An episode's NRS questionnaire as a Task. Whoever sees the episode (GET /episodes/:id lists its
 * tasks) sees its tasks: the patient their own, staff their site's.
 */
@Injectable()
export class TaskResource implements FhirResourceType {
  readonly type = 'Task';
  readonly searchParams = [
    { name: '_id', type: 'token', documentation: 'The questionnaire task id.' },
    { name: 'patient', type: 'reference', documentation: 'Patient/<id>: the questionnaires the patient is asked (a patient: their own).' },
    { name: 'status', type: 'token', documentation: 'requested (open) or completed (answered).' },
  ] as const;

  constructor(private readonly tasks: EpisodeTasksService) {}

  async read(actor: Actor, id: string): Promise<Task> {
    if (!isUuid(id)) throw notFound(this.type, id);
    return taskOf(await this.tasks.task(actor, id));
  }

  /** The matching tasks, the earliest due first (open ones before answered ones when both are asked for). */
  async search(actor: Actor, search: FhirSearch): Promise<FhirPage> {
    const patientId = patientSearched(actor, search);
    const statuses = tokenCodes(search, 'status', TASK_STATUSES);
    const id = single(search, '_id');
    const ours = statuses ? questionnaireStatusesOf(statuses) : [undefined];
    const found = id !== undefined ? [await this.read(actor, id)] : (await Promise.all(ours.map((status) => this.tasks.find(actor, { patientId, status })))).flat().map(taskOf);
    return pageOf(
      found.filter((task) => (!patientId || task.for?.reference === `Patient/${patientId}`) && (!statuses || statuses.includes(task.status))),
      search,
    );
  }
}
