import { INestApplicationContext } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import { hashPassword } from '../auth/password-hashing';
import { User } from '../auth/user.entity';
import { EpisodeLedger } from '../episodes/episode-ledger';
import { Patient } from '../patients/patient.entity';
import { birthDateOf, luhnCheckDigit } from '../core/rules/personal-number';
import { ReferralContents } from '../core/rules/referral-contents';
import { Referral } from '../episodes/referral.entity';
import { assessReferral } from '../core/rules/triage';
import { addDays, localDateOf } from '../core/time/local-time';
import { DEFAULT_SITE_SETTINGS } from '../core/rules/site-settings';
import { Room } from '../rooms/room.entity';
import { Site } from '../sites/site.entity';
import { StaffMember } from '../staff/staff-member.entity';
import { ReferralStatus, Discipline } from '../core/vocabulary';
import { WorkingHoursBlock } from '../core/time/working-hours';
import { createDemoActivity, DemoClinic } from './demo-activity';
import { demoContentsFor, DEMO_REFERRER } from '../core/rules/demo-referral';

export const DEMO_LOGINS = [
  { username: 'admin', password: 'demo', role: 'admin' },
  { username: 'coordinator', password: 'demo', role: 'coordinator' },
  { username: 'clinician', password: 'demo', role: 'clinician' },
  { username: 'patient', password: 'demo', role: 'patient' },
] as const;

const FULL_TIME: WorkingHoursBlock[] = [
  ...[1, 2, 3, 4].map((weekday) => ({ weekday, start: '08:00', end: '16:30' })),
  { weekday: 5, start: '08:00', end: '15:00' },
];
const PART_TIME: WorkingHoursBlock[] = [1, 2, 4].map((weekday) => ({ weekday, start: '08:30', end: '16:00' }));

type StaffRow = [name: string, discipline: Discipline, workingHours: WorkingHoursBlock[]];
type RoomRow = Pick<Room, 'name' | 'kind' | 'capacity'>;

const STAFF: StaffRow[] = [
  ['Karin Lindqvist', 'nurse', FULL_TIME],
  ['Jonas Berg', 'nurse', PART_TIME],
  ['Eva Sandberg', 'physician', FULL_TIME],
  ['Ahmed Haddad', 'physician', PART_TIME],
  ['Lena Holm', 'physiotherapist', FULL_TIME],
  ['Mikael Nyström', 'physiotherapist', FULL_TIME],
  ['Sara Ekström', 'psychologist', FULL_TIME],
  ['Peter Wallin', 'psychologist', PART_TIME],
  ['Maria Forsberg', 'occupational_therapist', FULL_TIME],
  ['Johan Lund', 'occupational_therapist', PART_TIME],
];

const ROOMS: RoomRow[] = [
  { name: 'Mottagning 1', kind: 'office', capacity: 2 },
  { name: 'Mottagning 2', kind: 'office', capacity: 2 },
  { name: 'Mottagning 3', kind: 'office', capacity: 2 },
  { name: 'Mottagning 4', kind: 'office', capacity: 2 },
  { name: 'Samtalsrum', kind: 'office', capacity: 3 },
  { name: 'Grupprummet', kind: 'group_room', capacity: 10 },
  { name: 'Gymmet', kind: 'gym', capacity: 10 },
];

const SECOND_SITE_STAFF: StaffRow[] = [
  ['Annika Strand', 'nurse', FULL_TIME],
  ['Olof Dahlberg', 'physician', FULL_TIME],
  ['Frida Sjöberg', 'physiotherapist', FULL_TIME],
  ['Henrik Lindahl', 'psychologist', FULL_TIME],
];

const SECOND_SITE_ROOMS: RoomRow[] = [
  { name: 'Mottagningen', kind: 'office', capacity: 2 },
  { name: 'Grupprummet', kind: 'group_room', capacity: 8 },
];

const FIRST_NAMES = ['Anna', 'Erik', 'Maria', 'Lars', 'Karin', 'Anders', 'Elin', 'Johan', 'Sofia', 'Per', 'Emma', 'Nils', 'Ida', 'Olof', 'Linnea'];
const LAST_NAMES = ['Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson'];

/** A made-up but well-formed personal identity number (valid date and check digit) for demo patient `index`. */
export function demoPersonalNumber(index: number): string {
  const year = 1965 + ((index * 7) % 36);
  const month = String(1 + ((index * 5) % 12)).padStart(2, '0');
  const day = String(1 + ((index * 11) % 28)).padStart(2, '0');
  const nine = `${String(year).slice(2)}${month}${day}98${index % 10}`;
  return `${year}${month}${day}98${index % 10}${luhnCheckDigit(nine)}`;
}

/**
 * A made-up HSA-id for demo staff member `index` of the site with `siteCode`, as the region's
 * identity provider would name them (the organisation number is Region Västmanland's form, not theirs).
 */
export function demoHsaId(siteCode: string, index: number): string {
  return `SE2321000016-${siteCode}${String(index + 1).padStart(2, '0')}`;
}

/**
 * Fills an empty database with two sites, the first with its team, rooms, 30 patients, a waiting
 * list and the demo logins (password "demo"), then a few months of activity on it, so every screen
 * and endpoint has something to show at first start. Does nothing when a site exists already.
 * Refuses to run in production.
 */
