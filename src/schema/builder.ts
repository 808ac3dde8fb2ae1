import SchemaBuilder from '@pothos/core';
import ErrorsPlugin from '@pothos/plugin-errors';
import RelayPlugin from '@pothos/plugin-relay';
import ZodPlugin from '@pothos/plugin-zod';
import { CALLER_RULES_PLUGIN } from '../auth/pothos-plugin.js';
import type { GraphQLContext } from '../context.js';
import type { Instant } from '../util/datetime.js';
import type { JsonInput } from '../util/json.js';
import { BadUserInputError } from '../validate/bad-user-input.js';
import { nodeTypeChecked } from './node-ids.js';

export interface PothosTypes {
  Context: GraphQLContext;
  Scalars: {
    /** Parsed from RFC 3339; returned from epoch milliseconds. */
    DateTime: { Input: Instant; Output: number };
    JSON: { Input: JsonInput; Output: unknown };
  };
  /** Output fields are non-null unless they say `nullable: true`. */
  DefaultFieldNullability: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  /** Every connection resolver says how to count its rows; counted only when asked for. */
  Connection: { totalCount: () => Promise<number> };
}

/** Pothos' mark of a field that answers its parent's property `name` (see `t.expose`). */
const exposed = (name: string) => ({ pothosExposedField: name });

/**
 * Configuration only: plugins and roots. Pothos runs the plugins' hooks from the last listed to the
 * first: the errors plugin wraps the rest, so caller rules' and validation failures become typed
 * results; caller rules run before validation (an end user's createInstance gets its user first).
 */
export const builder = new SchemaBuilder<PothosTypes>({
  plugins: [ErrorsPlugin, CALLER_RULES_PLUGIN, RelayPlugin, ZodPlugin],
  defaultFieldNullability: false,
  errors: {
    directResult: true,
    unsafelyHandleInputErrors: true,
  },
  zod: {
    validationError: (error) => BadUserInputError.fromZod(error),
  },
  relay: {
    // `edges`, `node` and `pageInfo` are marked as exposed, so they get no resolver of their own,
    // as `t.expose…` fields do: graphql-jit reads the parent's property inline, not a call per edge.
    edgesFieldOptions: { nullable: false, description: 'The rows of this page, in order.', extensions: exposed('edges') },
    nodeFieldOptions: { nullable: false, description: 'The row.', extensions: exposed('node') },
    pageInfoFieldOptions: { description: 'Where this page stands.', extensions: exposed('pageInfo') },
    cursorFieldOptions: { description: 'An opaque position in this connection: pass it as `after` or `before`.' },
    hasNextPageFieldOptions: { description: 'Whether rows follow this page.' },
    hasPreviousPageFieldOptions: { description: 'Whether rows precede this page (with `after`: whether a cursor was given).' },
    startCursorFieldOptions: { description: 'The cursor of the first row of the page.' },
    endCursorFieldOptions: { description: 'The cursor of the last row of the page.' },
    firstArgOptions: { description: 'Page forward: at most this many rows (0 to 100; 20 when neither first nor last is given).' },
    afterArgOptions: { description: 'Page forward from this cursor.' },
    lastArgOptions: { description: 'Page backward: at most this many rows (0 to 100).' },
    beforeArgOptions: { description: 'Page backward from this cursor.' },
    nodeTypeOptions: { description: 'An object with a global ID, which `node(id:)` fetches again.' },
    pageInfoTypeOptions: { description: 'Where a page stands in its connection.' },
    idFieldOptions: { description: 'A global ID: opaque, stable, accepted by `node(id:)`.' },
    nodeQueryOptions: {
      description: 'Any mirrored object by its global ID; null when there is none.',
      args: { id: { description: 'The global ID.' } },
      resolve: (_root, { id }, _context, info, resolveNode) => resolveNode(nodeTypeChecked(info.schema, id, 'id')),
    },
    nodesQueryOptions: {
      description: 'Mirrored objects by their global IDs, in the order asked; null where there is none.',
      args: { ids: { description: 'The global IDs.' } },
      resolve: (_root, { ids }, _context, info, resolveNodes) => resolveNodes(ids.map((id, index) => nodeTypeChecked(info.schema, id, `ids[${index}]`))),
    },
  },
});

builder.queryType({
  description: 'Reads from the local mirror; never calls Feishu, but for `approvalDefinition` when its copy is older than FEISHU_DEFINITION_MAX_AGE_MS.',
});
builder.mutationType({ description: 'Pushes to Feishu; what Feishu accepts is recorded in the mirror.' });
