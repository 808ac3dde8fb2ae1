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

export type Authenticate = (authorization: string | null) => Caller | Promise<Caller>;

/**
 * Turns a request's `Authorization` header into its caller, or throws the GraphQL error Yoga
 * answers with (401, or 503 when a key set cannot be fetched). An API key is recognised
 * synchronously; a JWT is verified by jose. Log lines name the reason, never the credential.
 */
export function createAuthenticate(auth: Extract<AuthConfig, { kind: 'checked' }>, logger: Logger): Authenticate {
  const verifyJwt = auth.jwt ? createJwtVerifier(auth.jwt) : null;
  const refuse = (reason: string, message: string, invalidToken: boolean): never => {
    logger.info('request refused: unauthenticated', { reason });
    throw unauthenticated(message, invalidToken);
  };
  return (authorization) => {
    if (authorization === null || authorization.trim() === '') {
      return refuse('no credentials', 'Authorization: Bearer <API key or token> is required.', false);
    }
    const match = /^Bearer +(\S+) *$/i.exec(authorization);
    const token = match?.[1];
    if (!token) return refuse('not a bearer credential', 'The Authorization header must be "Bearer <API key or token>".', true);
    const key = matchApiKey(auth.apiKeys, token);
    if (key) return { kind: 'key', name: key.name, scopes: key.scopes };
    if (!verifyJwt || !isJwtShaped(token)) return refuse('unknown API key', 'The bearer credential is not valid.', true);
    return verifyJwt(token).then((outcome) => {
      if ('user' in outcome) return { kind: 'user', user: outcome.user };
      if ('unavailable' in outcome) {
        logger.warn('bearer token not verified: the JWT key set is unavailable', { error: outcome.unavailable });
        throw verificationUnavailable();
      }
      if (outcome.refused === 'expired') return refuse('token expired', 'The bearer token has expired.', true);
      if (outcome.refused === 'no user claim') return refuse('token names no user', 'The bearer token names no user.', true);
      return refuse('token invalid', 'The bearer credential is not valid.', true);
    });
  };
}