export async function seedDemoData(app: INestApplicationContext): Promise<boolean> {
  if (process.env.NODE_ENV === 'production') throw new Error('demo data and demo logins are never created in production');
  const db = app.get(DataSource);
  if ((await db.getRepository(Site).count()) > 0) return false;
  const clinic = await db.transaction(async (manager): Promise<DemoClinic> => {
    const { site, staff, rooms } = await createSite(manager, 'Smärtrehab Västerås', 'VAS', STAFF, ROOMS, { phone: '021-17 30 00', address: 'Västmanlands sjukhus, ingång 20, 721 89 Västerås' });
    // Somewhere for the coordinator to transfer a referral to.
    await createSite(manager, 'Smärtrehab Köping', 'KOP', SECOND_SITE_STAFF, SECOND_SITE_ROOMS, { phone: '0221-260 00', address: 'Köpings lasarett, 731 30 Köping' });
    const patients = await manager.save(
      Patient,
      Array.from({ length: 30 }, (_, i) => ({
        siteId: site.id,
        personalNumber: demoPersonalNumber(i),
        name: `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[(i * 3) % LAST_NAMES.length]}`,
        phone: `+4670${String(1000000 + i * 7919).slice(0, 7)}`,
        email: `patient${i + 1}@example.se`,
        reminderChannel: i % 3 === 0 ? ('email' as const) : ('sms' as const),
        interpreterLanguage: i % 10 === 4 ? 'arabiska' : null,
      })),
    );
    await createDemoReferrals(manager, site.id, patients, app.get(EpisodeLedger));
    const adminUserId = await createDemoLogins(manager, { siteId: site.id, staffId: staff[2].id, patientId: patients[0].id });
    return { siteId: site.id, groupRoomId: rooms.find((room) => room.kind === 'group_room')!.id, clinicianStaffId: staff[2].id, patients, adminUserId };
  });
  await createDemoActivity(app, clinic);
  return true;
}

/**
 * A site with its staff, who have HSA-ids (see demoHsaId) to sign in through an identity provider
 * with, and rooms; the unit's phone and address are what its patients' visits show (fictional).
 */
async function createSite(manager: EntityManager, siteName: string, siteCode: string, staffRows: StaffRow[], roomRows: RoomRow[], unit: { phone: string; address: string }) {
  const site = await manager.save(Site, { name: siteName, timeZone: 'Europe/Stockholm', settings: { patientService: unit } });
  const staff = await manager.save(
    StaffMember,
    staffRows.map(([name, discipline, workingHours], i) => ({ siteId: site.id, name, discipline, workingHours, hsaId: demoHsaId(siteCode, i) })),
  );
  const rooms = await manager.save(Room, roomRows.map((room) => ({ ...room, siteId: site.id })));
  return { site, staff, rooms };
}

/**
 * Referrals received over the last months, relative to today, so the waiting list shows every
 * standing: comfortably inside the guarantee, at risk, breached, awaiting a decision, incomplete.
 */
async function createDemoReferrals(manager: EntityManager, siteId: string, patients: Patient[], ledger: EpisodeLedger) {
  const today = localDateOf(new Date(), 'Europe/Stockholm');
  const { careGuaranteeDays, triage } = DEFAULT_SITE_SETTINGS;
  const plans: { daysAgo: number; status: ReferralStatus; changes?: ReferralContents; shortNotice?: boolean }[] = [
    { daysAgo: 95, status: 'accepted' },
    { daysAgo: 80, status: 'accepted', shortNotice: true },
    { daysAgo: 78, status: 'accepted' },
    { daysAgo: 60, status: 'accepted', shortNotice: true },
    { daysAgo: 45, status: 'accepted' },
    { daysAgo: 30, status: 'accepted', shortNotice: true },
    { daysAgo: 21, status: 'accepted' },
    { daysAgo: 10, status: 'accepted' },
    { daysAgo: 6, status: 'awaiting_decision', changes: { meddMgPerDay: 90 } },
    { daysAgo: 4, status: 'awaiting_decision', changes: { fullSicknessCompensation: true } },
    { daysAgo: 2, status: 'incomplete', changes: { consentToRecordAccess: undefined, physicalFunction: undefined } },
  ];
  const referrals = await manager.save(
    Referral,
    plans.map((plan, i) => {
      const receivedDate = addDays(today, -plan.daysAgo);
      const patient = patients[i + 1];
      const contents = JSON.parse(JSON.stringify({ ...demoContentsFor(patient), ...plan.changes }));
      return {
        siteId,
        patientId: patient.id,
        status: plan.status,
        receivedDate,
        careGuaranteeDeadline: addDays(receivedDate, careGuaranteeDays),
        priority: 2,
        availableAtShortNotice: plan.shortNotice ?? false,
        referrer: DEMO_REFERRER,
        contents,
        ...assessReferral(contents, birthDateOf(patient.personalNumber), receivedDate, triage),
      };
    }),
  );
  for (const referral of referrals) await ledger.openEpisode(manager, DEMO_SEEDER, referral);
}

/** Who the demo data's changes are recorded as. */
const DEMO_SEEDER = { userId: null, username: 'demo data' };

/**
 * The logins, linked to the site, the clinician's staff member and the patient's record; returns the
 * admin's id. The admin and the coordinator have no staff record to take a name from: their display
 * names are their own. Their password "demo" would never pass the password policy: they are written
 * straight to the table, past UsersService, because they exist for development only (seedDemoData
 * refuses to run in production) and the README and the browser tests sign in with them.
 */
async function createDemoLogins(manager: EntityManager, links: { siteId: string; staffId: string; patientId: string }): Promise<string> {
  const passwordHash = await hashPassword('demo');
  const [admin] = await manager.save(
    manager.create(User, [
      { username: 'admin', displayName: 'Anders Holm, systemförvaltare', passwordHash, role: 'admin' },
      { username: 'coordinator', displayName: 'Karin Lund, rehabkoordinator', passwordHash, role: 'coordinator', siteId: links.siteId },
      { username: 'clinician', passwordHash, role: 'clinician', staffId: links.staffId },
      { username: 'patient', passwordHash, role: 'patient', patientId: links.patientId },
    ]),
  );
  return admin.id;
}
