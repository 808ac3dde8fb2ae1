import { SEED_BASE } from './seed.js';

/** The page reads the benchmark measures, on a mirror seeded by seed.ts. */
export type ReadCaseName = 'pendingTasks' | 'statusPage' | 'search';

export interface ReadCase {
  name: ReadCaseName;
  title: string;
  /** A document whose page size is the variable $first. */
  query: string;
  variables: Record<string, unknown>;
  /** The rows of the page in the answer's data. */
  rows(data: unknown): unknown[];
}

const edges = (data: unknown, ...path: string[]): unknown[] => path.reduce<unknown>((node, key) => (node as Record<string, unknown>)[key], data) as unknown[];

/** The read cases on a mirror of `instances`: variables chosen so that each fills its page (50 rows) from 100,000 instances up. */
export function readCases(instances: number): ReadCase[] {
  const minute = (fraction: number) => new Date(SEED_BASE + Math.floor(instances * fraction) * 60_000).toISOString();
  return [
    {
      name: 'pendingTasks',
      title: 'pendingTasks, first 50 of one user',
      query: `query($user: String!, $first: Int!) { approvalCenter(user: { userId: $user }) { pendingTasks(first: $first) { edges { node { ... on ExternalTask { taskId status updateTime title(locale: EN_US) instance { instanceId title(locale: EN_US) } } } } } } }`,
      variables: { user: 'user-42' },
      rows: (data) => edges(data, 'approvalCenter', 'pendingTasks', 'edges'),
    },
    {
      name: 'statusPage',
      title: 'status page (externalInstances, first 50 PENDING in an update-time range)',
      query: `query($from: DateTime!, $to: DateTime!, $first: Int!) { externalInstances(first: $first, filter: { statuses: [PENDING], updateTime: { from: $from, to: $to } }) { edges { node { instanceId status updateTime title(locale: EN_US) } } } }`,
      variables: { from: minute(0.25), to: minute(0.75) },
      rows: (data) => edges(data, 'externalInstances', 'edges'),
    },
    {
      name: 'search',
      title: 'search "上海 budget", first 50',
      query: `query($first: Int!) { externalInstances(first: $first, filter: { search: "上海 budget" }) { edges { node { instanceId updateTime title(locale: EN_US) } } } }`,
      variables: {},
      rows: (data) => edges(data, 'externalInstances', 'edges'),
    },
  ];
}
