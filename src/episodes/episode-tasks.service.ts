import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { scopedSiteId } from '../access/site-access';
import { notFound, stateConflict } from '../common/api-errors';
import { ReminderOutbox } from '../outbox/reminder-outbox';
import { questionnaireOpen, questionnaireOpensOn } from '../core/rules/episode-rules';
import { EpisodeLedger, today } from './episode-ledger';
import { EpisodeViews } from './episode-views';
import { EpisodesRepository } from './episodes.repository';
import { EpisodeDto, EpisodeTaskDto, TaskQueryDto } from './episodes.dto';

/** The follow-ups after discharge: the NRS questionnaires on the coordinator's list. */
@Injectable()
export class EpisodeTasksService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly ledger: EpisodeLedger,
    private readonly episodes: EpisodesRepository,
    private readonly views: EpisodeViews,
    private readonly reminders: ReminderOutbox,
    private readonly access: AccessService,
  ) {}

  /** The coordinator's list of questionnaire tasks, the earliest due first. */
  tasks(actor: Actor, query: TaskQueryDto): Promise<EpisodeTaskDto[]> {
    return this.listed(actor, { siteId: scopedSiteId(actor, query.siteId) ?? null, patientId: null, status: query.status ?? 'open' });
  }

  /**
   * The tasks of a patient or in a status as their episodes show them (the FHIR API's Tasks): a
   * patient's own, staff their site's, the earliest due first.
   */
  find(actor: Actor, filter: { patientId?: string; status?: 'open' | 'done' }): Promise<EpisodeTaskDto[]> {
    const patient = actor.role === 'patient';
    return this.listed(actor, {
      siteId: patient ? null : (scopedSiteId(actor) ?? null),
      patientId: patient ? actor.patientId : (filter.patientId ?? null),
      status: filter.status ?? null,
    });
  }

  /** One task, to whoever may see its episode (the patient, their site's staff). */
  async task(actor: Actor, taskId: string): Promise<EpisodeTaskDto> {
    const found = await this.episodes.task(taskId);
    if (!found) throw notFound('task', taskId);
    const { siteId, ...task } = found;
    await this.access.require(actor, { action: 'read', resource: 'episode_task', records: [{ id: taskId, siteId, patientIds: [task.patientId] }] });
    return task;
  }

  private async listed(actor: Actor, filter: Parameters<EpisodesRepository['tasks']>[0]): Promise<EpisodeTaskDto[]> {
    const rows = await this.episodes.tasks(filter);
    await this.access.log(actor, { action: 'read', resource: 'episode_task', records: rows.map((row) => ({ id: row.id, patientIds: [row.patientId] })) });
    return rows;
  }

  /** A questionnaire answered; the one a year after discharge completes the episode (followed up). */
  async taskDone(actor: Actor, id: string, taskId: string): Promise<EpisodeDto> {
    await this.db.transaction(async (manager) => {
      const episode = await this.ledger.lock(manager, actor, id);
      const task = await this.episodes.lockTask(manager, taskId, id);
      if (!task) throw notFound('task', taskId);
      if (task.status === 'done') throw stateConflict('episode.task_done', {}, { status: task.status });
      if (!questionnaireOpen(task.due_on, today(episode))) {
        throw stateConflict('episode.questionnaire_not_open', { due: task.due_on, opens: questionnaireOpensOn(task.due_on) }, { dueOn: task.due_on });
      }
      await this.episodes.markTaskDone(manager, taskId, actor.username);
      await this.reminders.cancelQuestionnaire(manager, taskId);
      if (task.kind === 'nrs_one_year') await this.ledger.move(manager, episode, 'followed_up', today(episode), actor);
      await this.access.log(actor, { action: 'update', resource: 'episode_task', records: [{ id: taskId, patientIds: [episode.patient_id] }], manager });
    });
    return this.views.get(actor, id);
  }
}
