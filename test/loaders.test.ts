import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MirrorLoaders } from '../src/mirror/loaders.js';
import type { Mirror } from '../src/mirror/mirror.js';
import { openTestMirror } from './support/database.js';
import { accepted, minimalPush } from './support/fixtures.js';

describe('per-request mirror loaders', () => {
  let mirror: Mirror;
  let statements: number;
  beforeEach(async () => {
    statements = 0;
    mirror = await openTestMirror(() => (statements += 1));
    for (const n of [1, 2]) await mirror.recordSync(accepted(minimalPush(n)), 1);
    statements = 0;
  });
  afterEach(() => mirror.close());

  const loadersOf = () => new MirrorLoaders(mirror.reads);

  it('batch the loads of one tick into one statement, and cache them for the request', async () => {
    const loaders = loadersOf();
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
