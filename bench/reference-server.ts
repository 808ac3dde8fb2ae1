/**
 * A reference server of the benchmark as a process of its own (see bench/lib/references.ts):
 * REFERENCE=node-proxy|stock-yoga, SANDBOX=<the sandbox's origin>.
 */
import { type ReferenceKind, startReferenceServer } from './lib/references.js';

const kind = process.env.REFERENCE as ReferenceKind;
if (kind !== 'node-proxy' && kind !== 'stock-yoga') throw new Error(`REFERENCE: node-proxy or stock-yoga, not ${String(kind)}`);
const { origin } = await startReferenceServer(kind, process.env.SANDBOX!);
process.stdout.write(`reference ${kind} at ${origin}/graphql\n`);
