import type { DocumentNode, GraphQLSchema, OperationDefinitionNode } from 'graphql';
import { type CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

export type CompiledQueries = (document: DocumentNode, operation: OperationDefinitionNode) => CompiledQuery | null;

/**
 * Operations compiled by graphql-jit, each once while it stays among the `maxOperations` most
 * recently run, so that a client sending ever new documents cannot grow memory without bound.
 * Yoga's parse cache hands the same document, and so the same operation, for the same text.
 * Null for an operation graphql-jit declines.
 */
export function createCompiledQueries(schema: GraphQLSchema, maxOperations = 1_000): CompiledQueries {
  // A Map iterates in insertion order: re-inserting on each use keeps the least recently used first.
  const cache = new Map<OperationDefinitionNode, CompiledQuery | null>();
  return (document, operation) => {
    let compiled = cache.get(operation);
    if (compiled === undefined) compiled = compile(schema, document, operation.name?.value);
    else cache.delete(operation);
    cache.set(operation, compiled);
    if (cache.size > maxOperations) {
      const [oldest] = cache.keys();
      if (oldest) cache.delete(oldest);
    }
    return compiled;
  };
}

function compile(schema: GraphQLSchema, document: DocumentNode, operationName: string | undefined): CompiledQuery | null {
  const compiled = compileQuery(schema, document, operationName, { disablingCapturingStackErrors: true });
  return isCompiledQuery(compiled) ? compiled : null;
}
