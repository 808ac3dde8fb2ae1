import { randomBytes } from 'node:crypto';
import type { Clock } from '../util/clock.js';
import type { SandboxAnswer } from './answer.js';
import { feishuError } from './answer.js';

export interface SandboxApp {
  appId: string;
  appSecret: string;
}

interface IssuedToken {
  appId: string;
  expiresAt: number;
}

/** Feishu answers a token request with the current token while it has more than this left. */
const REUSE_WINDOW_MS = 30 * 60_000;

/** The sandbox's tenant tokens: issued per app, expiring, checked on every API call. */
export class SandboxTokens {
  private readonly apps = new Map<string, string>();
  private readonly issued = new Map<string, IssuedToken>();
  private readonly current = new Map<string, string>();

  constructor(
    apps: SandboxApp[],
    private readonly clock: Clock,
    /** Lifetime of a new token, in seconds (Feishu: 7200). */
    public ttlSeconds: number,
  ) {
    for (const app of apps) this.apps.set(app.appId, app.appSecret);
  }

  /** POST /open-apis/auth/v3/tenant_access_token/internal */
  issue(body: unknown): SandboxAnswer {
    const { app_id: appId, app_secret: appSecret } = (body ?? {}) as { app_id?: unknown; app_secret?: unknown };
    if (typeof appId !== 'string' || typeof appSecret !== 'string' || appId === '' || appSecret === '') {
      return feishuError(400, 10003, 'invalid param: app_id and app_secret are required');
    }
    const secret = this.apps.get(appId);
    if (secret === undefined) return feishuError(400, 10003, 'invalid param: app_id is not an app of this tenant');
    if (secret !== appSecret) return feishuError(400, 10014, 'app secret invalid');
    const now = this.clock.now();
    const existing = this.current.get(appId);
    const existingInfo = existing ? this.issued.get(existing) : undefined;
    if (existing && existingInfo && existingInfo.expiresAt - now > REUSE_WINDOW_MS) {
      return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: existing, expire: Math.floor((existingInfo.expiresAt - now) / 1000) } };
    }
    const token = `t-sandbox-${randomBytes(16).toString('hex')}`;
    this.issued.set(token, { appId, expiresAt: now + this.ttlSeconds * 1000 });
    this.current.set(appId, token);
    return { status: 200, body: { code: 0, msg: 'ok', tenant_access_token: token, expire: this.ttlSeconds } };
  }

  /** The app behind a bearer header, or the error Feishu answers. */
  check(authorization: string | undefined): { appId: string } | SandboxAnswer {
    if (!authorization) return feishuError(400, 99991661, 'Missing access token for authorization. Please make a request with token attached.');
    const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
    if (!match?.[1]?.startsWith('t-')) {
      return feishuError(400, 99991671, 'Invalid token format, please check the token format.');
    }
    const info = this.issued.get(match[1]);
    if (!info || info.expiresAt <= this.clock.now()) {
      return feishuError(400, 99991663, 'Invalid access token for authorization. Please make a request with token attached.');
    }
    return { appId: info.appId };
  }

  /** Every token issued so far (tests check that none leaks). */
  issuedTokens(): string[] {
    return [...this.issued.keys()];
  }

  /** Forgets every issued token: the next call with an old one gets 99991663. */
  revokeAll(): void {
    this.issued.clear();
    this.current.clear();
  }
}
