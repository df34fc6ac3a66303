// The dependency rule of src/ (issue 15), checked by `npm run lint`. Rules name folders and naming
// conventions, not files, so a new file is covered the day it is written. test/dependency-rule.e2e-spec.ts
// shows each rule refusing a bad import.

/** The framework and the database: what pure code must not touch (type-only imports included). */
const FRAMEWORK = '(^|/)node_modules/(@nestjs/|typeorm/|pg/|@types/pg/|express/|@types/express/)';

/**
 * The scheduling logic: free of the framework and the database so it can be read and tested alone.
 * src/scheduling/ as a whole; the rules and planners still kept beside their features are named here
 * (the one list of them) until later steps of issue 15 move them into src/core/.
 */
const PURE = [
  '^src/scheduling/',
  '^src/assessments/(assessment-planner|site-calendar|batch-planning)\\.ts$',
  '^src/group-programs/group-schedule\\.ts$',
  '^src/individual-programs/individual-planner\\.ts$',
  '^src/referrals/(triage|referral-contents)\\.ts$',
  '^src/waitlist/care-guarantee\\.ts$',
  '^src/patients/personal-number\\.ts$',
  '^src/sites/site-settings\\.ts$',
  '^src/appointments/visit-label\\.ts$',
  '^src/calendars/calendar-entries\\.ts$',
  '^src/reminders/(reminder-schedule|reminder-message)\\.ts$',
  '^src/episodes/(episode-rules|referral-answer|follow-up-slot)\\.ts$',
];

/**
 * The wiring layer, on top of every feature: src/app/ (the entity registry, the connection settings,
 * start-up), the CLI, and the entry files still at the root of src/ until they move into src/app/.
 */
const WIRING = ['^src/app/', '^src/cli/', '^src/[^/]+\\.ts$'];

/** A folder of src/ that may import, of src/, only itself and the folders `allowed`. */
function importsOnly(name, comment, folder, allowed) {
  return {
    name,
    comment,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: '^src/', pathNot: `^src/(${[folder, ...allowed].join('|')})/` },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'app-is-the-top',
      comment: 'src/app/ wires the features together; nothing below the wiring layer imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: WIRING },
      to: { path: '^src/app/' },
    },
    importsOnly(
      'database-imports-no-feature',
      'src/database/ (embedded PostgreSQL, naming, connections) sits below the features: it imports only src/core/.',
      'database',
      ['core'],
    ),
    importsOnly(
      'config-imports-no-layer-above',
      'src/config/ reads the environment below every other layer: it imports only src/core/ and the scheduling logic.',
      'config',
      ['core', 'scheduling'],
    ),
    importsOnly('core-imports-only-core', 'src/core/ is the bottom layer: it imports nothing else of src/.', 'core', []),
    {
      name: 'pure-code-without-framework',
      comment: 'src/core/ and the scheduling logic import no Nest, TypeORM, pg or Express.',
      severity: 'error',
      from: { path: ['^src/core/', ...PURE] },
      to: { path: FRAMEWORK },
    },
    {
      name: 'pure-code-without-entities-and-services',
      comment:
        'The scheduling logic uses no entity or service at run time. A type of one is only a name once compiled, so a type-only import is allowed.',
      severity: 'error',
      from: { path: PURE },
      to: { path: '\\.(entity|service)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'core-is-a-leaf',
      comment: 'No import cycle runs through src/core/.',
      severity: 'error',
      from: {},
      to: { path: '^src/core/', circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // The generated API metadata requires every DTO and controller; it is no layer of its own.
    exclude: { path: '^src/openapi-metadata\\.ts$' },
    // Type-only imports are seen (and marked type-only), not erased before the cruise.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
