/**
 * The reference server: graphql-yoga with its defaults (graphql-js parses, validates and executes)
 * on the facade's schema as printed (schema.graphql), with two resolvers that translate their
 * input with src/translate and send it to Feishu with undici. No validation of Feishu's rules, no
 * mirror: what a GraphQL server in front of Feishu costs before doing any of the facade's work.
 * SANDBOX=<the sandbox's origin>; it prints its endpoint once listening.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { GraphQLError, GraphQLScalarType } from 'graphql';
import { createSchema, createYoga } from 'graphql-yoga';
import { toCreateInstancePayload } from '../src/translate/create-instance.js';
import type { CreateInstanceInput } from '../src/translate/create-instance-input.js';
import { toExternalInstancePayload } from '../src/translate/external-instance.js';
import type { SyncExternalInstanceInput } from '../src/translate/external-instance-input.js';
import { type Instant, formatUtc, parseInstant } from '../src/util/datetime.js';
import { onShutdownSignal } from '../src/util/shutdown-signal.js';
import { RawFeishu } from './feishu.js';

const feishu = await RawFeishu.connect(process.env.SANDBOX!, 128);
let answered = 0;

/** DateTime inputs become the instants src/translate takes; outputs are written in UTC, as the facade writes them. */
const DateTime = new GraphQLScalarType<Instant, string>({
  name: 'DateTime',
  parseValue: (value) => {
    const instant = parseInstant(String(value));
    if (!instant) throw new GraphQLError(`not a DateTime: ${String(value)}`);
    return instant;
  },
  serialize: (value) => formatUtc((value as Instant).epochMs),
});

const schema = createSchema({
  typeDefs: readFileSync(new URL('../schema.graphql', import.meta.url), 'utf8'),
  resolvers: {
    DateTime,
    Mutation: {
      async syncExternalInstance(_root: unknown, { input }: { input: SyncExternalInstanceInput }) {
        await feishu.send('sync', toExternalInstancePayload(input, 'zh-CN'));
        answered += 1;
        return {
          __typename: 'SyncExternalInstancePayload',
          applied: true,
          instance: { id: `ExternalInstance:${answered}`, instanceId: input.instanceId, updateTime: input.updateTime },
        };
      },
      async createInstance(_root: unknown, { input }: { input: CreateInstanceInput }) {
        const data = await feishu.send('create', toCreateInstancePayload(input, input.uuid!, 'zh-CN'));
        answered += 1;
        return {
          __typename: 'CreateInstancePayload',
          instance: { id: `ApprovalInstance:${answered}`, instanceCode: data?.instance_code, intentState: 'CREATED' },
        };
      },
    },
  },
  // Unions and interfaces are resolved by the answers' __typename, graphql-js's default.
  resolverValidationOptions: { requireResolversForResolveType: 'ignore' },
});

const server = createServer(createYoga({ schema, logging: false }));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const { port } = server.address() as { port: number };
process.stdout.write(`stock Yoga reference at http://127.0.0.1:${port}/graphql\n`);

onShutdownSignal(() => {
  server.closeAllConnections();
  server.close(() => void feishu.close().then(() => process.exit(0)));
});
