import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ArrayContains, DataSource } from 'typeorm';
import { AuditEntry } from '../access/audit-entry.entity';

/** Which entries to find: every filter given must match. */
export type AuditFilter = Partial<Pick<AuditEntry, 'patientId' | 'userId' | 'username' | 'action' | 'outcome'>> & { resourceId?: string; limit?: number };

/** Reading the audit log, for GET /audit; AuditService (in src/access) is the only writer. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Newest first, 200 unless a limit is given; every filter given must match. */
  find(query: AuditFilter): Promise<AuditEntry[]> {
    const { patientId, userId, username, action, outcome, resourceId, limit } = query;
    return this.db.getRepository(AuditEntry).find({
      where: {
        ...(patientId && { patientId }),
        ...(userId && { userId }),
        ...(username && { username }),
        ...(action && { action }),
        ...(outcome && { outcome }),
        ...(resourceId && { resourceIds: ArrayContains([resourceId]) }),
      },
      order: { at: 'DESC', id: 'DESC' },
      take: limit ?? 200,
    });
  }
}
