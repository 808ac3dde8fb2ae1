import type { FeishuApprovalApi } from '../feishu/approval-api.js';
import { FeishuApiError, FeishuCode } from '../feishu/errors.js';
import type { Logger } from '../logger.js';
import type { MirrorReads } from '../mirror/reads.js';
import type { NativeStore } from '../mirror/native-store.js';
import type { ApprovalInstanceRow } from '../mirror/tables.js';
import { nativeReadOf } from '../translate/native-instance.js';
import type { Clock } from '../util/clock.js';
import type { FeishuEventsService } from './service.js';

/** Runs `tick` every `intervalMs` until the answered stop is called. */
export type RefreshSchedule = (intervalMs: number, tick: () => Promise<void>) => () => void;

export const intervalSchedule: RefreshSchedule = (intervalMs, tick) => {
  const timer = setInterval(() => void tick(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
};

export interface RefreshDeps {
  store: NativeStore;
  reads: MirrorReads;
  feishu: FeishuApprovalApi;
  events: FeishuEventsService;
  clock: Clock;
  logger: Logger;
  intervalMs: number;
  batch: number;
  schedule?: RefreshSchedule;
}

/** How far around an intent's own times an instance reconciled from 60012 is looked for (clocks differ). */
const LOOKUP_MARGIN_MS = 10 * 60_000;
/** The most pages of a definition's instance list one lookup reads. */
const LOOKUP_MAX_PAGES = 20;

const instanceMissing = (error: unknown) =>
  error instanceof FeishuApiError && (error.feishuCode === FeishuCode.INSTANCE_NOT_FOUND || error.feishuCode === FeishuCode.APPROVAL_NOT_FOUND);

/**
 * Reads native instances from Feishu and writes what it holds (each part only when newer than
 * the mirror's, as events are): on demand (refreshApprovalInstance), and in the background for
 * created instances not in a final state, least recently read first, `batch` a round. An
 * instance reconciled from 60012 (code unknown) is found in its definition's instance list by
 * its uuid first. Calls count against the read rate limits like any other.
 */
export class NativeRefresh {
  private stopSchedule: (() => void) | null = null;
  private running: Promise<number> | null = null;

  constructor(private readonly deps: RefreshDeps) {}

  start(): void {
    if (this.deps.intervalMs <= 0 || this.stopSchedule) return;
    this.stopSchedule = (this.deps.schedule ?? intervalSchedule)(this.deps.intervalMs, async () => {
      await this.round();
    });
  }

  async stop(): Promise<void> {
    this.stopSchedule?.();
    this.stopSchedule = null;
    await this.running;
  }

  /** The instance by its code, read from Feishu now; null when the mirror holds no instance with it. */
  async refreshByCode(instanceCode: string): Promise<ApprovalInstanceRow | null> {
    const row = await this.deps.reads.approvalInstanceByCode(instanceCode);
    return row ? this.refresh(row) : null;
  }

  /** One background round (joins one under way): answers how many instances were read. */
  round(): Promise<number> {
    this.running ??= this.readUnsettled().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Reads one instance from Feishu and writes what it holds. */
  async refresh(row: ApprovalInstanceRow): Promise<ApprovalInstanceRow> {
    const { store, feishu, events, clock, logger } = this.deps;
    let current = row;
    if (current.state === 'CREATED' && current.instanceCode === null) {
      const code = await this.findCode(current);
      if (code === null) return store.markRefreshed(current.id, clock.now());
      current = (await store.learnCode(current.id, code, clock.now())) ?? current;
      logger.info({ uuid: current.uuid, instanceCode: code }, "instance code of a reconciled instance found in its definition's instance list");
      await events.applyWaiting(code);
    }
    if (current.instanceCode === null) return current;
    try {
      const data = await feishu.getInstance(current.instanceCode);
      return await store.recordRead(current.id, nativeReadOf(data), clock.now());
    } catch (error) {
      if (!instanceMissing(error)) throw error;
      logger.warn({ instanceCode: current.instanceCode }, 'Feishu holds no such instance');
      return store.markRefreshed(current.id, clock.now());
    }
  }

  private async readUnsettled(): Promise<number> {
    const { store, events, clock, logger, batch } = this.deps;
    let read = 0;
    try {
      await events.applyStranded();
      for (const row of await store.unsettled(clock.now(), batch)) {
        try {
          await this.refresh(row);
          read += 1;
        } catch (error) {
          logger.warn({ uuid: row.uuid, error: String(error) }, 'refreshing a native instance failed; the next round tries again');
        }
      }
    } catch (error) {
      logger.error({ error: String(error) }, 'the background refresh of native instances failed');
    }
    return read;
  }

  /** The code of the instance created with the row's uuid: its definition's instances created around the intent's times, read until one has it. */
  private async findCode(row: ApprovalInstanceRow): Promise<string | null> {
    const { feishu, reads } = this.deps;
    const from = row.createdAt - LOOKUP_MARGIN_MS;
    const to = row.updatedAt + LOOKUP_MARGIN_MS;
    let pageToken: string | undefined;
    for (let page = 0; page < LOOKUP_MAX_PAGES; page += 1) {
      const { codes, nextPageToken } = await feishu.listInstanceCodes({ approvalCode: row.approvalCode, from, to, pageToken });
      for (const code of codes) {
        if (await reads.approvalInstanceByCode(code)) continue;
        const data = await feishu.getInstance(code).catch((error: unknown) => {
          if (instanceMissing(error)) return null;
          throw error;
        });
        if (data?.uuid && data.uuid.toUpperCase() === row.uuid.toUpperCase()) return code;
      }
      if (nextPageToken === null) return null;
      pageToken = nextPageToken;
    }
    return null;
  }
}
