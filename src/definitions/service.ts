import type { FeishuApprovalApi } from '../feishu/approval-api.js';
import { isFeishuFailure } from '../feishu/errors.js';
import type { LocaleCode } from '../locale.js';
import type { Logger } from '../logger.js';
import type { DefinitionStore, StoredDefinition } from '../mirror/definitions.js';
import type { Clock } from '../util/clock.js';
import type { ApprovalDefinition } from './model.js';
import { parseDefinition } from './parse.js';

/** A definition as the facade can tell it now. */
export interface DefinitionRead {
  /** Null when Feishu answered that it has no definition of this code. */
  definition: ApprovalDefinition | null;
  /** True when this is the mirror's copy, older than the maximum age, because Feishu could not be read again. */
  stale: boolean;
}

export interface DefinitionsDeps {
  store: DefinitionStore;
  feishu: Pick<FeishuApprovalApi, 'getApprovalDefinition'>;
  clock: Clock;
  logger: Logger;
  /** A copy older than this is read again from Feishu (FEISHU_DEFINITION_MAX_AGE_MS). */
  maxAgeMs: number;
  /** The locales a definition is read in, one GET each; the first is the names' default (fallback) locale. */
  locales: readonly LocaleCode[];
}

const fetchedAtOf = (stored: StoredDefinition): number => (stored.found ? stored.definition.fetchedAt : stored.fetchedAt);
const definitionOf = (stored: StoredDefinition): ApprovalDefinition | null => (stored.found ? stored.definition : null);

/**
 * Approval definitions, read from Feishu and kept in the mirror: a copy younger than the maximum
 * age is served as it is; an older one (or none) is read again, one read per code at a time in
 * this process. When Feishu cannot be read and a copy exists, the copy is served, marked stale;
 * without a copy, Feishu's error is thrown.
 */
export class ApprovalDefinitions {
  private readonly fetching = new Map<string, Promise<DefinitionRead>>();

  constructor(private readonly deps: DefinitionsDeps) {}

  async get(approvalCode: string): Promise<DefinitionRead> {
    const { store, clock, logger, maxAgeMs } = this.deps;
    const stored = await store.read(approvalCode);
    if (stored && clock.now() - fetchedAtOf(stored) < maxAgeMs) return { definition: definitionOf(stored), stale: false };
    try {
      return await this.refresh(approvalCode);
    } catch (error) {
      if (!stored || !isFeishuFailure(error)) throw error;
      logger.warn(
        { approvalCode, fetchedAt: fetchedAtOf(stored), error: error.message, code: error.code },
        'approval definition not read again from Feishu: serving the stored copy',
      );
      return { definition: definitionOf(stored), stale: true };
    }
  }

  /** Reads the definition from Feishu now (or joins the read under way) and keeps it. */
  refresh(approvalCode: string): Promise<DefinitionRead> {
    let running = this.fetching.get(approvalCode);
    if (!running) {
      running = this.fetch(approvalCode).finally(() => this.fetching.delete(approvalCode));
      this.fetching.set(approvalCode, running);
    }
    return running;
  }

  /** The default locale first: a code Feishu does not know costs one call, not one per locale. */
  private async fetch(approvalCode: string): Promise<DefinitionRead> {
    const { store, feishu, clock, locales } = this.deps;
    const [defaultLocale, ...others] = locales as [LocaleCode, ...LocaleCode[]];
    const fetchedAt = clock.now();
    const first = await feishu.getApprovalDefinition(approvalCode, defaultLocale);
    const rest = first ? await Promise.all(others.map((locale) => feishu.getApprovalDefinition(approvalCode, locale))) : [];
    if (!first || rest.some((answer) => answer === null)) {
      await store.write({ found: false, approvalCode, fetchedAt }, defaultLocale);
      return { definition: null, stale: false };
    }
    const answers = [first, ...rest].map((answer, index) => ({ locale: locales[index]!, data: answer!.data }));
    const definition = parseDefinition(approvalCode, answers, fetchedAt);
    await store.write({ found: true, definition }, defaultLocale);
    return { definition, stale: false };
  }
}
