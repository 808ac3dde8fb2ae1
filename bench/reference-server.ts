/**
 * A reference server of the benchmark as a process of its own (see bench/lib/references.ts):
 * REFERENCE=node-proxy|stock-yoga|facade-without-yoga, SANDBOX=<the sandbox's origin>, and for the
 * facade without Yoga, DATABASE_URL=<its mirror file>. On SIGTERM or SIGINT it closes (its mirror
 * included) and exits, as the facade's server does, so that `--cpu-prof` writes its profiles.
 */
import { onShutdownSignal } from '../src/util/shutdown-signal.js';
import { REFERENCE_NAMES, type ReferenceKind, startReferenceServer } from './lib/references.js';

const kind = process.env.REFERENCE as ReferenceKind;
if (!Object.hasOwn(REFERENCE_NAMES, kind)) throw new Error(`REFERENCE: one of ${Object.keys(REFERENCE_NAMES).join(', ')}, not ${String(kind)}`);
const reference = await startReferenceServer(kind, process.env.SANDBOX!, { databasePath: process.env.DATABASE_URL });
process.stdout.write(`reference ${kind} at ${reference.origin}/graphql\n`);

onShutdownSignal(() => {
  void reference.close().then(() => process.exit(0));
});
