import type { IncomingMessage, ServerResponse } from 'node:http';
import { pathOf } from '../util/url-path.js';
import { READINESS_PATH } from './readiness.js';
import { REQUEST_ID_HEADER, requestIdOf } from './request-log.js';

const STARTING_ERROR = JSON.stringify({
  errors: [{ message: 'The server is starting; try again in a moment.', extensions: { code: 'SERVER_STARTING' } }],
});

/**
 * What the server answers while it listens but its mirror is not open yet: alive on /healthz,
 * 503 on /readyz, and 503 with Retry-After to anything else.
 */
export function answerWhileStarting(request: IncomingMessage, response: ServerResponse): void {
  const path = pathOf(`http://host${request.url ?? '/'}`);
  response.setHeader(REQUEST_ID_HEADER, requestIdOf({ get: (name) => headerValue(request, name) }));
  response.setHeader('cache-control', 'no-store');
  if (path === '/healthz') {
    response.writeHead(200).end();
  } else if (path === READINESS_PATH) {
    response.writeHead(503, { 'content-type': 'application/json' }).end('{"status":"starting"}');
  } else {
    response.writeHead(503, { 'content-type': 'application/json', 'retry-after': '1' }).end(STARTING_ERROR);
  }
  request.resume();
}

function headerValue(request: IncomingMessage, name: string): string | null {
  const value = request.headers[name];
  return typeof value === 'string' ? value : null;
}
