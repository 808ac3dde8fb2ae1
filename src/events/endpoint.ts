import type { Plugin } from 'graphql-yoga';
import type { EventsConfig } from '../config.js';
import type { Logger } from '../logger.js';
import { DeliveryRefused, openDelivery } from './delivery.js';
import type { FeishuEventsService } from './service.js';

export const EVENTS_PATH = '/feishu/events';

/** Feishu's deliveries are small; a larger body is nobody's event. */
const MAX_BODY_BYTES = 1_000_000;

export interface EventsEndpointDeps {
  config: EventsConfig;
  events: FeishuEventsService;
  logger: Logger;
  /** How long a delivery waits for its event to be applied before it is answered (Feishu waits 3 s); the apply goes on. */
  answerWithinMs?: number;
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

/** The body's text, or null when it is over `limit` bytes (counted as it streams when there is no Content-Length). */
async function bodyText(request: Request, limit: number): Promise<string | null> {
  const length = request.headers.get('content-length');
  if (length !== null && Number(length) > limit) return null;
  if (!request.body) return '';
  const chunks: Uint8Array[] = [];
  let bytes = 0;
  for await (const chunk of request.body as unknown as AsyncIterable<Uint8Array>) {
    bytes += chunk.byteLength;
    if (bytes > limit) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * POST /feishu/events: Feishu's event callbacks. Feishu calls it, not API-key callers: it is
 * answered before the caller check and CSRF prevention (which guard /graphql), and protected by
 * the Verification Token and the Encrypt Key's signature instead (see delivery.ts). An event is
 * recorded before the answer; its apply is awaited up to `answerWithinMs`, so that Feishu hears
 * back within its 3 s and does not retry.
 */
export function createEventsEndpoint(deps: EventsEndpointDeps): (request: Request) => Promise<Response> {
  const { config, events, logger } = deps;
  const answerWithinMs = deps.answerWithinMs ?? 2_000;
  const configured = config.verificationToken !== null || config.encryptKey !== null;
  return async (request) => {
    if (!configured) return json(404, { error: 'events are not configured: set FEISHU_EVENT_VERIFICATION_TOKEN and/or FEISHU_EVENT_ENCRYPT_KEY' });
    if (request.method !== 'POST') return json(405, { error: 'POST only' });
    try {
      const raw = await bodyText(request, MAX_BODY_BYTES);
      if (raw === null) return json(413, { error: 'body too large' });
      const delivery = openDelivery(config, raw, request.headers);
      if (delivery.kind === 'challenge') return json(200, { challenge: delivery.challenge });
      if (delivery.kind === 'ignored') {
        logger.debug({ type: delivery.eventType }, 'feishu event not followed');
        return json(200, {});
      }
      const { duplicate, applied } = await events.record(delivery);
      const settled = applied.then(
        () => true,
        (error: unknown) => {
          logger.error({ eventId: delivery.eventId, error: String(error) }, 'applying a feishu event failed; it is applied again later');
          return true;
        },
      );
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), answerWithinMs);
        timer.unref();
      });
      const inTime = await Promise.race([settled, late]);
      clearTimeout(timer);
      if (!inTime) logger.warn({ eventId: delivery.eventId }, 'feishu event answered before it was applied');
      return json(200, duplicate ? { duplicate: true } : {});
    } catch (error) {
      if (error instanceof DeliveryRefused) {
        logger.warn({ status: error.status, reason: error.message }, 'feishu event delivery refused');
        return json(error.status, { error: error.message });
      }
      logger.error({ error: String(error) }, 'feishu event delivery failed');
      return json(500, { error: 'internal error; Feishu retries the delivery' });
    }
  };
}

/** Serves the endpoint ahead of GraphQL (Yoga's onRequest). */
export function useFeishuEvents(handle: (request: Request) => Promise<Response>): Plugin {
  return {
    async onRequest({ url, request, endResponse }) {
      if (url.pathname === EVENTS_PATH) endResponse(await handle(request));
    },
  };
}
