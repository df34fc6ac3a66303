// Jest transform for the ES-module-only packages of sign-in (see jest.config.js): TypeScript's own
// transpiler turns their `import`/`export` into CommonJS and leaves the rest as it is. Not ts-jest:
// it keeps one configuration per jest project, so a second ts-jest transform would silently get the
// service's (whose useDefineForClassFields: false breaks jose's error classes).
const { createHash } = require('node:crypto');
const ts = require('typescript');

const COMPILER_OPTIONS = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, allowJs: true, useDefineForClassFields: true, sourceMap: false };

module.exports = {
  process(source, fileName) {
    return { code: ts.transpileModule(source, { fileName, compilerOptions: COMPILER_OPTIONS }).outputText };
  },
  getCacheKey(source, fileName) {
    return createHash('sha256').update(ts.version).update(JSON.stringify(COMPILER_OPTIONS)).update(fileName).update(source).digest('hex');
  },
};
