import { type FieldNode, type GraphQLField, type GraphQLObjectType, type GraphQLResolveInfo, Kind, type SelectionSetNode, getArgumentValues } from 'graphql';
import type { PageReads, TextRead } from '../mirror/page-reads.js';

/**
 * What a field of a mirrored object type reads from its row, in its extensions (`mirror`), so
 * that a page reads only that (see MirrorLists): Pothos marks `t.expose…` fields with the column
 * they expose; other fields say which columns they need, which text key column they localize
 * (`<name>` and `<name>Localized`), or that they lead to the row's instance.
 */
export interface MirrorFieldReads {
  columns?: readonly string[];
  /** The row key holding the text key of a localized field. */
  text?: string;
  /** The field resolves to the row's external instance. */
  instance?: true;
}

type ConnectionInfo = Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments' | 'variableValues' | 'schema'>;

/** Each field of a selection set, through fragments and inline fragments (whatever @skip and @include say). */
function forEachField(set: SelectionSetNode | undefined, info: ConnectionInfo, visit: (field: FieldNode) => void, seen = new Set<string>()): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) visit(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(selection.selectionSet, info, visit, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      forEachField(info.fragments[selection.name.value]?.selectionSet, info, visit, seen);
    }
  }
}

/** The fields asked for under `path` (`['edges', 'node']`) of these field nodes. */
function fieldsAt(nodes: readonly FieldNode[], path: readonly string[], info: ConnectionInfo): FieldNode[] {
  let level = [...nodes];
  for (const name of path) {
    const next: FieldNode[] = [];
    for (const node of level) forEachField(node.selectionSet, info, (field) => field.name.value === name && next.push(field));
    level = next;
  }
  const fields: FieldNode[] = [];
  for (const node of level) forEachField(node.selectionSet, info, (field) => fields.push(field));
  return fields;
}

const readsOf = (field: GraphQLField<unknown, unknown>): MirrorFieldReads | undefined => {
  const extensions = field.extensions as { mirror?: MirrorFieldReads; pothosExposedField?: string };
  return extensions.mirror ?? (extensions.pothosExposedField ? { columns: [extensions.pothosExposedField] } : undefined);
};

/**
 * A page's reads for `fields` of `type`; null columns when a field asked for says nothing of its
 * reads. A localized field asked for in a locale needs no column: the page reads its answer.
 */
function readsFor(type: GraphQLObjectType, fields: readonly FieldNode[], info: ConnectionInfo, instanceType?: GraphQLObjectType): PageReads {
  const columns = new Set<string>();
  let wholeRows = false;
  const texts = new Map<string, TextRead>();
  let instanceFields: FieldNode[] | null = null;
  for (const node of fields) {
    const name = node.name.value;
    if (name === '__typename') continue;
    if (name === 'id') {
      columns.add('id');
      continue;
    }
    const field = type.getFields()[name];
    const reads = field && readsOf(field);
    if (!field || !reads) {
      wholeRows = true;
      continue;
    }
    if (reads.instance && instanceType) {
      // The page reads the instance with the row (see MirrorLists.page).
      instanceFields = [...(instanceFields ?? []), ...fieldsAt([node], [], info)];
    } else if (reads.text) {
      const asked = name.endsWith('Localized') ? null : (getArgumentValues(field, node, info.variableValues).locale as string | null | undefined);
      const read = { column: reads.text, locale: asked ?? null };
      texts.set(`${read.column}:${read.locale}`, read);
      // Every locale's text is made with its key; an asked locale's is read as it is answered.
      if (read.locale === null) columns.add(reads.text);
    } else for (const column of reads.columns ?? []) columns.add(column);
  }
  return {
    columns: wholeRows ? null : [...columns],
    texts: [...texts.values()],
    instance: instanceFields && instanceType ? readsFor(instanceType, instanceFields, info) : null,
  };
}

/**
 * What a page of a connection of `nodeType` should read for the fields asked for on its nodes
 * (`edges { node { … } }`). A superset: fields under @skip or @include count as asked.
 */
export function pageReadsFor(info: ConnectionInfo, nodeType: string): PageReads {
  const type = info.schema.getType(nodeType) as GraphQLObjectType;
  const instanceType = info.schema.getType('ExternalInstance') as GraphQLObjectType;
  return readsFor(type, fieldsAt(info.fieldNodes, ['edges', 'node'], info), info, instanceType);
}
