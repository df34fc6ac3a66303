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
    },
  },
  {
    // The web app runs in the browser.
    files: ['src/web/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: { window: 'readonly', document: 'readonly', location: 'writable', sessionStorage: 'readonly', localStorage: 'readonly', Intl: 'readonly', fetch: 'readonly', FormData: 'readonly', navigator: 'readonly' },
    },
  },
  {
    // Plain CommonJS scripts (a loader that must run before any TypeScript can).
    files: ['**/*.js'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
