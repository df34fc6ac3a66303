import 'reflect-metadata';
import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app/app.module';
import { AssessmentBatchService } from '../assessments/assessment-batch.service';
import { BatchOutcome } from '../assessments/assessments.dto';
import { CreateUserDto } from '../auth/auth.dto';
import { Actor } from '../access/principal';
import { ROLES } from '../core/vocabulary';
import { UsersService } from '../auth/users.service';
import { describeError } from '../common/describe-error';
import { prepareRuntime } from '../app/bootstrap';
import { JobsService } from '../jobs/jobs.service';
import { SitesRepository } from '../sites/sites.repository';

const USAGE = `Usage: npm run cli -- <command> [options]   (after npm start or npm run build)

Commands:
  create-user --username NAME --password SECRET --role admin|coordinator|clinician|patient
              [--site-id UUID] [--staff-id UUID] [--patient-id UUID]
      Create a login (the first admin of a production database, for example). The password needs
      at least 12 characters, must not contain the username and must not be a common one.

  book-waitlist --site NAME-OR-UUID [--from YYYY-MM-DD]
      Book the four-discipline assessment for every accepted referral on the site's waiting list,
      in care-guarantee order, showing progress; prints one line per referral.
`;

/** The CLI acts with an admin's rights; its audit entries say `cli`. */
const CLI_ACTOR: Actor = {
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'cli',
  role: 'admin',
  siteId: null,
  staffId: null,
  patientId: null,
  endpoint: 'CLI',
};

type Command = (app: INestApplicationContext, args: string[]) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  'create-user': async (app, args) => {
    const { values } = parseArgs({
      args,
      options: {
        username: { type: 'string' },
        password: { type: 'string' },
        role: { type: 'string' },
        'site-id': { type: 'string' },
        'staff-id': { type: 'string' },
        'patient-id': { type: 'string' },
      },
    });
    if (!values.username || !values.password || !ROLES.includes(values.role as never)) return usage();
    const dto: CreateUserDto = {
      username: values.username,
      password: values.password,
      role: values.role as CreateUserDto['role'],
      siteId: values['site-id'],
      staffId: values['staff-id'],
      patientId: values['patient-id'],
    };
    // The same password policy as the API's POST /users: the CLI is no way around it.
    const user = await app.get(UsersService).create(dto);
    console.log(`created ${user.role} ${user.username} (${user.id})`);
    return 0;
  },

  'book-waitlist': async (app, args) => {
    const { values } = parseArgs({ args, options: { site: { type: 'string' }, from: { type: 'string' } } });
    if (!values.site) return usage();
    const site = await app.get(SitesRepository).findByIdOrName(values.site);
    if (!site) {
      console.error(`no site ${values.site}`);
      return 1;
    }
    // A job like POST /assessments/batch's: one batch per site at a time (409 otherwise), and one a
    // running service takes over should this process die.
    const actor = { ...CLI_ACTOR, endpoint: 'CLI book-waitlist' };
    let job = await app.get(AssessmentBatchService).start(actor, { siteId: site.id, earliestDate: values.from });
    console.error(`${site.name}: ${job.total} referrals waiting`);
    while (job.status === 'running') {
      drawProgress(job.done, job.total);
      await new Promise((resolve) => setTimeout(resolve, 200));
      job = await app.get(JobsService).get(actor, job.id);
    }
    drawProgress(job.done, job.total);
    process.stderr.write('\n');
    if (job.status === 'failed') {
      console.error(`the batch failed: ${job.error}`);
      return 1;
    }
    const outcomes = job.result as BatchOutcome[];
    for (const outcome of outcomes) {
      console.log(outcome.status === 'booked' ? `${outcome.referralId} booked, first visit ${outcome.firstVisit}` : `${outcome.referralId} not possible: ${outcome.reason}`);
    }
    console.error(`${outcomes.filter((o) => o.status === 'booked').length} of ${outcomes.length} booked`);
    return 0;
  },
};

function drawProgress(done: number, total: number): void {
  const width = 30;
  const filled = total ? Math.round((done / total) * width) : width;
  process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}`);
}

function usage(): number {
  console.error(USAGE);
  return 2;
}

/** Administrative commands against the same database the service uses (DATABASE_URL or the embedded one). */
async function main(argv: string[]): Promise<number> {
  const [name, ...args] = argv;
  const command = name ? COMMANDS[name] : undefined;
  if (!command) return name ? usage() : (console.log(USAGE), 0);
  const { settings, embedded } = await prepareRuntime();
  const app = await NestFactory.createApplicationContext(AppModule.with(settings), { logger: ['error'] });
  try {
    return await command(app, args);
  } catch (error) {
    const response = (error as { getResponse?: () => unknown }).getResponse?.();
    console.error(response ? JSON.stringify(response) : error);
    return 1;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

void main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`rehab-scheduler cli did not start: ${describeError(error)}`);
    process.exit(1);
  },
);
