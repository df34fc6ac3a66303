import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { notFound } from '../common/api-errors';
import { visitReminderMessage } from '../core/rules/reminder-message';
import { ReminderPreviewRepository } from './reminder-preview.repository';
import { ReminderPreviewDto } from './reminders.dto';

/** The text a visit's reminders will send, read before they go: the patient their own, staff their site's. */
@Injectable()
export class ReminderPreviewService {
  constructor(
    private readonly visits: ReminderPreviewRepository,
    private readonly access: AccessService,
  ) {}

  async preview(actor: Actor, appointmentId: string): Promise<ReminderPreviewDto> {
    const visit = await this.visits.visit(appointmentId);
    if (!visit) throw notFound('appointment', appointmentId);
    await this.access.require(actor, { action: 'read', resource: 'appointment', records: [{ id: appointmentId, siteId: visit.siteId, patientIds: visit.patientIds }] });
    const { subject, text } = visitReminderMessage('reminder', visit);
    return { appointmentId, subject, text };
  }
}
