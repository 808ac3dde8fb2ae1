import { combined, perRound } from './load.js';
import { CONCURRENCY, type LoadTiming, graphqlClient, measure } from './mutations.js';
import { type Figure, type PhaseReport, fmt } from './results.js';

/**
 * Two facade servers on one PostgreSQL mirror (the same DATABASE_URL), the load split between
 * them, against one of them alone: the same closed loop of 32 workers, sync and create.
 */
export async function replicasPhase(replicas: readonly [string, string], timing: LoadTiming, log: (line: string) => void): Promise<PhaseReport> {
  const table = [['path', 'contender', 'req/s', 'req/s by round', 'p50 ms', 'p99 ms', 'errors']];
  const figures: Figure[] = [];
  for (const path of ['sync', 'create'] as const) {
    log(`replicas: ${path}`);
    const [one, two] = await measure(
      [
        { name: 'one process', open: async (run) => graphqlClient(replicas[0], path, run) },
        {
          name: 'two processes',
          async open(run) {
            const clients = replicas.map((origin) => graphqlClient(origin, path, run, CONCURRENCY / 2));
            return {
              // Every other call to each: n counts up across the workers.
              send: (n: number) => clients[n % 2]!.send(n),
              close: async () => void (await Promise.all(clients.map((client) => client.close()))),
            };
          },
        },
      ],
      CONCURRENCY,
      timing,
      log,
    );
    for (const [name, rounds] of [
      ['one process', one!],
      ['two processes', two!],
    ] as const) {
      const all = combined(rounds);
      table.push([path, name, fmt(all.perSecond), rounds.map((r) => fmt(r.perSecond)).join(' / '), fmt(all.p50, 2), fmt(all.p99, 2), String(all.errors)]);
    }
    figures.push({
      label: `${path}: two replicas' combined throughput ÷ one's (2 CPUs shared with the load, the sandbox and PostgreSQL)`,
      engine: 'postgres',
      value: perRound(two!, one!, (x, y) => x.perSecond / y.perSecond),
      digits: 2,
      listed: true,
    });
  }
  return {
    title: 'Two replicas on one PostgreSQL mirror',
    method:
      'Two facade servers (each as under Mutations, DATABASE_POOL_SIZE 10) on one fresh PostgreSQL database, every other request of a closed loop of 32 workers to each, against the first of them alone under the same loop; syncs of new instances and creates, rounds as under Mutations. ' +
      'Both replicas take their Feishu rate-limit slots from the database (one advisory lock per endpoint). This machine has 2 CPUs, shared by the load generator, the sandbox, PostgreSQL and the facades: a second process adds no CPU, only a second event loop.',
    table,
    figures,
  };
}
