import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

// The dependency rule (.dependency-cruiser.js, run by `npm run lint`) refuses each kind of bad import:
// throw-away files on several floors import what they must not, beside an import their floor allows.

const ROOT = join(__dirname, '..');
const probe = (folder: string) => `src/${folder}/dependency-probe-${process.pid}.ts`;
const CORE = probe('core/rules');
const CORE_TWIN = probe('core/time');
const REGISTER = probe('staff');
const CALENDAR = probe('calendar');
const FEATURE = probe('rooms');
const WAITLIST = probe('waitlist');
const NEW_FOLDER = probe(`new-folder-${process.pid}`);
const PROBES = [CORE, CORE_TWIN, REGISTER, CALENDAR, FEATURE, WAITLIST, NEW_FOLDER];

type Violation = { rule: { name: string }; from: string; to: string };

function cruise(...paths: string[]): string[] {
  const bin = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [bin, ...paths, '--config', '.dependency-cruiser.js', '--output-type', 'json'], { cwd: ROOT, encoding: 'utf8' });
  if (!run.stdout) throw new Error(`depcruise gave no answer: ${run.stderr}`);
  const { violations } = (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary;
  return violations.map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^node_modules\/(@nestjs\/common)\/.*$/, '$1')}`).sort();
}

function write(file: string, text: string): void {
  mkdirSync(dirname(join(ROOT, file)), { recursive: true });
  writeFileSync(join(ROOT, file), text);
}

describe('the dependency rule', () => {
  afterAll(() => {
    for (const file of PROBES) rmSync(join(ROOT, file), { force: true });
    rmSync(join(ROOT, dirname(NEW_FOLDER)), { recursive: true, force: true });
  });

  it('keeps src/core pure: no framework (not even a type), nothing above it, no cycle', () => {
    const twin = `../time/dependency-probe-${process.pid}`;
    write(
      CORE,
      `import type { Injectable } from '@nestjs/common';\nimport { Room } from '../../rooms/room.entity';\nimport { PROBE_B } from '${twin}';\nexport const PROBE_A = [Room, PROBE_B] as unknown as Injectable;\n`,
    );
    write(CORE_TWIN, `import { PROBE_A } from '../rules/dependency-probe-${process.pid}';\nimport { addDays } from './local-time';\nexport const PROBE_B = [PROBE_A, addDays];\n`);

    // A cycle is reported once, at the first file of it.
    expect(cruise(CORE, CORE_TWIN)).toEqual(
      [
        `core-without-framework: ${CORE} -> @nestjs/common`,
        `floor-of-core: ${CORE} -> src/rooms/room.entity.ts`,
        `no-cycle: ${CORE} -> ${CORE_TWIN}`,
      ].sort(),
    );
  });

  it('refuses an import of a floor above, and of another folder on the same floor without a port', () => {
    // Each probe also imports what its floor allows (the floors below, a port), which must pass.
    write(REGISTER, `import { SitesService } from '../sites/sites.service';\nimport { BookingService } from '../calendar/booking.service';\nexport const PROBE = [SitesService, BookingService];\n`);
    write(CALENDAR, `import { StaffService } from '../staff/staff.service';\nimport { Referral } from '../episodes/referral.entity';\nexport const PROBE = [StaffService, Referral];\n`);
    write(WAITLIST, `import { BookingService } from '../calendar/booking.service';\nimport { ReferralsService } from '../referrals/referrals.service';\nexport const PROBE = [BookingService, ReferralsService];\n`);
    write(FEATURE, `import { entities } from '../app/entities';\nexport const PROBE = entities;\n`);

    expect(cruise(REGISTER, CALENDAR, WAITLIST, FEATURE)).toEqual(
      [
        `floor-of-calendar: ${CALENDAR} -> src/episodes/referral.entity.ts`,
        `floor-of-rooms: ${FEATURE} -> src/app/entities.ts`,
        `floor-of-staff: ${REGISTER} -> src/calendar/booking.service.ts`,
        `floor-of-waitlist: ${WAITLIST} -> src/referrals/referrals.service.ts`,
      ].sort(),
    );
  });

  it('refuses a folder that stands on no floor', () => {
    write(NEW_FOLDER, `import { addDays } from '../core/time/local-time';\nexport const PROBE = addDays;\n`);

    expect(cruise(NEW_FOLDER)).toEqual([`every-folder-has-a-floor: ${NEW_FOLDER} -> src/core/time/local-time.ts`]);
  });
});
