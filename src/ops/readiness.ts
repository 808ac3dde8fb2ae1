import type { Plugin } from 'graphql-yoga';
import type { Logger } from '../logger.js';
import { pathOf } from '../util/url-path.js';

export const READINESS_PATH = '/readyz';

/** How long the mirror may take to answer a readiness check before the check fails. */
const PING_TIMEOUT_MS = 2_000;

export type ReadinessAnswer = { ready: true } | { ready: false; status: 'starting' | 'draining' | 'unavailable' };

/**
 * Whether this process should be sent requests: once started, until it begins to shut down, and
 * while its mirror answers.
 */
export class Readiness {
  private draining = false;

  constructor(
    private readonly ping: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  /** From now on the process is not ready: it is shutting down. */
  drain(): void {
    this.draining = true;
  }

  async check(): Promise<ReadinessAnswer> {
    if (this.draining) return { ready: false, status: 'draining' };
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    try {
      await Promise.race([this.ping(), timedOut]);
      return { ready: true };
    } catch (error) {
      this.logger.warn({ error: String(error) }, 'not ready: the mirror did not answer');
      return { ready: false, status: 'unavailable' };
    } finally {
      clearTimeout(timer);
    }
  }
}

/** The body and status of a readiness answer: 200 when ready, else 503 saying why. */
export function readinessResponse(answer: ReadinessAnswer): { status: number; body: string } {
  return answer.ready ? { status: 200, body: '{"status":"ready"}' } : { status: 503, body: JSON.stringify({ status: answer.status }) };
}

/** Answers `/readyz` from `readiness`. */
export function useReadinessEndpoint(readiness: Readiness): Plugin {
  return {
    onRequest({ request, endResponse, fetchAPI }) {
      if (pathOf(request.url) !== READINESS_PATH) return;
      return readiness.check().then((answer) => {
        const { status, body } = readinessResponse(answer);
        endResponse(new fetchAPI.Response(body, { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store' } }));
      });
    },
  };
}
