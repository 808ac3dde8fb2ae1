import type { Client } from './client.js';
import { graphql } from './gql/index.js';
import type { CreateInstanceInput, FormWidgetInput, Locale, SyncExternalInstanceInput, UserRefInput } from './gql/graphql.js';

// Run `npm run codegen` after changing an operation: src/gql/ types each one from ../../schema.graphql.

const SyncInstance = graphql(`
  mutation SyncInstance($input: SyncExternalInstanceInput!) {
    syncExternalInstance(input: $input) {
      __typename
      ... on SyncExternalInstancePayload {
        applied
        outcome {
          instance
          tasks { inserted updated stale deleted }
        }
        instance { id instanceId status updateTime }
      }
      ... on BadUserInputError { issues { path message } }
      ... on RateLimitedError { retryAfter }
      ... on Error { code message }
    }
  }
`);

const CreateInstance = graphql(`
  mutation CreateInstance($input: CreateInstanceInput!) {
    createInstance(input: $input) {
      __typename
      ... on CreateInstancePayload {
        replayed
        instance { id instanceCode uuid intentState createdAt title(locale: EN_US) }
      }
      ... on BadUserInputError { issues { path message } }
      ... on Error { code message }
    }
  }
`);

const PendingTasks = graphql(`
  query PendingTasks($user: UserRefInput!, $first: Int!, $after: String) {
    approvalCenter(user: $user) {
      pendingTasks(first: $first, after: $after) {
        totalCount
        edges {
          cursor
          node {
            __typename
            ... on ExternalTask {
              id
              taskId
              title
              updateTime
              instance { approvalCode instanceId title }
            }
            ... on ApprovalTask {
              taskId
              nodeId
              instance { approvalCode instanceCode uuid }
            }
          }
        }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
`);

const ExternalInstance = graphql(`
  query ExternalInstance($approvalCode: String!, $instanceId: String!, $locale: Locale) {
    externalInstance(approvalCode: $approvalCode, instanceId: $instanceId) {
      id
      instanceId
      status
      title(locale: $locale)
      startTime
      updateTime
      extra
      taskList { taskId status title(locale: $locale) }
    }
  }
`);

const SearchInstances = graphql(`
  query SearchInstances($search: String!, $first: Int!) {
    externalInstances(filter: { search: $search }, first: $first) {
      totalCount
      edges { node { id instanceId title status updateTime } }
    }
  }
`);

/** Pushes a third-party instance: the payload, or one of the typed errors (`__typename` tells which). */
export async function syncInstance(client: Client, input: SyncExternalInstanceInput) {
  return (await client(SyncInstance, { input })).syncExternalInstance;
}

/** Creates a native instance; send the same `uuid` again to retry safely. */
export async function createInstance(client: Client, input: CreateInstanceInput) {
  return (await client(CreateInstance, { input })).createInstance;
}

/** The form of the sandbox's leave request: each widget sets exactly one member (`@oneOf`). */
export function leaveRequestForm(leave: { type: 'annual' | 'sick' | 'personal'; start: string; end: string; days: number; reason: string }): FormWidgetInput[] {
  return [
    { radioV2: { id: 'leave_type', value: leave.type } },
    { dateInterval: { id: 'period', value: { start: leave.start, end: leave.end, interval: leave.days } } },
    { textarea: { id: 'reason', value: leave.reason } },
  ];
}

/** One page of a user's pending tasks; pass the last page's `endCursor` as `after` for the next. */
export async function pendingTasksPage(client: Client, user: UserRefInput, page: { first: number; after?: string | null }) {
  return (await client(PendingTasks, { user, first: page.first, after: page.after ?? null })).approvalCenter.pendingTasks;
}

/** A mirrored external instance, its texts in `locale` (else the caller's Accept-Language), or null when the mirror has none. */
export async function externalInstance(client: Client, key: { approvalCode: string; instanceId: string }, locale: Locale | null = null) {
  return (await client(ExternalInstance, { ...key, locale })).externalInstance;
}

/** Mirrored instances whose texts match `search` (any locale). */
export async function searchInstances(client: Client, search: string, first = 20) {
  return (await client(SearchInstances, { search, first })).externalInstances;
}
