import {
  type DocumentNode,
  type GraphQLError,
  type GraphQLSchema,
  type OperationDefinitionNode,
  Kind,
  getNamedType,
  isInputObjectType,
  isListType,
  isNonNullType,
  type GraphQLField,
  typeFromAST,
} from 'graphql';
import { type ComplexityEstimator, type ComplexityEstimatorArgs, getComplexity } from 'graphql-query-complexity';
import { LOCALES } from '../locale.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../schema/connection.js';
import { LIMITS } from '../validate/sync-external-instance.js';
import { limitError } from './limit-error.js';

/** The most items a list without a page size holds, where Feishu's rules (checked on sync) bound it. */
export const LIST_SIZES: Readonly<Record<string, number>> = {
  'ExternalInstance.taskList': LIMITS.tasks,
  'ExternalInstance.ccList': LIMITS.ccEntries,
  'ExternalTask.actionConfigs': LIMITS.actionConfigs,
  'LocalizedText.translations': LOCALES.length,
};

/** What any other list without a page size (a form's entries, an error's issues) counts for. */
export const OTHER_LIST_SIZE = DEFAULT_PAGE_SIZE;

/**
 * The cost of an operation: every field counts 1, times the number of items of each list around
 * it, so that it bounds how many values the answer can hold. A connection's items are its page
 * size (`first` or `last`, at most 100; 20 when neither is given, as the resolver reads it),
 * `nodes(ids:)` has one per id, other lists hold LIST_SIZES or OTHER_LIST_SIZE items.
 * Introspection fields count nothing.
 */
export const estimateFieldCost: ComplexityEstimator = ({ type, field, args, childComplexity }: ComplexityEstimatorArgs) => {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return childComplexity;
  return 1 + itemsOf(type.name, field, args) * childComplexity;
};

function itemsOf(typeName: string, field: GraphQLField<unknown, unknown>, args: Record<string, unknown>): number {
  const takes = (name: string) => field.args.some((arg) => arg.name === name);
  if (takes('first') || takes('last')) return pageSize(args.first ?? args.last);
  if (takes('ids')) return Array.isArray(args.ids) ? args.ids.length : 1;
  const nullable = isNonNullType(field.type) ? field.type.ofType : field.type;
  if (!isListType(nullable)) return 1;
  // A connection's edges are counted by its page size, on the connection field.
  if (getNamedType(nullable).name.endsWith('Edge')) return 1;
  return LIST_SIZES[`${typeName}.${field.name}`] ?? OTHER_LIST_SIZE;
}

function pageSize(value: unknown): number {
  if (typeof value !== 'number') return DEFAULT_PAGE_SIZE;
  return Math.min(Math.max(value, 0), MAX_PAGE_SIZE);
}

/** A cost, or more selections than the calculation visits. */
type Cost = number | 'too many selections';

/** The operation's cost; undefined when its variables do not coerce (execution reports those). */
function costOf(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown>,
  maxSelections: number,
): Cost | undefined {
  try {
    return getComplexity({
      schema,
      query: {
        ...document,
        definitions: document.definitions.filter((definition) => definition.kind !== Kind.OPERATION_DEFINITION || definition === operation),
      },
      variables,
      estimators: [estimateFieldCost],
      maxQueryNodes: maxSelections + 1,
    });
  } catch (error) {
    if (error instanceof Error && /maximum allowed number of nodes/.test(error.message)) return 'too many selections';
    return undefined;
  }
}

/** The variables an operation's cost can depend on: page sizes, ids and `if`s are never inside an input object. */
function costVariables(schema: GraphQLSchema, operation: OperationDefinitionNode): string[] {
  return (operation.variableDefinitions ?? [])
    .filter((definition) => {
      const type = typeFromAST(schema, definition.type);
      return !type || !isInputObjectType(getNamedType(type));
    })
    .map((definition) => definition.variable.name.value);
}

/** Costs kept per operation and values of its cost variables (a full map starts again), for values this long at most. */
const MAX_COSTS_PER_OPERATION = 64;
const MAX_KEY_LENGTH = 1_000;

/**
 * Checks an operation's cost before it executes: the limit error when it costs more than
 * `maxCost`, or when its selections, fragments expanded, are more than `maxCostSelections` (a few
 * fragments, each spreading the next twice, expand to millions). The cost is calculated once per
 * operation and values of the variables it can depend on, so that a mutation's input is not
 * coerced a second time on every request.
 */
export function createCostCheck(limits: { maxCost: number; maxCostSelections: number }) {
  const known = new WeakMap<OperationDefinitionNode, { names: string[]; costs: Map<string, Cost> }>();
  return (
    schema: GraphQLSchema,
    document: DocumentNode,
    operation: OperationDefinitionNode,
    variables: Record<string, unknown> | undefined,
  ): GraphQLError | undefined => {
    let entry = known.get(operation);
    if (!entry) {
      entry = { names: costVariables(schema, operation), costs: new Map() };
      known.set(operation, entry);
    }
    const key = JSON.stringify(entry.names.map((name) => variables?.[name]));
    let cost = entry.costs.get(key);
    if (cost === undefined) {
      cost = costOf(schema, document, operation, variables ?? {}, limits.maxCostSelections);
      if (cost === undefined) return undefined;
      if (entry.costs.size >= MAX_COSTS_PER_OPERATION) entry.costs.clear();
      if (key.length <= MAX_KEY_LENGTH) entry.costs.set(key, cost);
    }
    if (cost === 'too many selections') {
      return limitError(
        'cost',
        limits.maxCost,
        `Query cost limit of ${limits.maxCost} exceeded: more than ${limits.maxCostSelections} selections once fragments are expanded.`,
      );
    }
    if (cost <= limits.maxCost) return undefined;
    return limitError('cost', limits.maxCost, `Query cost limit of ${limits.maxCost} exceeded, found ${cost}.`);
  };
}
