import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from './principal';
import { RefusedTarget } from './site-access';
import { AuditAction, AuditEntry } from './audit-entry.entity';

/** Who is logged: a signed-in user, or something acting for one without a session (a calendar feed). */
export type AuditActor = Pick<Actor, 'username' | 'endpoint' | 'clientAddress'> & { userId: string | null; role: string | null };

/** The endpoint every login goes through, as the log names it. */
const LOGIN_ENDPOINT = 'POST /auth/login';

type AuditEvent = Pick<AuditEntry, 'action' | 'outcome' | 'resource' | 'resourceIds' | 'patientId'>;

function entryOf(actor: AuditActor, event: AuditEvent): Partial<AuditEntry> {
  return { userId: actor.userId, username: actor.username, role: actor.role, endpoint: actor.endpoint, clientAddress: actor.clientAddress ?? null, ...event };
}

export interface AuditTarget {
  /** Null for a change to a record that holds no patient's data (a staff member's hours, a room). */
  patientId: string | null;
  resourceId: string | null;
}

/** Audit rows in one INSERT: ten parameters each, well inside PostgreSQL's 65,535 a statement. */
const ROWS_PER_INSERT = 5_000;

/**
 * The targets as one row's worth per patient, each with every record it names, in the order first
 * met: a team week's 2,000 appointment-patient pairs are its 200-odd patients, which is what the law
 * asks to be reviewable (who saw whose data, and which records), in a tenth of the rows.
 */
function byPatient(targets: readonly AuditTarget[]): { patientId: string | null; resourceIds: string[] }[] {
  const ids = new Map<string | null, Set<string>>();
  for (const { patientId, resourceId } of targets) {
    const ofPatient = ids.get(patientId) ?? ids.set(patientId, new Set()).get(patientId)!;
    if (resourceId !== null) ofPatient.add(resourceId);
  }
  return [...ids].map(([patientId, resourceIds]) => ({ patientId, resourceIds: [...resourceIds] }));
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Logs one access per patient touched, naming every record of theirs the call touched. Changes
   * pass their transaction's manager, so the log entry commits or rolls back with the change it describes.
   */
  async record(
    actor: AuditActor,
    action: AuditAction,
    resource: string,
    targets: readonly AuditTarget[],
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    if (!targets.length) return;
    const entries = byPatient(targets).map((target) => entryOf(actor, { action, outcome: 'allowed', resource, ...target }));
    if (entries.length <= ROWS_PER_INSERT) return void (await manager.insert(AuditEntry, entries));
    // PostgreSQL takes at most 65,535 parameters a statement (a register's worth of patients is more): in parts,
    // all in one transaction, the change's own or one of their own.
    const write = async (writer: EntityManager) => {
      for (let from = 0; from < entries.length; from += ROWS_PER_INSERT) await writer.insert(AuditEntry, entries.slice(from, from + ROWS_PER_INSERT));
    };
    await (manager.queryRunner?.isTransactionActive ? write(manager) : manager.transaction(write));
  }

  /**
   * Logs an access refused because the data was another patient's or another site's: one entry per
   * patient it concerned, or one naming no patient (another site's staff, rooms, settings). A GET
   * tried to read; any other method tried a change.
   */
  async recordRefusal(actor: AuditActor, target: RefusedTarget): Promise<void> {
    const action: AuditAction = /^(GET|HEAD) /.test(actor.endpoint) ? 'read' : 'update';
    const patientIds = target.patientIds.length ? target.patientIds : [null];
    await this.db.manager.insert(
      AuditEntry,
      patientIds.map((patientId) => entryOf(actor, { action, outcome: 'refused', resource: target.resource, resourceIds: [target.resourceId], patientId })),
    );
  }

  /**
   * Logs a login: the user who signed in (`allowed`), or the username as typed for a wrong
   * password, an unknown or a disabled user (`failed`). Never the password. A sign-in through the
   * identity provider names its own endpoint (its callback, or the route a bearer token was refused at).
   */
  async recordLogin(attempt: { username: string; clientAddress: string; endpoint?: string }, user: { id: string; role: string } | null): Promise<void> {
    const endpoint = attempt.endpoint ?? LOGIN_ENDPOINT;
    const actor: AuditActor = { userId: user?.id ?? null, username: attempt.username, role: user?.role ?? null, endpoint, clientAddress: attempt.clientAddress };
    await this.db.manager.insert(
      AuditEntry,
      entryOf(actor, { action: 'login', outcome: user ? 'allowed' : 'failed', resource: 'user', resourceIds: user ? [user.id] : [], patientId: null }),
    );
  }
}
