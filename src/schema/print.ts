/** `npm run schema:print`: rewrites schema.graphql from the Pothos schema. */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { printSchemaSdl } from './index.js';

const target = fileURLToPath(new URL('../../schema.graphql', import.meta.url));
writeFileSync(target, printSchemaSdl());
process.stdout.write(`wrote ${target}\n`);
