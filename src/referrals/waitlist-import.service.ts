import { HttpException, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'crypto';
import { DataSource, EntityManager } from 'typeorm';
import { Actor } from '../access/principal';
import { assertSiteAccess } from '../access/site-access';
import { badRequest, codedDetails, problem, ProblemCode, unprocessable, withCodes } from '../common/api-errors';
import { fieldProblems } from '../common/validation';
import { csvTable, CsvProblem } from '../core/rules/csv';
import { checkPersonalNumber } from '../core/rules/personal-number';
import { CreatePatientDto } from '../patients/patients.dto';
import { PatientsRepository } from '../patients/patients.repository';
import { PatientsService } from '../patients/patients.service';
import { SitesService } from '../sites/sites.service';
import { CreateReferralDto } from './referrals.dto';
import { ReferralsService } from './referrals.service';
import { MAX_IMPORT_ROWS, WaitlistImportDto, WaitlistImportProblemDto, WaitlistImportReportDto, WaitlistImportRowDto } from './waitlist-import.dto';

/** The columns the patient register and the referral intake require. */
const REQUIRED = ['personalNumber', 'name', 'reminderChannel', 'receivedDate', 'referrerName', 'referrerUnit', 'referrerUnitKind', 'referrerContact'] as const;
/** Columns read as numbers and as true/false; every other column is text. The DTOs judge the values. */
const NUMBERS = ['priority', 'painDurationMonths', 'meddMgPerDay', 'workingFraction'] as const;
const BOOLEANS = [
  'availableAtShortNotice',
  'interpreterNeeded',
  'consentToRecordAccess',
  'fullSicknessCompensation',
  'medicallyFullyInvestigated',
  'ongoingOrPlannedIntervention',
  'activeRheumaticDisease',
  'malignantCause',
  'substanceUseDisorderNeedingTreatment',
  'severePsychiatricIllness',
  'psychiatricDiagnosisWithoutPainComorbidity',
  'occupationalTherapistNeeded',
] as const;
const CONTENT_TEXTS = [
  'reasonForReferral',
  'painLocation',
  'painType',
  'comorbidity',
  'medications',
  'examinationsAndInvestigations',
  'treatments',
  'physicalFunction',
  'socialAndPsychologicalFunction',
  'interpreterLanguage',
  'patientAttitude',
  'earlierMmrCompletedOn',
] as const;
const COLUMNS = [...REQUIRED, 'phone', 'email', ...NUMBERS, ...BOOLEANS, ...CONTENT_TEXTS] as const;
type Column = (typeof COLUMNS)[number];
type Row = Partial<Record<Column, string>>;

/** The referrer's fields of the intake, as the CSV names them. */
const REFERRER_COLUMNS: Record<string, Column> = { name: 'referrerName', unit: 'referrerUnit', unitKind: 'referrerUnitKind', contact: 'referrerContact' };

/**
 * A unit's waiting list moving in: every row a patient (found by personal number at the site, or
 * registered) and a referral with its original received date, through the registers' and the
 * intake's own rules, in one transaction. Each row has a savepoint, so every row's problems are told;
 * a dry run, or any refused row, rolls the whole transaction back.
 */
@Injectable()
export class WaitlistImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly sites: SitesService,
    private readonly patients: PatientsService,
    private readonly register: PatientsRepository,
    private readonly referrals: ReferralsService,
  ) {}

  async import(actor: Actor, dto: WaitlistImportDto): Promise<WaitlistImportReportDto> {
    assertSiteAccess(actor, dto.siteId);
    await this.sites.requireReferenced(dto.siteId);
    const rows = tableOf(dto.csv);
    let report: WaitlistImportRowDto[] = [];
    const rollBack = new Error('roll back');
    try {
      await this.db.transaction(async (manager) => {
        report = [];
        for (const [index, row] of rows.entries()) report.push(await this.importRow(manager, actor, dto.siteId, row, index + 1));
        if (dto.dryRun || report.some((r) => !r.ok)) throw rollBack;
      });
    } catch (error) {
      if (error !== rollBack) throw error;
    }
    const refused = report.flatMap((r) => r.problems);
    if (!dto.dryRun && refused.length) {
      throw unprocessable(
        refused.map((p) => ({ field: `rows.${p.row}.${p.field}`, problem: p.problem, code: p.code as ProblemCode, params: p.params })),
        'import.rows_refused',
        { refused: report.filter((r) => !r.ok).length, total: report.length },
      );
    }
    const committed = !dto.dryRun;
    return { dryRun: dto.dryRun, committed, rows: report.map(({ patientId, referralId, ...r }) => (committed ? { ...r, patientId, referralId } : r)) };
  }

  private async importRow(manager: EntityManager, actor: Actor, siteId: string, row: Row, number: number): Promise<WaitlistImportRowDto> {
    await manager.query('SAVEPOINT row');
    try {
      const { patient, referral } = await rowDtos(siteId, row);
      const patientId = (await this.existingPatient(manager, siteId, patient.personalNumber)) ?? (await this.patients.createWithin(manager, actor, patient)).id;
      const created = await this.referrals.createWithin(manager, actor, { ...referral, patientId });
      await manager.query('RELEASE SAVEPOINT row');
      return { row: number, ok: true, problems: [], patientId, referralId: created.id };
    } catch (error) {
      if (!(error instanceof HttpException)) throw error;
      await manager.query('ROLLBACK TO SAVEPOINT row');
      return { row: number, ok: false, problems: problemsOf(error, number) };
    }
  }

  /** The patient of this site with the personal number, who keeps their record rather than getting a second one. */
  private async existingPatient(manager: EntityManager, siteId: string, personalNumber: string): Promise<string | null> {
    const check = checkPersonalNumber(personalNumber);
    if (!check.valid) return null;
    const holder = await this.register.withPersonalNumber(check.normalized, manager);
    return holder?.siteId === siteId ? holder.id : null;
  }
}

