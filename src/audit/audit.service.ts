import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../auth/principal';
import { AuditAction, AuditEntry } from './audit-entry.entity';

/** Who is logged: a signed-in user, or something acting for one without a session (a calendar feed). */
export type AuditActor = Pick<Actor, 'username' | 'role' | 'endpoint'> & { userId: string | null };

export interface AuditTarget {
  patientId: string;
  resourceId: string | null;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Logs one access per patient touched. Changes pass their transaction's manager, so the log entry
   * commits or rolls back with the change it describes.
   */
  async record(
    actor: AuditActor,
    action: AuditAction,
    resource: string,
    targets: readonly AuditTarget[],
    manager: EntityManager = this.db.manager,
  ): Promise<void> {
    if (!targets.length) return;
    await manager.insert(
      AuditEntry,
      targets.map((target) => ({
        userId: actor.userId,
        username: actor.username,
        role: actor.role,
        action,
        resource,
        patientId: target.patientId,
        resourceId: target.resourceId,
        endpoint: actor.endpoint,
      })),
    );
  }

  find(patientId: string | undefined, limit: number): Promise<AuditEntry[]> {
    return this.db.getRepository(AuditEntry).find({
      where: patientId ? { patientId } : {},
      order: { at: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}
