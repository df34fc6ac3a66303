import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  // src/openapi-metadata.ts is generated (scripts/openapi-metadata.js).
  { ignores: ['dist/', 'node_modules/', 'coverage/', '.data/', 'test-results/', 'src/openapi-metadata.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', __dirname: 'readonly', __filename: 'readonly', require: 'readonly', module: 'writable' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      'no-restricted-imports': 'off',
    },
  },
  {
    // The web app runs in the browser.
    files: ['src/web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { window: 'readonly', document: 'readonly', location: 'writable', sessionStorage: 'readonly', localStorage: 'readonly', Intl: 'readonly', fetch: 'readonly', FormData: 'readonly' },
    },
  },
  {
    // Plain CommonJS scripts (a loader that must run before any TypeScript can).
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The scheduling logic stays free of the framework and the database, so it can be read and tested alone.
    files: [
      'src/scheduling/**/*.ts',
      'src/assessments/assessment-planner.ts',
      'src/group-programs/group-schedule.ts',
      'src/individual-programs/individual-planner.ts',
      'src/referrals/triage.ts',
      'src/referrals/referral-contents.ts',
      'src/waitlist/care-guarantee.ts',
      'src/patients/personal-number.ts',
      'src/sites/site-settings.ts',
      'src/assessments/site-calendar.ts',
      'src/assessments/batch-planning.ts',
      'src/appointments/visit-label.ts',
      'src/calendars/calendar-entries.ts',
      'src/reminders/reminder-schedule.ts',
      'src/reminders/reminder-message.ts',
      'src/episodes/episode-rules.ts',
      'src/episodes/referral-answer.ts',
      'src/episodes/follow-up-slot.ts',
    ],
    rules: {
      // Types of an entity (a kind, a status) are only names at run time; the entity itself is not.
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@nestjs/*', 'typeorm', 'pg', '../*/*.entity', '../*/*.service'], allowTypeImports: true }] },
      ],
    },
  },
);
