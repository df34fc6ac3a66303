import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// The dependency rule (.dependency-cruiser.js, run by `npm run lint`) refuses each kind of bad import:
// throw-away files in src/core/, src/scheduling/, src/database/, src/config/ and a feature import what
// they must not.

const ROOT = join(__dirname, '..');
const CORE = `src/core/dependency-probe-${process.pid}.ts`;
const PURE = `src/scheduling/dependency-probe-${process.pid}.ts`;
const DATABASE = `src/database/dependency-probe-${process.pid}.ts`;
const CONFIG = `src/config/dependency-probe-${process.pid}.ts`;
const FEATURE = `src/rooms/dependency-probe-${process.pid}.ts`;

type Violation = { rule: { name: string }; from: string; to: string };

function cruise(...paths: string[]): Violation[] {
  const bin = join(ROOT, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs');
  const run = spawnSync(process.execPath, [bin, ...paths, '--config', '.dependency-cruiser.js', '--output-type', 'json'], { cwd: ROOT, encoding: 'utf8' });
  if (!run.stdout) throw new Error(`depcruise gave no answer: ${run.stderr}`);
  return (JSON.parse(run.stdout) as { summary: { violations: Violation[] } }).summary.violations;
}

describe('the dependency rule', () => {
  afterAll(() => {
    for (const file of [CORE, PURE, DATABASE, CONFIG, FEATURE]) rmSync(join(ROOT, file), { force: true });
  });

  it('refuses the framework or a feature in src/core, an entity in the scheduling logic, and a cycle through core', () => {
    const pureName = `./dependency-probe-${process.pid}`;
    writeFileSync(
      join(ROOT, CORE),
      `import { Injectable } from '@nestjs/common';\nimport { PROBE_B } from '../scheduling/${pureName}';\nexport const PROBE_A = [Injectable, PROBE_B];\n`,
    );
    // A type of an entity is only a name once compiled: allowed, unlike the entity itself.
    writeFileSync(
      join(ROOT, PURE),
      `import type { Site } from '../sites/site.entity';\nimport { Room } from '../rooms/room.entity';\nimport { PROBE_A } from '../core/${pureName}';\nexport const PROBE_B: unknown[] = [Room, PROBE_A, {} as Site];\n`,
    );

    const found = cruise(CORE, PURE).map((v) => `${v.rule.name}: ${v.from} -> ${v.to.replace(/^node_modules\/(@nestjs\/common)\/.*$/, '$1')}`);

    expect(found.sort()).toEqual(
      [
        `core-imports-only-core: ${CORE} -> ${PURE}`,
        `core-is-a-leaf: ${PURE} -> ${CORE}`,
        `pure-code-without-entities-and-services: ${PURE} -> src/rooms/room.entity.ts`,
        `pure-code-without-framework: ${CORE} -> @nestjs/common`,
      ].sort(),
    );
  });

  it('refuses a feature in src/database, a layer above in src/config, and src/app below the wiring layer', () => {
    // Each probe also makes an import its layer allows (src/core, the scheduling logic), which must pass.
    writeFileSync(join(ROOT, DATABASE), `import { epochMs } from '../core/sql';\nimport { Room } from '../rooms/room.entity';\nexport const PROBE = [epochMs, Room];\n`);
    writeFileSync(
      join(ROOT, CONFIG),
      `import { isValidTimeZone } from '../scheduling/local-time';\nimport { StartupError } from '../common/describe-error';\nexport const PROBE = [isValidTimeZone, StartupError];\n`,
    );
    writeFileSync(join(ROOT, FEATURE), `import { entities } from '../app/entities';\nexport const PROBE = entities;\n`);

    const found = cruise(DATABASE, CONFIG, FEATURE).map((v) => `${v.rule.name}: ${v.from} -> ${v.to}`);

    expect(found.sort()).toEqual(
      [
        `app-is-the-top: ${FEATURE} -> src/app/entities.ts`,
        `config-imports-no-layer-above: ${CONFIG} -> src/common/describe-error.ts`,
        `database-imports-no-feature: ${DATABASE} -> src/rooms/room.entity.ts`,
      ].sort(),
    );
  });
});
