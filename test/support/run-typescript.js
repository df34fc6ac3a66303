// Runs a TypeScript entry point (argv[2]) in its own process without a build, for tests that need a
// real separate process they can kill. Transpiles each module as it is required, like ts-jest.
const { readFileSync } = require('node:fs');
const { resolve } = require('node:path');
const ts = require('typescript');

const compilerOptions = {
  module: ts.ModuleKind.CommonJS,
  target: ts.ScriptTarget.ES2022,
  esModuleInterop: true,
  experimentalDecorators: true,
  emitDecoratorMetadata: true,
};
require.extensions['.ts'] = (module, filename) =>
  module._compile(ts.transpileModule(readFileSync(filename, 'utf8'), { fileName: filename, compilerOptions }).outputText, filename);
// Spawned with an IPC channel, the process ends with the test that started it: even a test runner
// killed outright (no afterAll) leaves no service behind, holding its port and database.
if (process.send) process.on('disconnect', () => process.exit(1));
// The entry point sees its arguments where it would when run on its own (the CLI's command at argv[2]).
const [entry] = process.argv.splice(2, 1);
require(resolve(entry));
