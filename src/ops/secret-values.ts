/**
 * The secret values this process holds (the app secret, tenant tokens): every log line is searched
 * for them just before it is written, whatever field or message they slipped into. One set for the
 * process, so that every logger it makes, children included, redacts them all.
 */
const secrets = new Set<string>();

export const REDACTED = '[redacted]';

/** Registers a secret: it is replaced by `[redacted]` in every line written from now on. */
export function registerSecret(secret: string): void {
  if (secret.length < 4) return;
  secrets.add(secret);
  // As it appears inside a JSON string, when it holds characters JSON escapes.
  const escaped = JSON.stringify(secret).slice(1, -1);
  if (escaped !== secret) secrets.add(escaped);
}

export function redactSecrets(text: string): string {
  let out = text;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}