/** The rows of the CSV, or a 400 naming `csv` and the record at fault. */
function tableOf(csv: string): Row[] {
  try {
    const { rows } = csvTable(csv, COLUMNS, REQUIRED);
    if (rows.length > MAX_IMPORT_ROWS) throw badRequest([problem('csv', 'validation.csv_too_many_rows', { max: MAX_IMPORT_ROWS, count: rows.length })]);
    return rows;
  } catch (error) {
    if (error instanceof CsvProblem) throw badRequest([error.problem]);
    throw error;
  }
}

/** A row's patient and referral as the register's and the intake's DTOs, validated as their endpoints do (400 naming the field). */
async function rowDtos(siteId: string, row: Row): Promise<{ patient: CreatePatientDto; referral: CreateReferralDto }> {
  const { personalNumber, name, phone, email, reminderChannel, receivedDate, referrerName, referrerUnit, referrerUnitKind, referrerContact, ...rest } = typed(row);
  const patient = plainToInstance(CreatePatientDto, { siteId, personalNumber, name, phone, email, reminderChannel });
  const referrer = { name: referrerName, unit: referrerUnit, unitKind: referrerUnitKind, contact: referrerContact };
  // The patient is known only once registered; a stand-in id lets the rest of the referral be judged first.
  const referral = plainToInstance(CreateReferralDto, { siteId, patientId: randomUUID(), receivedDate, referrer, ...rest });
  const options = { whitelist: true, forbidNonWhitelisted: true, stopAtFirstError: true };
  const problems = [...fieldProblems(await validate(patient, options)), ...fieldProblems(await validate(referral, options))];
  if (problems.length) throw badRequest(problems);
  return { patient, referral };
}

/** The cells read as the DTOs' types: numbers and true/false where the intake takes them; anything else stays text for the DTO to refuse. */
function typed(row: Row): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(row).map(([column, value]) => {
      if ((NUMBERS as readonly string[]).includes(column) && /^-?\d+(\.\d+)?$/.test(value!)) return [column, Number(value)];
      if ((BOOLEANS as readonly string[]).includes(column) && (value === 'true' || value === 'false')) return [column, value === 'true'];
      return [column, value];
    }),
  );
}

/** A row's refusal as problems naming its CSV columns. */
function problemsOf(error: HttpException, row: number): WaitlistImportProblemDto[] {
  const body = withCodes({ statusCode: error.getStatus(), error: '', message: error.message, ...(error.getResponse() as object) });
  return codedDetails(body, 'personalNumber').map((d) => ({ row, field: columnOf(d.field), problem: d.problem, code: d.code, params: d.params }));
}

function columnOf(field: string): string {
  const [head, tail] = field.split('.');
  return head === 'referrer' && tail ? (REFERRER_COLUMNS[tail] ?? field) : field;
}
