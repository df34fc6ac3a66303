import { Injectable } from '@nestjs/common';
import { AccessService } from '../access/access.service';
import { Actor } from '../access/principal';
import { notFound } from '../common/api-errors';
import { patientSchedule } from '../core/rules/patient-schedule';
import { resolveSiteSettings } from '../core/rules/site-settings';
import { localDateOf } from '../core/time/local-time';
import { PatientsRepository } from '../patients/patients.repository';
import { SitesService } from '../sites/sites.service';
import { PatientScheduleRepository } from './patient-schedule.repository';
import { schedulePdf } from './schedule-pdf';

/** The patient's coming visits on paper: for the patient themself, or their site's staff. */
@Injectable()
export class PatientScheduleService {
  constructor(
    private readonly patients: PatientsRepository,
    private readonly visits: PatientScheduleRepository,
    private readonly sites: SitesService,
    private readonly access: AccessService,
  ) {}

  async pdf(actor: Actor, patientId: string): Promise<Buffer> {
    const patient = await this.patients.findById(patientId);
    if (!patient) throw notFound('patient', patientId);
    await this.access.require(actor, { action: 'read', resource: 'patient_schedule', records: [{ id: patient.id, siteId: patient.siteId, patientIds: [patient.id] }] });
    // The unit that cares for the patient now answers the phone (as for their own visits in the app).
    const site = await this.sites.get(patient.siteId);
    const settings = resolveSiteSettings(site.settings);
    const schedule = patientSchedule({
      patientName: patient.name,
      siteName: site.name,
      visits: await this.visits.comingVisits(patient.id),
      phone: settings.patientService.phone,
      howToCancel: settings.reminders.howToCancel,
    });
    return schedulePdf(schedule, localDateOf(new Date(), site.timeZone));
  }
}
