import SchemaBuilder, {
  BasePlugin,
  type InputType,
  type PothosInputFieldConfig,
  type PothosInputFieldType,
  resolveInputTypeConfig,
  type SchemaTypes,
} from '@pothos/core';
import { createZodSchema } from '@pothos/plugin-zod';

/**
 * Takes @pothos/plugin-zod's walk of an argument's input objects away where the walk has nothing
 * to check.
 *
 * The zod plugin validates an argument whose type is an input object by walking it with zod
 * objects of its own (a lazy loose object per nested input type, each value copied), even when
 * no field of that type, nor the type, has a `validate` option. The facade puts its rules on the
 * argument itself (`validate: { schema }`), so every such walk only copies the input. This
 * plugin runs after the zod plugin's hook (Pothos runs the plugins' hooks from the last listed to
 * the first, so it is listed before the zod plugin) and, for an argument whose input types hold
 * no `validate` option anywhere, replaces the zod plugin's validator with the argument's own
 * rules alone, made by the zod plugin's `createZodSchema`, or removes it when the argument has
 * none. The zod plugin still runs every rule, with its own error handling. Where an input type
 * does hold a `validate` option, the argument keeps the zod plugin's walk as it is.
 */
export class IdleZodWalksPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  private readonly typesWithRules = new Map<string, boolean>();

  override onInputFieldConfig(fieldConfig: PothosInputFieldConfig<Types>): PothosInputFieldConfig<Types> {
    const extensions = fieldConfig.extensions;
    if (fieldConfig.kind !== 'Arg' || !extensions || !('validator' in extensions)) return fieldConfig;
    if (fieldConfig.type.kind !== 'InputObject' || this.holdsRules(fieldConfig.type)) return fieldConfig;
    const { validator: _walk, ...rest } = extensions;
    const ownRules = fieldConfig.pothosOptions.validate;
    return {
      ...fieldConfig,
      extensions: ownRules ? { ...rest, validator: createZodSchema(ownRules, fieldConfig.type.required) } : rest,
    };
  }

  /** Whether a `validate` option sits on this input type, its fields, or the input types below. */
  private holdsRules(type: PothosInputFieldType<Types>, visiting = new Set<string>()): boolean {
    const config = resolveInputTypeConfig(type, this.buildCache);
    if (config.kind !== 'InputObject') return false;
    const known = this.typesWithRules.get(config.name);
    if (known !== undefined) return known;
    // A type met again while its own fields are being looked at (a recursive input type) adds
    // nothing beyond what those fields show.
    if (visiting.has(config.name)) return false;
    visiting.add(config.name);
    const holds =
      Boolean(config.pothosOptions.validate) ||
      Object.values(this.buildCache.getInputTypeFieldConfigs(namedRef(type))).some(
        (field) => Boolean(field.pothosOptions.validate) || this.holdsRules(field.type, visiting),
      );
    visiting.delete(config.name);
    if (visiting.size === 0 || holds) this.typesWithRules.set(config.name, holds);
    return holds;
  }
}

function namedRef<Types extends SchemaTypes>(type: PothosInputFieldType<Types>): InputType<Types> {
  return type.kind === 'List' ? namedRef(type.type) : type.ref;
}

declare global {
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      idleZodWalks: IdleZodWalksPlugin<Types>;
    }
  }
}

SchemaBuilder.registerPlugin('idleZodWalks', IdleZodWalksPlugin);

export default 'idleZodWalks' as const;
