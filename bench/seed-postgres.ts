import pg from 'pg';
import { PayloadTexts } from '../src/mirror/texts.js';
import { seedPush } from './seed.js';

/**
 * PostgreSQL's large mirrors, filled in bulk: instance n (from `from` on) is a copy of instance
 * 1000 + n mod 1000, which Mirror.recordSync wrote (every attribute of a seeded instance that is not
 * its number cycles every 1,000 instances), with what holds its number made anew: its id, times,
 * links, payload, title and form texts (with their content-derived keys) and search document. One
 * INSERT … SELECT per table per chunk, from a table of the chunk's numbers and keys: a copy is
 * the row recordSync would have written, at a small part of the cost.
 */

/** Instances a chunk copies, in one transaction. */
const CHUNK = 10_000;

/** The lowest first instance of a copy: the sources are instances 1,000 to 1,999. */
export const FIRST_COPIED = 2_000;

/** What a copy's column holds when it is not its source's: SQL over `s` (the source row), `k` (the copy: bench_seed_chunk), `src` (its source instance) and `d.shift` (the copy's time over its source's). */
const OVERRIDES: Record<string, Record<string, string | null>> = {
  external_instances: {
    id: 'k.pk',
    instance_id: `'seed-' || k.n`,
    title_text: 'k.title_key',
    start_time: 's.start_time + d.shift',
    end_time: 's.end_time + d.shift',
    update_time: 's.update_time + d.shift',
    pc_link: `'https://oa.example.com/' || k.n`,
  },
  external_instance_payloads: { instance_pk: 'k.pk', payload: 'k.payload' },
  // Positions stay: the number is one token, and the only one of four digits or more.
  external_instance_search: { instance_pk: 'k.pk', body: `replace(s.body::text, '''' || src.n || '''', '''' || k.n || '''')::tsvector` },
  external_tasks: {
    id: null,
    instance_pk: 'k.pk',
    create_time: 's.create_time + d.shift',
    end_time: 's.end_time + d.shift',
    update_time: 's.update_time + d.shift',
    pc_link: `'https://oa.example.com/' || k.n || '/' || s.task_id`,
  },
  external_cc_entries: {
    id: null,
    instance_pk: 'k.pk',
    create_time: 's.create_time + d.shift',
    update_time: 's.update_time + d.shift',
    pc_link: `'https://oa.example.com/' || k.n || '/' || s.cc_id`,
  },
  external_form_entries: { instance_pk: 'k.pk', value_text: 'k.form_key' },
  external_texts: {
    instance_pk: 'k.pk',
    text_key: 'CASE s.text_key WHEN src.title_key THEN k.title_key WHEN src.form_key THEN k.form_key ELSE s.text_key END',
    value: `regexp_replace(s.value, '^(.* )' || src.n || '$', '\\1' || k.n)`,
  },
};

/** The mirror's key of each of instance n's texts that hold its number, and its payload. */
function copyOf(n: number) {
  const { payload } = seedPush(n);
  const texts = new PayloadTexts(payload.i18n_resources);
  return { titleKey: texts.ref(payload.title)!, formKey: texts.ref(payload.form![0]!.value)!, payload: JSON.stringify(payload) };
}

/** Each table's INSERT … SELECT of a chunk's copies, its columns as the database lists them (generated ones left out). */
async function copyStatements(client: pg.Client): Promise<string[]> {
  const statements: string[] = [];
  for (const [table, overrides] of Object.entries(OVERRIDES)) {
    const { rows } = await client.query<{ name: string }>(
      `SELECT column_name AS name FROM information_schema.columns WHERE table_schema = 'public' AND table_name = $1 AND is_generated = 'NEVER' ORDER BY ordinal_position`,
      [table],
    );
    const columns = rows.map((row) => row.name).filter((name) => overrides[name] !== null);
    const values = columns.map((name) => overrides[name] ?? `s.${name}`);
    const source = table === 'external_instances' ? 's.id' : 's.instance_pk';
    statements.push(
      `INSERT INTO ${table} (${columns.join(', ')})
       SELECT ${values.join(', ')}
       FROM bench_seed_chunk k
       CROSS JOIN LATERAL (SELECT (k.n - (1000 + k.n % 1000)) * 60000 AS shift) AS d
       JOIN bench_seed_sources src ON src.n = 1000 + k.n % 1000
       JOIN ${table} s ON ${source} = src.pk`,
    );
  }
  return statements;
}

/** Connections copying chunks side by side: PostgreSQL runs a statement on one CPU. */
const WORKERS = 2;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/**
 * Instances `from` to count − 1 of a mirror at `url` whose instances 0 to `from` − 1 were recorded
 * (`from` at least FIRST_COPIED), copied in chunks, WORKERS at a time; `onProgress` after each.
 */
export async function copyInstances(url: string, from: number, count: number, onProgress: (done: number) => void): Promise<void> {
  if (from < FIRST_COPIED) throw new Error(`copies need instances 0 to ${FIRST_COPIED - 1} recorded first`);
  const setup = await connect(url);
  try {
    await setup.query(`CREATE TABLE bench_seed_sources AS
      SELECT substring(i.instance_id from 6)::bigint AS n, i.id AS pk, i.title_text AS title_key, f.value_text AS form_key
      FROM external_instances i JOIN external_form_entries f ON f.instance_pk = i.id AND f.position = 0
      WHERE i.instance_id ~ '^seed-1[0-9]{3}$'`);
    await setup.query('ALTER TABLE bench_seed_sources ADD PRIMARY KEY (n)');
    const statements = await copyStatements(setup);
    const { rows } = await setup.query<{ top: string }>('SELECT max(id)::text AS top FROM external_instances');
    // Copy n's id: after every recorded one, in the order of n, whichever worker copies it.
    const pkBase = Number(rows[0]!.top) + 1 - from;
    let next = from;
    let copied = 0;
    const worker = async () => {
      const client = await connect(url);
      try {
        await client.query('CREATE TEMPORARY TABLE bench_seed_chunk (n bigint, pk bigint, title_key text, form_key text, payload text)');
        while (next < count) {
          const first = next;
          next = Math.min(count, first + CHUNK);
          const ns = Array.from({ length: next - first }, (_, i) => first + i);
          const copies = ns.map(copyOf);
          const params = [ns, ns.map((n) => pkBase + n), copies.map((c) => c.titleKey), copies.map((c) => c.formKey), copies.map((c) => c.payload)];
          await client.query('BEGIN');
          await client.query('TRUNCATE bench_seed_chunk');
          await client.query('INSERT INTO bench_seed_chunk SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::text[])', params);
          for (const statement of statements) await client.query(statement);
          await client.query('COMMIT');
          copied += ns.length;
          onProgress(from + copied);
        }
      } finally {
        await client.end();
      }
    };
    await Promise.all(Array.from({ length: WORKERS }, worker));
    await setup.query(`SELECT setval(pg_get_serial_sequence('external_instances', 'id'), (SELECT max(id) FROM external_instances))`);
    await setup.query('DROP TABLE bench_seed_sources');
  } finally {
    await setup.end();
  }
}
