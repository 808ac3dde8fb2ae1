import type { FeishuApprovalApi } from '../feishu/approval-api.js';
import type { LocaleCode } from '../locale.js';
import type { Logger } from '../logger.js';
import type { Mirror } from '../mirror/mirror.js';
import type { SyncOutcome } from '../mirror/sync-writes.js';
import type { ExternalInstanceRow } from '../mirror/tables.js';
import { toExternalInstancePush } from '../translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../translate/external-instance-input.js';
import type { Clock } from '../util/clock.js';

export interface SyncResult {
  /** The instance as now mirrored. */
  instance: ExternalInstanceRow;
  outcome: SyncOutcome;
  /** Feishu's `x-tt-logid` for the accepted request. */
  logId: string | null;
}

export interface SyncDeps {
  mirror: Mirror;
  feishu: FeishuApprovalApi;
  clock: Clock;
  defaultLocale: LocaleCode;
}

/**
 * Pushes a validated external instance: translated to Feishu's payload, sent, and recorded in
 * the mirror once Feishu accepted it. A push Feishu refuses (or that fails) changes nothing.
 */
export class SyncExternalInstanceService {
  constructor(private readonly deps: SyncDeps) {}

  /** `logger`: the request's, for the lines of its Feishu call. */
  async sync(input: SyncExternalInstanceInput, logger?: Logger): Promise<SyncResult> {
    const { mirror, feishu, clock } = this.deps;
    const { payload, plainTexts } = toExternalInstancePush(input, this.deps.defaultLocale);
    const answer = await feishu.syncExternalInstance(payload, { logger });
    const outcome = await mirror.recordSync({ payload, payloadJson: answer.sentJson, plainTexts }, clock.now());
    return { instance: outcome.mirrored, outcome, logId: answer.logId };
  }
}
