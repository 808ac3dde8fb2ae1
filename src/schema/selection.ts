import { type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import type { PageText } from '../mirror/lists.js';

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
 * The names of the fields that may be asked for on a connection's nodes (`edges { node { … } }`),
 * whatever the fragments' type conditions and @skip/@include say: a superset, for reading ahead.
 */
export function connectionNodeFields(info: GraphQLResolveInfo): Set<string> {
  const names = new Set<string>();
  for (const connection of info.fieldNodes) {
    forEachField(connection.selectionSet, info.fragments, (edgesName, edges) => {
      if (edgesName !== 'edges') return;
      forEachField(edges, info.fragments, (nodeName, node) => {
        if (nodeName === 'node') forEachField(node, info.fragments, (name) => names.add(name));
      });
    });
  }
  return names;
}

/**
 * The localized fields of a connection's nodes whose texts its page statement should read with
 * the rows: those asked for, by name or as `<name>Localized`. Reading ahead only saves a
 * statement: a text read with the page is keyed by the row's own instance and text key, so a
 * text not read ahead is read when a field asks for it, as before.
 */
export function pageTextsFor<Row>(info: GraphQLResolveInfo, localizedFields: Readonly<Record<string, PageText<Row>>>): PageText<Row>[] {
  const asked = connectionNodeFields(info);
  return Object.entries(localizedFields)
    .filter(([name]) => asked.has(name) || asked.has(`${name}Localized`))
    .map(([, text]) => text);
}

/**
 * The row columns a page of a connection must read for the fields asked for on its nodes; null
 * when one of them is not in `fieldColumns` (the page then reads whole rows). The page adds its
 * own (id, sort key) and its texts' columns.
 */
export function pageColumnsFor<Row>(info: GraphQLResolveInfo, fieldColumns: Readonly<Record<string, readonly (keyof Row & string)[]>>): Set<keyof Row & string> | null {
  const columns = new Set<keyof Row & string>();
  for (const name of connectionNodeFields(info)) {
    if (name === '__typename') continue;
    const read = Object.hasOwn(fieldColumns, name) ? fieldColumns[name] : undefined;
    if (!read) return null;
    for (const column of read) columns.add(column);
  }
  return columns;
}
