import type { EventsConfig } from '../config.js';
import { decryptEvent, eventSignature, sameSecret } from './crypto.js';
import { type ApprovalEventType, isApprovalEventType } from './translate.js';

/** What one delivery to /feishu/events holds, once opened and verified. */
export type Delivery =
  | { kind: 'challenge'; challenge: string }
  | {
      kind: 'event';
      eventId: string;
      eventType: ApprovalEventType;
      /** The event object, its envelope left out. */
      event: Record<string, unknown>;
      instanceCode: string | null;
      /** The envelope's `ts`, in ms. */
      sentAt: number | null;
    }
  /** An event the mirror does not follow: acknowledged, nothing recorded. */
  | { kind: 'ignored'; eventType: string };

/** A delivery refused: the HTTP status and why (no secret in it). */
export class DeliveryRefused extends Error {
  constructor(
    readonly status: 400 | 401,
    message: string,
  ) {
    super(message);
    this.name = 'DeliveryRefused';
  }
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

function parseJson(raw: string, what: string): Json {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new DeliveryRefused(400, `${what} is not JSON`);
  }
  if (!isObject(parsed)) throw new DeliveryRefused(400, `${what} is not a JSON object`);
  return parsed;
}

/** The `ts` of a 1.0 envelope ("1502199207.7171419", seconds) in ms. */
function sentAtOf(ts: unknown): number | null {
  const seconds = typeof ts === 'number' ? ts : typeof ts === 'string' ? Number(ts) : Number.NaN;
  return Number.isFinite(seconds) && seconds > 0 ? Math.round(seconds * 1000) : null;
}

/**
 * Opens a delivery as Feishu sends it and checks that Feishu sent it:
 * - with an Encrypt Key, the body must be `{"encrypt": …}`, decryptable with it, and an event
 *   must carry X-Lark-Signature (over the raw body) that matches; Feishu's URL verification
 *   request is checked by its token (and by being decryptable);
 * - with a Verification Token, the (decrypted) body's token must be it.
 * The caller makes sure at least one of the two is configured.
 */
export function openDelivery(config: EventsConfig, raw: string, headers: Pick<Headers, 'get'>): Delivery {
  let body = parseJson(raw, 'the body');
  let signed = false;
  if (config.encryptKey !== null) {
    const encrypted = text(body.encrypt);
    if (encrypted === null) throw new DeliveryRefused(401, 'an Encrypt Key is configured: the body must be encrypted');
    const timestamp = headers.get('x-lark-request-timestamp');
    const nonce = headers.get('x-lark-request-nonce');
    const signature = headers.get('x-lark-signature');
    if (timestamp !== null || nonce !== null || signature !== null) {
      const expected = eventSignature(timestamp ?? '', nonce ?? '', config.encryptKey, raw);
      if (signature === null || !sameSecret(signature.toLowerCase(), expected)) throw new DeliveryRefused(401, 'the signature does not match');
      signed = true;
    }
    let plaintext: string;
    try {
      plaintext = decryptEvent(config.encryptKey, encrypted);
    } catch {
      throw new DeliveryRefused(401, 'the body cannot be decrypted with the Encrypt Key');
    }
    body = parseJson(plaintext, 'the decrypted body');
  } else if (body.encrypt !== undefined) {
    throw new DeliveryRefused(400, 'the body is encrypted but no Encrypt Key is configured (FEISHU_EVENT_ENCRYPT_KEY)');
  }

  const header = isObject(body.header) ? body.header : null;
  const token = body.schema === '2.0' ? header?.token : body.token;
  if (config.verificationToken !== null && (typeof token !== 'string' || !sameSecret(token, config.verificationToken))) {
    throw new DeliveryRefused(401, 'the verification token does not match');
  }

  if (body.type === 'url_verification') {
    const challenge = text(body.challenge);
    if (challenge === null) throw new DeliveryRefused(400, 'a URL verification without a challenge');
    return { kind: 'challenge', challenge };
  }
  if (config.encryptKey !== null && !signed) throw new DeliveryRefused(401, 'an Encrypt Key is configured: events must be signed (X-Lark-Signature)');

  if (body.schema === '2.0') return { kind: 'ignored', eventType: String(header?.event_type ?? 'unknown') };
  const event = isObject(body.event) ? body.event : null;
  const eventType = event?.type;
  if (body.type !== 'event_callback' || !event || !isApprovalEventType(eventType)) return { kind: 'ignored', eventType: String(eventType ?? body.type) };
  const eventId = text(body.uuid);
  if (eventId === null) throw new DeliveryRefused(400, 'an event without its uuid');
  return { kind: 'event', eventId, eventType, event, instanceCode: text(event.instance_code), sentAt: sentAtOf(body.ts) };
}
