import SchemaBuilder, { BasePlugin, PothosSchemaError, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { GraphQLContext } from '../context.js';
import { ForbiddenError } from './forbidden.js';
import { ROOT_FIELD_RULES, type RootFieldRule } from './rules.js';

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      callerRules: CallerRulesPlugin<Types>;
    }
  }
}

const isRootField = (config: { kind: string }) => config.kind === 'Query' || config.kind === 'Mutation';

function ruleOf(config: { parentType: string; name: string }): RootFieldRule {
  const rule = ROOT_FIELD_RULES[`${config.parentType}.${config.name}`];
  if (!rule) throw new PothosSchemaError(`${config.parentType}.${config.name} has no caller rule: add one to src/auth/rules.ts`);
  return rule;
}

/**
 * Applies src/auth/rules.ts to every Query and Mutation field, before the field's arguments are
 * validated (listed after the errors plugin, so a mutation's ForbiddenError is a typed result).
 * An open caller and an API key with the scope pass straight through; nested fields are left as
 * they are (see visibility.ts).
 */
export class CallerRulesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    if (!isRootField(fieldConfig)) return fieldConfig;
    const { who } = ruleOf(fieldConfig);
    return { ...fieldConfig, description: fieldConfig.description ? `${fieldConfig.description}\n\n${who}` : who };
  }

  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (!isRootField(fieldConfig)) return resolver;
    const rule = ruleOf(fieldConfig);
    const field = `${fieldConfig.parentType}.${fieldConfig.name}`;
    return (parent, args, context, info) => {
      const caller = (context as GraphQLContext).caller;
      if (caller.kind === 'open') return resolver(parent, args, context, info);
      if (caller.kind === 'key') {
        if (rule.scope !== null && !caller.scopes.has(rule.scope)) {
          throw new ForbiddenError(`The API key "${caller.name}" lacks the "${rule.scope}" scope, which ${field} needs.`);
        }
        return resolver(parent, args, context, info);
      }
      const endUser = rule.endUser;
      if (!endUser) throw new ForbiddenError(`${field} is for API keys with the "${rule.scope}" scope; an end user may not call it.`);
      const checked = endUser.before ? endUser.before(args as Record<string, unknown>, caller.user) : args;
      const result = resolver(parent, checked, context, info);
      const after = endUser.after;
      if (!after) return result;
      return Promise.resolve(result).then((value) => after(value, checked as Record<string, unknown>, caller.user, context as GraphQLContext));
    };
  }
}

/** The plugin's name, for the builder's plugin list. */
export const CALLER_RULES_PLUGIN = 'callerRules' as const;

SchemaBuilder.registerPlugin(CALLER_RULES_PLUGIN, CallerRulesPlugin);
