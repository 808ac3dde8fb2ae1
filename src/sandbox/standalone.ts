/**
 * `npm run sandbox`: the Feishu sandbox on its own port, for curl, the official SDK or a facade
 * started in real mode against it.
 */
import { FeishuSandbox, SANDBOX_APP } from './sandbox.js';

function portFrom(value: string | undefined): number {
  if (value === undefined || value === '') return 4001;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    process.stderr.write(`SANDBOX_PORT: must be a whole number from 0 to 65535, got "${value}"\n`);
    process.exit(1);
  }
  return port;
}

const sandbox = new FeishuSandbox();
const origin = await sandbox.listen(portFrom(process.env.SANDBOX_PORT), process.env.SANDBOX_HOST || '127.0.0.1');
process.stdout.write(
  [
    `Feishu sandbox listening on ${origin}`,
    `  app id:     ${SANDBOX_APP.appId}`,
    `  app secret: ${SANDBOX_APP.appSecret}   (a sandbox-only credential)`,
    `  run the facade against it: FEISHU_BASE_URL=${origin} FEISHU_APP_ID=${SANDBOX_APP.appId} FEISHU_APP_SECRET=${SANDBOX_APP.appSecret} FACADE_AUTH=off npm start`,
    '',
  ].join('\n'),
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.close().then(() => process.exit(0));
  });
}
