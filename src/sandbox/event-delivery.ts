import { randomBytes, randomUUID } from 'node:crypto';
import { encryptEvent, eventSignature } from '../events/crypto.js';
import type { Clock } from '../util/clock.js';
import type { NativeEvent } from './native-instances.js';

/** Where and how the sandbox sends events: as Feishu's console holds them for an app. */
export interface EventTarget {
  /** The request URL (…/feishu/events), or a fetch of it in-process. */
  send: (request: Request) => Promise<Response>;
  url: string;
  verificationToken: string;
  /** Bodies encrypted and signed with it when set. */
  encryptKey: string | null;
}

/** One delivery as sent, and the status it was answered with. */
export interface DeliveredEvent {
  eventId: string;
  type: string;
  instanceCode: string;
  status: number;
}

/** A request as Feishu sends it: the 1.0 envelope, encrypted and signed when there is an Encrypt Key. */
export function eventRequest(target: Pick<EventTarget, 'url' | 'verificationToken' | 'encryptKey'>, envelope: Record<string, unknown>, now: number): Request {
  const plain = JSON.stringify({ ...envelope, token: target.verificationToken });
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  let body = plain;
  if (target.encryptKey !== null) {
    body = JSON.stringify({ encrypt: encryptEvent(target.encryptKey, plain) });
    const timestamp = String(Math.floor(now / 1000));
    const nonce = randomBytes(8).toString('hex');
    headers['x-lark-request-timestamp'] = timestamp;
    headers['x-lark-request-nonce'] = nonce;
    headers['x-lark-signature'] = eventSignature(timestamp, nonce, target.encryptKey, body);
  }
  return new Request(target.url, { method: 'POST', headers, body });
}

/** The 1.0 envelope of an approval event. */
export function eventEnvelope(appId: string, event: NativeEvent, now: number): Record<string, unknown> {
  return {
    uuid: randomUUID().replaceAll('-', ''),
    ts: (now / 1000).toFixed(7),
    type: 'event_callback',
    event: { app_id: appId, tenant_key: 'sandbox_tenant', ...event },
  };
}

/** How many times a delivery is sent when it is not answered 200 (Feishu retries too). */
const ATTEMPTS = 3;

/**
 * Sends events to the facade one after another, in the order they happened, each until it is
 * answered 200 (at most ATTEMPTS times). `settled()` resolves once all sent so far were.
 */
export class EventDeliveries {
  readonly delivered: DeliveredEvent[] = [];
  private target: EventTarget | null = null;
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly clock: Clock) {}

  setTarget(target: EventTarget | null): void {
    this.target = target;
  }

  get targetUrl(): string | null {
    return this.target?.url ?? null;
  }

  enqueue(appId: string, events: readonly NativeEvent[]): Promise<void> {
    const target = this.target;
    if (!target || events.length === 0) return this.chain;
    this.chain = this.chain.then(async () => {
      for (const event of events) {
        const envelope = eventEnvelope(appId, event, this.clock.now());
        let status = 0;
        for (let attempt = 1; attempt <= ATTEMPTS && status !== 200; attempt += 1) {
          status = await target
            .send(eventRequest(target, envelope, this.clock.now()))
            .then(async (response) => {
              await response.arrayBuffer();
              return response.status;
            })
            .catch(() => 0);
        }
        this.delivered.push({ eventId: String(envelope.uuid), type: event.type, instanceCode: String(event.instance_code), status });
      }
    });
    return this.chain;
  }

  settled(): Promise<void> {
    return this.chain;
  }
}
