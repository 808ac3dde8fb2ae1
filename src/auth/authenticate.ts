import { GraphQLError } from 'graphql';
import type { Logger } from '../logger.js';
import { matchApiKey } from './api-keys.js';
import type { Caller } from './caller.js';
import type { AuthConfig } from './config.js';
import { createJwtVerifier, isJwtShaped } from './jwt.js';

const REALM = 'Bearer realm="feishu-approvals"';

/** HTTP 401: no credentials, or wrong ones. Nothing of the request was executed. */
function unauthenticated(message: string, invalidToken: boolean): GraphQLError {
  return new GraphQLError(message, {
    extensions: {
      code: 'UNAUTHENTICATED',
      http: { status: 401, headers: { 'WWW-Authenticate': invalidToken ? `${REALM}, error="invalid_token"` : REALM } },
    },
  });
}

/** HTTP 503: the token cannot be checked now (the key set is unreachable); try again later. */
function verificationUnavailable(): GraphQLError {
  return new GraphQLError('Bearer tokens cannot be verified at the moment; try again later.', {
    extensions: { code: 'AUTH_UNAVAILABLE', http: { status: 503, headers: { 'Retry-After': '5' } } },
  });
}

/** 401, with a line on the request's logger naming the reason (never the credential). */
function refuseRequest(logger: Logger, reason: string, message: string, invalidToken: boolean): never {
  logger.info({ reason }, 'request refused: unauthenticated');
  throw unauthenticated(message, invalidToken);
}

/** `logger`: the request's, for the line saying why it was refused. */
export type Authenticate = (authorization: string | null, logger: Logger) => Caller | Promise<Caller>;

/**
 * Turns a request's `Authorization` header into its caller, or throws the GraphQL error Yoga
 * answers with (401, or 503 when a key set cannot be fetched). An API key is recognised
 * synchronously; a JWT is verified by jose. Log lines name the reason, never the credential.
 */
export function createAuthenticate(auth: Extract<AuthConfig, { kind: 'checked' }>): Authenticate {
  const verifyJwt = auth.jwt ? createJwtVerifier(auth.jwt) : null;
  return (authorization, logger) => {
    if (authorization === null || authorization.trim() === '') {
      return refuseRequest(logger, 'no credentials', 'Authorization: Bearer <API key or token> is required.', false);
    }
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    const token = match?.[1];
    if (!token) return refuseRequest(logger, 'not a bearer credential', 'The Authorization header must be "Bearer <API key or token>".', true);
    const key = matchApiKey(auth.apiKeys, token);
    if (key) return { kind: 'key', name: key.name, scopes: key.scopes };
    if (!verifyJwt || !isJwtShaped(token)) return refuseRequest(logger, 'unknown API key', 'The bearer credential is not valid.', true);
    return verifyJwt(token).then((outcome) => {
      if ('user' in outcome) return { kind: 'user', user: outcome.user };
      if ('unavailable' in outcome) {
        logger.warn({ error: outcome.unavailable }, 'bearer token not verified: the JWT key set is unavailable');
        throw verificationUnavailable();
      }
      if (outcome.refused === 'expired') return refuseRequest(logger, 'token expired', 'The bearer token has expired.', true);
      if (outcome.refused === 'no user claim') return refuseRequest(logger, 'token names no user', 'The bearer token names no user.', true);
      return refuseRequest(logger, 'token invalid', 'The bearer credential is not valid.', true);
    });
  };
}
