// Validates an OpenAPI document (the JSON file argv[2]) with swagger-parser and turns it into client
// types with openapi-typescript; prints {problem, types, typesProblem} as JSON. A separate Node process because
// both are ES modules all the way down, which jest's CommonJS module loader cannot run.
import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import openapiTS, { astToString } from 'openapi-typescript';

// Each tool gets its own copy: swagger-parser dereferences the document it is given in place.
const text = readFileSync(process.argv[2], 'utf8');
let problem = null;
try {
  await SwaggerParser.validate(JSON.parse(text));
} catch (error) {
  problem = error.message;
}
let types = '';
let typesProblem = null;
try {
  types = astToString(await openapiTS(JSON.parse(text)));
} catch (error) {
  typesProblem = error.message;
}
process.stdout.write(JSON.stringify({ problem, types, typesProblem }));
