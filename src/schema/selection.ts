import { type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { PageInstanceReads, PageReads, PageText } from '../mirror/lists.js';
import type { ExternalInstanceRow } from '../mirror/tables.js';

type Fragments = Record<string, FragmentDefinitionNode>;

/** Calls `onField` for each field of a selection set, through fragments and inline fragments. */
function forEachField(set: SelectionSetNode | undefined, fragments: Fragments, onField: (name: string, selectionSet: SelectionSetNode | undefined) => void, seen = new Set<string>()): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) onField(selection.name.value, selection.selectionSet);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(selection.selectionSet, fragments, onField, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      forEachField(fragments[selection.name.value]?.selectionSet, fragments, onField, seen);
    }
  }
}

/**
 * The fields that may be asked for on a connection's nodes (`edges { node { … } }`), whatever the
 * fragments' type conditions and @skip/@include say (a superset, for reading ahead): each name
 * with the selection sets it is asked with.
 */
function connectionNodeFields(info: GraphQLResolveInfo): Map<string, (SelectionSetNode | undefined)[]> {
  const fields = new Map<string, (SelectionSetNode | undefined)[]>();
  for (const connection of info.fieldNodes) {
    forEachField(connection.selectionSet, info.fragments, (edgesName, edges) => {
      if (edgesName !== 'edges') return;
      forEachField(edges, info.fragments, (nodeName, node) => {
        if (nodeName !== 'node') return;
        forEachField(node, info.fragments, (name, selectionSet) => {
          const sets = fields.get(name);
          if (sets) sets.push(selectionSet);
          else fields.set(name, [selectionSet]);
        });
      });
    });
  }
  return fields;
}

/** The names of the fields asked for in these selection sets (through fragments). */
function fieldNames(sets: readonly (SelectionSetNode | undefined)[], fragments: Fragments): Set<string> {
  const names = new Set<string>();
  for (const set of sets) forEachField(set, fragments, (name) => names.add(name));
  return names;
}

/** What each field of a node type reads from its row (see nodeReads). */
export interface NodeReads<Row> {
  /** Field name → the row keys it reads; localized fields included. */
  columns: Readonly<Record<string, readonly (keyof Row & string)[]>>;
  /** Localized field name (without `Localized`) → the columns of its text. */
  texts: Readonly<Record<string, PageText<Row>>>;
  /** A field resolving to the row's external instance, whose `via` row key holds the instance's id. */
  instance?: { field: string; via: keyof Row & string; reads: NodeReads<ExternalInstanceRow> };
}

/**
 * A node type's NodeReads from its plain fields' columns and its localized fields' text columns:
 * `<name>` and `<name>Localized` each read the instance and text key columns of `<name>`.
 */
export function nodeReads<Row>(
  plainFields: Record<string, readonly (keyof Row & string)[]>,
  localizedFields: Record<string, PageText<Row>>,
  instance?: NodeReads<Row>['instance'],
): NodeReads<Row> {
  const columns: Record<string, readonly (keyof Row & string)[]> = { ...plainFields };
  for (const [name, text] of Object.entries(localizedFields)) {
    columns[name] = [text.instancePk, text.textKey];
    columns[`${name}Localized`] = [text.instancePk, text.textKey];
  }
  if (instance) columns[instance.field] = [instance.via];
  return { columns, texts: localizedFields, ...(instance ? { instance } : {}) };
}

/**
 * What a page of a connection reads for the fields asked for on its nodes:
 * - `columns`: the row columns they need; null when one of them is not in `reads.columns` (the
 *   page then reads whole rows). The page adds its own (id, sort key) and its texts' columns.
 * - `texts`: the localized fields whose texts the page statement should read with the rows,
 *   those asked for by name or as `<name>Localized`. Reading ahead only saves a statement: a text
 *   read with the page is keyed by the row's own instance and text key, so a text not read ahead
 *   is read when a field asks for it, as before.
 * - `instance`: when the node's instance field is asked for and each of its own fields is in
 *   `reads.instance.reads`, the instance columns and texts those fields need, read with the page.
 */
export function pageReadsFor<Row>(info: GraphQLResolveInfo, reads: NodeReads<Row>): PageReads<Row> {
  // Worked out once per field of a document: a document's AST (and the field nodes the executor
  // hands its resolvers) is the same object in every request, through Yoga's parse cache.
  let ofReads = READS_BY_FIELD.get(reads);
  if (!ofReads) READS_BY_FIELD.set(reads, (ofReads = new WeakMap()));
  let found = ofReads.get(info.fieldNodes) as PageReads<Row> | undefined;
  if (!found) ofReads.set(info.fieldNodes, (found = pageReadsOf(info, reads)));
  return found;
}

const READS_BY_FIELD = new WeakMap<object, WeakMap<GraphQLResolveInfo['fieldNodes'], unknown>>();

function pageReadsOf<Row>(info: GraphQLResolveInfo, reads: NodeReads<Row>): PageReads<Row> {
  const fields = connectionNodeFields(info);
  const own = readsOf(new Set(fields.keys()), reads);
  const instanceSets = reads.instance && fields.get(reads.instance.field);
  if (!reads.instance || !instanceSets) return own;
  const instance = readsOf(fieldNames(instanceSets, info.fragments), reads.instance.reads);
  if (!instance.columns) return own;
  const instanceReads: PageInstanceReads<Row> = { via: reads.instance.via, columns: instance.columns, texts: instance.texts };
  return { ...own, instance: instanceReads };
}

function readsOf<Row>(asked: ReadonlySet<string>, reads: NodeReads<Row>): { columns: Set<keyof Row & string> | null; texts: PageText<Row>[] } {
  const texts = Object.entries(reads.texts)
    .filter(([name]) => asked.has(name) || asked.has(`${name}Localized`))
    .map(([, text]) => text);
  return { columns: columnsFor(asked, reads.columns), texts };
}

function columnsFor<Row>(asked: ReadonlySet<string>, fieldColumns: NodeReads<Row>['columns']): Set<keyof Row & string> | null {
  const columns = new Set<keyof Row & string>();
  for (const name of asked) {
    if (name === '__typename') continue;
    const read = Object.hasOwn(fieldColumns, name) ? fieldColumns[name] : undefined;
    if (!read) return null;
    for (const column of read) columns.add(column);
  }
  return columns;
}
