// The dependency rule of src/ (issue 15), checked by `npm run lint` (and so by `npm test`). The house has
// floors: each top folder of src/ stands on one, and imports only its own folder and the floors below.
// Folders on one floor never import each other, except through a port named in PORTS. The rules name
// folders, never files, so a new file is covered the day it is written, and a new folder is refused
// until it is given a floor. test/dependency-rule.e2e-spec.ts shows each rule refusing a bad import.

/** The floors, bottom first. */
const FLOORS = [
  // Pure TypeScript: the vocabulary, local time and holidays, the rules, the planners.
  ['core'],
  // The environment and the database connection.
  ['config', 'database'],
  // The HTTP edge shared by all: the error shape, validators, request limits.
  ['common'],
  // Who is calling, what they may see, and the audit log of it.
  ['access'],
  // Written inside other layers' transactions: the reminder outbox, and the job runner.
  ['outbox', 'jobs'],
  // The unit's registers: sites, and the staff, rooms and patients each belongs to.
  ['sites', 'staff', 'rooms', 'patients'],
  // The one write path into the calendar, the site calendar that planners read, visits as shown.
  ['calendar'],
  // The episode ledger: each patient's path from referral to follow-up, written by the features.
  ['episodes'],
  // The features: one folder per thing the unit does.
  ['appointments', 'referrals', 'waitlist', 'assessments', 'group-programs', 'individual-programs', 'calendars', 'reminders', 'audit', 'auth', 'health', 'worklists'],
  // The region's interfaces over the features: HL7 FHIR R4 (the same rules, access and audit).
  ['fhir'],
  // The wiring: demo data through the real services, the CLI, and the application itself.
  ['demo', 'cli', 'app'],
];

/** The imports allowed between folders of one floor, each with its reason. */
const PORTS = {
  // Every register belongs to a site.
  staff: ['sites'],
  rooms: ['sites'],
  patients: ['sites'],
  // A visit moves by the rules of the assessment or program it belongs to (PATCH /appointments/:id).
  appointments: ['assessments', 'individual-programs', 'group-programs'],
  // The CLI starts the application; the application seeds the demo data.
  cli: ['app'],
  app: ['demo'],
};

/** The framework and the database: what the core must not touch (type-only imports included). */
const FRAMEWORK = '(^|/)node_modules/(@nestjs/|typeorm/|pg/|@types/pg/|express/|@types/express/)';

const ALL = FLOORS.flat();
const floorOf = (folder) => FLOORS.findIndex((floor) => floor.includes(folder));
/** A folder, the floors below it, and its ports: what it may import of src/. */
const allowedFor = (folder) => [folder, ...FLOORS.slice(0, floorOf(folder)).flat(), ...(PORTS[folder] ?? [])];
const anyOf = (folders) => `^src/(${folders.join('|')})/`;

module.exports = {
  forbidden: [
    ...ALL.map((folder) => ({
      name: `floor-of-${folder}`,
      comment: `src/${folder}/ imports only itself, the floors below it${PORTS[folder] ? ` and its ports (${PORTS[folder].join(', ')})` : ''}.`,
      severity: 'error',
      from: { path: `^src/${folder}/` },
      to: { path: '^src/', pathNot: anyOf(allowedFor(folder)) },
    })),
    {
      name: 'every-folder-has-a-floor',
      comment: 'Code of src/ lives in a folder that stands on a floor of .dependency-cruiser.js.',
      severity: 'error',
      from: { path: '^src/', pathNot: [anyOf(ALL), '^src/web/'] },
      to: {},
    },
    {
      name: 'core-without-framework',
      comment: 'src/core/ is pure TypeScript: no Nest, TypeORM, pg or Express, not even a type of them.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: FRAMEWORK },
    },
    {
      name: 'no-cycle',
      comment: 'No file imports itself around a circle, within a folder either.',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The generated API metadata requires every DTO and controller; the web app is served, not imported.
    exclude: { path: ['^src/openapi-metadata\\.ts$', '^src/web/'] },
    // Type-only imports are seen (and marked type-only), not erased before the cruise.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
