import type { TypedDocumentString } from './gql/graphql.js';

export interface ClientOptions {
  /** The facade's GraphQL endpoint, e.g. `http://127.0.0.1:4000/graphql`. */
  url: string;
  /** An API key or an end user's JWT, sent as `Authorization: Bearer …` (none for an open sandbox). */
  token?: string;
}

/** One entry of a response's `errors`. */
export interface GraphQLResponseError {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

/**
 * A request the facade refused as a whole (HTTP 401, 400 …) or answered with `errors`. Mutations
 * answer their expected failures as typed results instead (`... on Error`), never here.
 */
export class GraphQLRequestError extends Error {
  readonly status: number;
  readonly errors: GraphQLResponseError[];

  constructor(status: number, errors: GraphQLResponseError[]) {
    super(errors.map((error) => error.message).join('; ') || `HTTP ${status}`);
    this.name = 'GraphQLRequestError';
    this.status = status;
    this.errors = errors;
  }
}

/** Runs one typed operation: its variables and its result are typed by the document. */
export type Client = <TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables) => Promise<TResult>;

export function createClient({ url, token }: ClientOptions): Client {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/graphql-response+json, application/json' };
  if (token) headers.authorization = `Bearer ${token}`;

  return async <TResult, TVariables>(document: TypedDocumentString<TResult, TVariables>, variables: TVariables) => {
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query: document.toString(), variables }) });
    const body = (await response.json().catch(() => ({}))) as { data?: TResult | null; errors?: GraphQLResponseError[] };
    if (!response.ok || body.errors?.length || !body.data) throw new GraphQLRequestError(response.status, body.errors ?? []);
    return body.data;
  };
}
