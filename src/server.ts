import { createServer } from 'node:http';
import { type AppConfig, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { redactUrl } from './mirror/postgres/engine.js';
import { logDestination } from './ops/log-destination.js';
import { ServerDrain } from './ops/server-drain.js';
import { answerWhileStarting } from './ops/starting.js';
import { listen, startupErrorLine } from './ops/startup-errors.js';
import { type Runtime, startRuntime } from './runtime.js';
import { onShutdownSignal } from './util/shutdown-signal.js';

/** A start-up failure whose cause is known: one line naming it, exit 1, no stack trace. */
function exitOnStartupError(error: unknown): never {
  const line = startupErrorLine(error);
  if (line === null) throw error;
  process.stderr.write(`${line}\n`);
  process.exit(1);
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  exitOnStartupError(error);
}
// Only the keys' hashes are kept (config.security); the plain keys are dropped from the environment.
delete process.env.FACADE_API_KEYS;

const logger = createLogger(config.logLevel, await logDestination());

// The server listens before the mirror is open: /healthz answers at once, /readyz 503 until the runtime is ready.
let runtime: Runtime | undefined;
const server = createServer((request, response) => (runtime ? runtime.yoga(request, response) : answerWhileStarting(request, response)));
const drain = new ServerDrain(server);
await listen(server, config.port, config.host).catch(exitOnStartupError);
const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`;
logger.debug({ url }, 'listening; opening the mirror');

const starting = startRuntime(config, logger);
let shuttingDown = false;

// A second signal (npm and tsx pass a Ctrl-C on too) must not kill the server before the mirror is closed.
onShutdownSignal((signal) => {
  shuttingDown = true;
  runtime?.readiness.drain();
  drain.begin();
  logger.info(
    { signal, inFlight: drain.inFlight, timeoutMs: config.shutdownTimeoutMs },
    'shutting down: new connections refused, requests in flight finishing',
  );
  shutDown().catch((error: unknown) => {
    logger.error({ err: error }, 'shutdown failed');
    process.exit(1);
  });
});

async function shutDown(): Promise<never> {
  const { cut } = await drain.finish(config.shutdownTimeoutMs);
  if (cut > 0) logger.warn({ cut }, 'requests still in flight at SHUTDOWN_TIMEOUT_MS were cut off');
  const started = await starting.catch(exitOnStartupError);
  await started.close();
  logger.info('stopped: the mirror is closed');
  process.exit(0);
}

runtime = await starting.catch(exitOnStartupError);
if (shuttingDown) runtime.readiness.drain();
if (runtime.sandbox) {
  process.stdout.write(
    [
      '',
      '*****************************************************************',
      '*  SANDBOX MODE: FEISHU_APP_ID / FEISHU_APP_SECRET are not set. *',
      '*  Feishu calls go to the embedded sandbox, not to Feishu.      *',
      '*****************************************************************',
      `   sandbox: ${runtime.feishuOrigin}`,
      `   move a native instance as its approvers would: POST ${runtime.feishuOrigin}/__sandbox/instances/<instanceCode>/approve (docs/events.md)`,
      '',
    ].join('\n'),
  );
}
if (config.security.auth.kind === 'open') {
  process.stdout.write(
    config.security.auth.reason === 'sandbox'
      ? 'Callers are not checked (sandbox mode without FACADE_API_KEYS or FACADE_JWT_*): anyone who reaches the port may call.\n'
      : 'WARNING: FACADE_AUTH=off: callers are not checked; anyone who reaches the port acts with your Feishu app.\n',
  );
}
process.stdout.write(
  `GraphQL and GraphiQL at ${url} (health: /healthz, readiness: /readyz), mirror at ${config.database.kind === 'postgres' ? redactUrl(config.database.url) : config.database.path}\n`,
);
logger.info({ url, mode: runtime.sandbox ? 'sandbox' : 'real', feishu: runtime.feishuOrigin }, 'server started');
