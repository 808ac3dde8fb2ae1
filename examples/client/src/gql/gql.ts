/* eslint-disable */
import * as types from './graphql.js';



/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  mutation SyncInstance($input: SyncExternalInstanceInput!) {\n    syncExternalInstance(input: $input) {\n      __typename\n      ... on SyncExternalInstancePayload {\n        applied\n        outcome {\n          instance\n          tasks { inserted updated stale deleted }\n        }\n        instance { id instanceId status updateTime }\n      }\n      ... on BadUserInputError { issues { path message } }\n      ... on RateLimitedError { retryAfter }\n      ... on Error { code message }\n    }\n  }\n": typeof types.SyncInstanceDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!) {\n    createInstance(input: $input) {\n      __typename\n      ... on CreateInstancePayload {\n        replayed\n        instance { id instanceCode uuid intentState createdAt title(locale: EN_US) }\n      }\n      ... on BadUserInputError { issues { path message } }\n      ... on Error { code message }\n    }\n  }\n": typeof types.CreateInstanceDocument,
    "\n  query PendingTasks($user: UserRefInput!, $first: Int!, $after: String) {\n    approvalCenter(user: $user) {\n      pendingTasks(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            __typename\n            ... on ExternalTask {\n              id\n              taskId\n              title\n              updateTime\n              instance { approvalCode instanceId title }\n            }\n            ... on ApprovalTask {\n              taskId\n              nodeId\n              instance { approvalCode instanceCode uuid }\n            }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": typeof types.PendingTasksDocument,
    "\n  query ExternalInstance($approvalCode: String!, $instanceId: String!, $locale: Locale) {\n    externalInstance(approvalCode: $approvalCode, instanceId: $instanceId) {\n      id\n      instanceId\n      status\n      title(locale: $locale)\n      startTime\n      updateTime\n      extra\n      taskList { taskId status title(locale: $locale) }\n    }\n  }\n": typeof types.ExternalInstanceDocument,
    "\n  query SearchInstances($search: String!, $first: Int!) {\n    externalInstances(filter: { search: $search }, first: $first) {\n      totalCount\n      edges { node { id instanceId title status updateTime } }\n    }\n  }\n": typeof types.SearchInstancesDocument,
};
const documents: Documents = {
    "\n  mutation SyncInstance($input: SyncExternalInstanceInput!) {\n    syncExternalInstance(input: $input) {\n      __typename\n      ... on SyncExternalInstancePayload {\n        applied\n        outcome {\n          instance\n          tasks { inserted updated stale deleted }\n        }\n        instance { id instanceId status updateTime }\n      }\n      ... on BadUserInputError { issues { path message } }\n      ... on RateLimitedError { retryAfter }\n      ... on Error { code message }\n    }\n  }\n": types.SyncInstanceDocument,
    "\n  mutation CreateInstance($input: CreateInstanceInput!) {\n    createInstance(input: $input) {\n      __typename\n      ... on CreateInstancePayload {\n        replayed\n        instance { id instanceCode uuid intentState createdAt title(locale: EN_US) }\n      }\n      ... on BadUserInputError { issues { path message } }\n      ... on Error { code message }\n    }\n  }\n": types.CreateInstanceDocument,
    "\n  query PendingTasks($user: UserRefInput!, $first: Int!, $after: String) {\n    approvalCenter(user: $user) {\n      pendingTasks(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            __typename\n            ... on ExternalTask {\n              id\n              taskId\n              title\n              updateTime\n              instance { approvalCode instanceId title }\n            }\n            ... on ApprovalTask {\n              taskId\n              nodeId\n              instance { approvalCode instanceCode uuid }\n            }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n": types.PendingTasksDocument,
    "\n  query ExternalInstance($approvalCode: String!, $instanceId: String!, $locale: Locale) {\n    externalInstance(approvalCode: $approvalCode, instanceId: $instanceId) {\n      id\n      instanceId\n      status\n      title(locale: $locale)\n      startTime\n      updateTime\n      extra\n      taskList { taskId status title(locale: $locale) }\n    }\n  }\n": types.ExternalInstanceDocument,
    "\n  query SearchInstances($search: String!, $first: Int!) {\n    externalInstances(filter: { search: $search }, first: $first) {\n      totalCount\n      edges { node { id instanceId title status updateTime } }\n    }\n  }\n": types.SearchInstancesDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SyncInstance($input: SyncExternalInstanceInput!) {\n    syncExternalInstance(input: $input) {\n      __typename\n      ... on SyncExternalInstancePayload {\n        applied\n        outcome {\n          instance\n          tasks { inserted updated stale deleted }\n        }\n        instance { id instanceId status updateTime }\n      }\n      ... on BadUserInputError { issues { path message } }\n      ... on RateLimitedError { retryAfter }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').SyncInstanceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CreateInstance($input: CreateInstanceInput!) {\n    createInstance(input: $input) {\n      __typename\n      ... on CreateInstancePayload {\n        replayed\n        instance { id instanceCode uuid intentState createdAt title(locale: EN_US) }\n      }\n      ... on BadUserInputError { issues { path message } }\n      ... on Error { code message }\n    }\n  }\n"): typeof import('./graphql.js').CreateInstanceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingTasks($user: UserRefInput!, $first: Int!, $after: String) {\n    approvalCenter(user: $user) {\n      pendingTasks(first: $first, after: $after) {\n        totalCount\n        edges {\n          cursor\n          node {\n            __typename\n            ... on ExternalTask {\n              id\n              taskId\n              title\n              updateTime\n              instance { approvalCode instanceId title }\n            }\n            ... on ApprovalTask {\n              taskId\n              nodeId\n              instance { approvalCode instanceCode uuid }\n            }\n          }\n        }\n        pageInfo { hasNextPage endCursor }\n      }\n    }\n  }\n"): typeof import('./graphql.js').PendingTasksDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExternalInstance($approvalCode: String!, $instanceId: String!, $locale: Locale) {\n    externalInstance(approvalCode: $approvalCode, instanceId: $instanceId) {\n      id\n      instanceId\n      status\n      title(locale: $locale)\n      startTime\n      updateTime\n      extra\n      taskList { taskId status title(locale: $locale) }\n    }\n  }\n"): typeof import('./graphql.js').ExternalInstanceDocument;
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query SearchInstances($search: String!, $first: Int!) {\n    externalInstances(filter: { search: $search }, first: $first) {\n      totalCount\n      edges { node { id instanceId title status updateTime } }\n    }\n  }\n"): typeof import('./graphql.js').SearchInstancesDocument;


export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}
