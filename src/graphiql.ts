import type { GraphiQLOptions } from 'graphql-yoga';
import { EXAMPLE_CREATE_MUTATION, EXAMPLE_QUERY, EXAMPLE_SYNC_MUTATION } from './examples.js';

/** The page opens on the README's examples. */
export const GRAPHIQL_OPTIONS: GraphiQLOptions = {
  title: 'Feishu approvals GraphQL',
  defaultQuery: `# Run SyncLeaveRequest, then ReadLeaveRequest. CreateLeaveRequest creates a native instance\n# (run it twice: the second run replays the first, by its uuid).\n\n${EXAMPLE_SYNC_MUTATION}\n\n${EXAMPLE_QUERY}\n\n${EXAMPLE_CREATE_MUTATION}\n`,
};

let rendered: { key: string; page: Promise<string> } | undefined;

/**
 * GraphiQL with its JavaScript, CSS and editor workers inlined from `@graphql-yoga/render-graphiql`:
 * Yoga's own page loads them from a CDN, which a firewalled network never reaches. The package
 * (9 MB of script) is loaded on the first page asked for, never when GraphiQL is off, and the page
 * is rendered once for the options, which do not change.
 */
export function renderOfflineGraphiQL(options: GraphiQLOptions): Promise<string> {
  const key = JSON.stringify(options);
  if (rendered?.key !== key) {
    rendered = { key, page: import('@graphql-yoga/render-graphiql').then(({ renderGraphiQL }) => renderGraphiQL(options)) };
  }
  return rendered.page;
}
