import SchemaBuilder from '@pothos/core';
import ZodPlugin from '@pothos/plugin-zod';
import { type GraphQLArgument, type GraphQLSchema, graphql, isObjectType } from 'graphql';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import IdleZodWalksPlugin from '../src/schema/idle-zod-walks.js';
import { schema } from '../src/schema/index.js';

/** The validator @pothos/plugin-zod runs for an argument, as the built schema holds it. */
function validatorOf(arg: GraphQLArgument): unknown {
  const config = arg.extensions.pothosConfig as { extensions?: { validator?: unknown } } | undefined;
  return config?.extensions?.validator;
}

/** Whether a zod schema holds a `z.lazy` anywhere: the zod plugin walks input objects with one. */
function holdsLazy(value: unknown, seen = new Set<unknown>()): boolean {
  if (value === null || typeof value !== 'object' || seen.has(value)) return false;
  seen.add(value);
  const def = (value as { _zod?: { def?: Record<string, unknown> } })._zod?.def;
  if (!def) return Array.isArray(value) && value.some((item) => holdsLazy(item, seen));
  if (def.type === 'lazy') return true;
  return Object.values(def).some((item) => holdsLazy(item, seen));
}

describe('@pothos/plugin-zod without its idle walks (src/schema/idle-zod-walks.ts)', () => {
  it("checks the facade's arguments by their own rules, without the zod plugin's walk of their input objects", () => {
    const validated: string[] = [];
    for (const type of Object.values(schema.getTypeMap())) {
      if (!isObjectType(type) || type.name.startsWith('__')) continue;
      for (const field of Object.values(type.getFields())) {
        for (const arg of field.args) {
          const validator = validatorOf(arg);
          if (validator === undefined) continue;
          validated.push(`${type.name}.${field.name}(${arg.name})`);
          expect(holdsLazy(validator), `${type.name}.${field.name}(${arg.name})`).toBe(false);
        }
      }
    }
    // The rules themselves are still there, run by the zod plugin.
    expect(validated.sort()).toEqual([
      'Mutation.createInstance(input)',
      'Mutation.syncExternalInstance(input)',
      'Query.approvalInstances(filter)',
      'Query.externalInstances(filter)',
    ]);
  });

  describe('on a schema of its own', () => {
    function buildSchema(): GraphQLSchema {
      const builder = new SchemaBuilder<{ Context: object }>({ plugins: [IdleZodWalksPlugin, ZodPlugin] });
      const Code = builder.inputType('Code', { fields: (t) => ({ value: t.string({ required: true, validate: { minLength: 3 } }) }) });
      const Ruled = builder.inputType('Ruled', { fields: (t) => ({ code: t.field({ type: Code, required: true }) }) });
      type Bounds = { from: number; to: number };
      const ordered = z.custom<Bounds>((value) => (value as Bounds).from <= (value as Bounds).to, 'from after to');
      const Range = builder.inputType('Range', {
        fields: (t) => ({ from: t.int({ required: true }), to: t.int({ required: true }) }),
        validate: { schema: ordered },
      });
      const InRange = builder.inputType('InRange', { fields: (t) => ({ range: t.field({ type: Range, required: true }) }) });
      interface Tree {
        name: string;
        child?: Tree | null;
      }
      const TreeRef = builder.inputRef<Tree>('Tree');
      TreeRef.implement({ fields: (t) => ({ name: t.string({ required: true }), child: t.field({ type: TreeRef }) }) });
      const deepNames = (tree: Tree | null | undefined): string[] => (tree ? [tree.name, ...deepNames(tree.child)] : []);
      builder.queryType({
        fields: (t) => ({
          nested: t.string({ args: { input: t.arg({ type: Ruled, required: true }) }, resolve: (_root, { input }) => input.code.value }),
          typed: t.int({ args: { input: t.arg({ type: InRange, required: true }) }, resolve: (_root, { input }) => input.range.to - input.range.from }),
          own: t.string({
            args: { tree: t.arg({ type: TreeRef, required: true, validate: { schema: z.custom<Tree>((tree) => !deepNames(tree as Tree).includes('bad'), 'no bad names') } }) },
            resolve: (_root, { tree }) => deepNames(tree).join('/'),
          }),
          none: t.string({ args: { tree: t.arg({ type: TreeRef }) }, resolve: (_root, { tree }) => deepNames(tree).join('/') }),
        }),
      });
      return builder.toSchema();
    }

    const run = async (built: GraphQLSchema, source: string) => graphql({ schema: built, source, contextValue: {} });
    const args = (built: GraphQLSchema, field: string) => built.getQueryType()!.getFields()[field]!.args;

    it('keeps the walk where an input type below the argument holds a rule, and the rule holds', async () => {
      const built = buildSchema();
      expect(holdsLazy(validatorOf(args(built, 'nested')[0]!))).toBe(true);
      expect((await run(built, '{ nested(input: { code: { value: "abcd" } }) }')).data).toEqual({ nested: 'abcd' });
      const refused = await run(built, '{ nested(input: { code: { value: "ab" } }) }');
      expect(refused.data).toEqual({ nested: null });
      expect(refused.errors?.[0]?.message).toMatch(/3/);
    });

    it('keeps the walk where an input type below the argument holds a rule of its own, and the rule holds', async () => {
      const built = buildSchema();
      expect(holdsLazy(validatorOf(args(built, 'typed')[0]!))).toBe(true);
      expect((await run(built, '{ typed(input: { range: { from: 1, to: 3 } }) }')).data).toEqual({ typed: 2 });
      const refused = await run(built, '{ typed(input: { range: { from: 3, to: 1 } }) }');
      expect(refused.data).toEqual({ typed: null });
      expect(refused.errors?.[0]?.message).toContain('from after to');
    });

    it("runs an argument's own rule without the walk, through a recursive input type", async () => {
      const built = buildSchema();
      expect(validatorOf(args(built, 'own')[0]!)).toBeDefined();
      expect(holdsLazy(validatorOf(args(built, 'own')[0]!))).toBe(false);
      expect((await run(built, '{ own(tree: { name: "a", child: { name: "b" } }) }')).data).toEqual({ own: 'a/b' });
      const refused = await run(built, '{ own(tree: { name: "a", child: { name: "bad" } }) }');
      expect(refused.data).toEqual({ own: null });
      expect(refused.errors?.[0]?.message).toContain('no bad names');
    });

    it('leaves an argument without rules unvalidated', async () => {
      const built = buildSchema();
      expect(validatorOf(args(built, 'none')[0]!)).toBeUndefined();
      expect((await run(built, '{ none(tree: { name: "a", child: { name: "bad" } }) }')).data).toEqual({ none: 'a/bad' });
    });
  });
});
