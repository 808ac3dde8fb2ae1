import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMirrorLoaders } from '../src/mirror/loaders.js';
import { Mirror } from '../src/mirror/mirror.js';
import { SiblingReads } from '../src/mirror/sibling-reads.js';
import { minimalPush } from './support/fixtures.js';

describe('per-request mirror loaders', () => {
  let mirror: Mirror;
  let statements: number;
  beforeEach(() => {
    statements = 0;
    mirror = Mirror.open({ path: ':memory:', onQuery: () => (statements += 1) });
    for (const n of [1, 2]) mirror.writeExternalInstance(minimalPush(n), 1);
    statements = 0;
  });
  afterEach(() => mirror.close());

  const loadersOf = () => createMirrorLoaders(mirror, new SiblingReads(mirror.external));

  it('are made once per request: every field of the request shares the batch and the cache', async () => {
    const loaders = loadersOf();
    expect(loaders.externalInstance).toBe(loaders.externalInstance);
    expect(loaders.externalTasks).toBe(loaders.externalTasks);
    const [one, two] = await Promise.all([loaders.externalInstance.load(1), loaders.externalInstance.load(2)]);
    expect([one?.instanceId, two?.instanceId]).toEqual(['I1', 'I2']);
    expect(statements).toBe(1);
    await loaders.externalInstance.load(1);
    expect(statements).toBe(1);
  });

  it('are not shared between requests', async () => {
    const first = loadersOf();
    const second = loadersOf();
    expect(first.externalInstance).not.toBe(second.externalInstance);
    await first.externalInstance.load(1);
    await second.externalInstance.load(1);
    expect(statements).toBe(2);
  });
});
