import { createServer } from 'node:http';
import { type AppConfig, ConfigError, loadConfig } from './config.js';
import { createLogger } from './logger.js';
import { DatabaseUnavailableError, redactUrl } from './mirror/postgres/engine.js';
import { startRuntime } from './runtime.js';
import { onShutdownSignal } from './util/shutdown-signal.js';

/** A start-up failure whose cause is known: one line naming it, exit 1, no stack trace. */
function exitOnStartupError(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
    process.exit(1);
  }
  if (error instanceof DatabaseUnavailableError) {
    process.stderr.write(`Database error: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

let config: AppConfig;
try {
  config = loadConfig();
} catch (error) {
  exitOnStartupError(error);
}
// Only the keys' hashes are kept (config.security); the plain keys are dropped from the environment.
delete process.env.FACADE_API_KEYS;

const logger = createLogger(config.logLevel);
const runtime = await startRuntime(config, logger).catch(exitOnStartupError);
const server = createServer(runtime.yoga);

await new Promise<void>((resolve, reject) => {
  server.once('error', reject);
  server.listen(config.port, config.host, () => resolve());
});

const address = server.address();
const port = typeof address === 'object' && address ? address.port : config.port;
const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}/graphql`;
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
  `GraphQL and GraphiQL at ${url} (health: /healthz), mirror at ${config.database.kind === 'postgres' ? redactUrl(config.database.url) : config.database.path}\n`,
);
logger.info('server started', { url, mode: runtime.sandbox ? 'sandbox' : 'real', feishu: runtime.feishuOrigin });

// A second signal (npm and tsx pass a Ctrl-C on too) must not kill the server before the mirror is closed.
onShutdownSignal((signal) => {
  logger.info('shutting down', { signal });
  server.closeAllConnections();
  server.close(() => {
    void runtime.close().then(() => process.exit(0));
  });
});
