/**
 * `npm run sandbox`: the Feishu sandbox on its own port, for curl, the official SDK or a facade
 * started in real mode against it.
 */
import { FeishuSandbox, SANDBOX_APP } from './sandbox.js';

function wholeNumber(variable: string, fallback: number, max: number): number {
  const value = process.env[variable];
  if (value === undefined || value === '') return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0 || parsed > max) {
    process.stderr.write(`${variable}: must be a whole number from 0 to ${max}, got "${value}"\n`);
    process.exit(1);
  }
  return parsed;
}

// SANDBOX_LATENCY_MS: how long each API answer takes (Feishu's own take tens of milliseconds).
const sandbox = new FeishuSandbox({ latencyMs: wholeNumber('SANDBOX_LATENCY_MS', 0, 60_000) });
// SANDBOX_EVENTS_URL: a facade's /feishu/events, sent the approval events of subscribed definitions,
// with the token (and encrypted and signed with the key) the facade is given.
const eventsUrl = process.env.SANDBOX_EVENTS_URL;
if (eventsUrl) {
  sandbox.deliverEventsTo({
    url: eventsUrl,
    send: (request) => fetch(request),
    verificationToken: process.env.SANDBOX_EVENTS_VERIFICATION_TOKEN ?? '',
    encryptKey: process.env.SANDBOX_EVENTS_ENCRYPT_KEY || null,
  });
}
const origin = await sandbox.listen(wholeNumber('SANDBOX_PORT', 4001, 65535), process.env.SANDBOX_HOST || '127.0.0.1');
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
