import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { AppModule } from '../app.module';
import { CreateUserDto } from '../auth/auth.dto';
import { AuthService } from '../auth/auth.service';
import { ROLES } from '../auth/user.entity';
import { prepareRuntime } from '../config/bootstrap';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  create-user --username NAME --password SECRET --role admin|coordinator|clinician|patient
              [--site-id UUID] [--staff-id UUID] [--patient-id UUID]
      Create a login (the first admin of a production database, for example).
`;

/** Administrative commands against the same database the service uses (DATABASE_URL or the embedded one). */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command !== 'create-user') {
    console.error(USAGE);
    return command ? 2 : 0;
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      username: { type: 'string' },
      password: { type: 'string' },
      role: { type: 'string' },
      'site-id': { type: 'string' },
      'staff-id': { type: 'string' },
      'patient-id': { type: 'string' },
    },
  });
  if (!values.username || !values.password || !ROLES.includes(values.role as never)) {
    console.error(USAGE);
    return 2;
  }
  const { settings, embedded } = await prepareRuntime();
  const app = await NestFactory.createApplicationContext(AppModule.with(settings), { logger: ['error'] });
  try {
    const dto: CreateUserDto = {
      username: values.username,
      password: values.password,
      role: values.role as CreateUserDto['role'],
      siteId: values['site-id'],
      staffId: values['staff-id'],
      patientId: values['patient-id'],
    };
    const user = await app.get(AuthService).createUser(dto);
    console.log(`created ${user.role} ${user.username} (${user.id})`);
    return 0;
  } catch (error) {
    const response = (error as { getResponse?: () => unknown }).getResponse?.();
    console.error(response ? JSON.stringify(response) : error);
    return 1;
  } finally {
    await app.close();
    await embedded?.stop();
  }
}

void main(process.argv.slice(2)).then((code) => process.exit(code));
