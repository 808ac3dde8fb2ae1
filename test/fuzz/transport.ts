import fc from 'fast-check';
import type { Operation } from './operations.js';

/** How a request travels: a GraphQL request in one of the encodings Yoga reads, or a body of no sense. */
export type Transport = 'json' | 'form' | 'multipart' | 'get' | 'graphql';

export interface WireRequest {
  method: 'GET' | 'POST';
  url: string;
  headers: Record<string, string>;
  body?: string | FormData;
  /** Mutations may write to the mirror when they succeed; nothing else ever does. */
  kind: 'query' | 'mutation' | 'odd';
  /** For the report of a failing case. */
  describe: string;
}

export const transport: fc.Arbitrary<Transport> = fc.oneof(
  { weight: 8, arbitrary: fc.constant('json' as const) },
  { weight: 1, arbitrary: fc.constant('form' as const) },
  { weight: 1, arbitrary: fc.constant('multipart' as const) },
  { weight: 1, arbitrary: fc.constant('get' as const) },
  { weight: 1, arbitrary: fc.constant('graphql' as const) },
);

export const accept: fc.Arbitrary<string | undefined> = fc.constantFrom(
  undefined,
  'application/json',
  'application/graphql-response+json',
  '*/*',
  'text/event-stream',
);

const URL_BASE = 'http://yoga/graphql';

export function wire(operation: Operation, how: Transport, acceptHeader: string | undefined): WireRequest {
  const headers: Record<string, string> = acceptHeader ? { accept: acceptHeader } : {};
  const params = { query: operation.query, variables: operation.variables, operationName: operation.operationName };
  const describe = `${how} ${operation.query.slice(0, 300)} ${JSON.stringify(operation.variables)?.slice(0, 300) ?? ''}`;
  const { kind } = operation;
  switch (how) {
    case 'json':
      return { method: 'POST', url: URL_BASE, headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(params), kind, describe };
    case 'form': {
      const form = new URLSearchParams({ query: operation.query });
      if (operation.variables) form.set('variables', JSON.stringify(operation.variables));
      if (operation.operationName) form.set('operationName', operation.operationName);
      return {
        method: 'POST',
        url: URL_BASE,
        headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
        body: form.toString(),
        kind,
        describe,
      };
    }
    case 'multipart': {
      const form = new FormData();
      form.set('operations', JSON.stringify(params));
      form.set('map', '{}');
      return { method: 'POST', url: URL_BASE, headers, body: form, kind, describe };
    }
    case 'get': {
      const search = new URLSearchParams({ query: operation.query });
      if (operation.variables) search.set('variables', JSON.stringify(operation.variables));
      if (operation.operationName) search.set('operationName', operation.operationName);
      return { method: 'GET', url: `${URL_BASE}?${search.toString()}`, headers, kind, describe };
    }
    case 'graphql':
      return { method: 'POST', url: URL_BASE, headers: { ...headers, 'content-type': 'application/graphql' }, body: operation.query, kind, describe };
  }
}

/** Bodies that are no GraphQL request at all, or hardly one. */
export const oddRequest: fc.Arbitrary<WireRequest> = fc
  .tuple(
    fc.constantFrom(
      '[]',
      'null',
      '123',
      '"{ __typename }"',
      '{}',
      '{"query": 1}',
      '{"query": null}',
      '{"query": ["{ __typename }"]}',
      '{"query": "{ __typename }", "query": "mutation { x }"}',
      '{"query": "{ __typename }", "variables": []}',
      '{"query": "{ __typename }", "variables": "{\\"a\\": 1}"}',
      '{"query": "{ __typename }", "variables": 7}',
      '{"query": "{ __typename }", "operationName": 7}',
      '{"query": "{ __typename }", "extensions": {"persistedQuery": {"version": 1, "sha256Hash": "x"}}}',
      '{"query": "{ __typename }"',
      '{"query": "mutation { syncExternalInstance(input: {',
      '',
      '\u0000\u0001',
      '{"query": "\\ud83d"}',
      '{"query": "query { node(id: \\"\\ud83dX\\") { id } }"}',
    ),
    fc.constantFrom(
      'application/json',
      'text/plain',
      'application/graphql',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/json; charset=latin1',
    ),
    accept,
  )
  .map(([body, contentType, acceptHeader]) => ({
    method: 'POST' as const,
    url: URL_BASE,
    headers: { 'content-type': contentType, ...(acceptHeader ? { accept: acceptHeader } : {}) },
    body,
    kind: 'odd' as const,
    describe: `odd ${contentType} ${JSON.stringify(body)}`,
  }));
