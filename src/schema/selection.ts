import { type FieldNode, type FragmentDefinitionNode, type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { LOCALES, isLocaleCode } from '../locale.js';
import { type LocaleText, NO_LOCALES, type PageInstanceReads, type PageReads, type PageText, textsRead } from '../mirror/lists.js';
import type { ExternalInstanceRow } from '../mirror/tables.js';

type Fragments = Record<string, FragmentDefinitionNode>;

/** Calls `onField` for each field of a selection set, through fragments and inline fragments. */
function forEachField(set: SelectionSetNode | undefined, fragments: Fragments, onField: (field: FieldNode) => void, seen = new Set<string>()): void {
  for (const selection of set?.selections ?? []) {
    if (selection.kind === Kind.FIELD) onField(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) forEachField(selection.selectionSet, fragments, onField, seen);
    else if (!seen.has(selection.name.value)) {
      seen.add(selection.name.value);
      forEachField(fragments[selection.name.value]?.selectionSet, fragments, onField, seen);
    }
  }
}

/** The fields asked for, by name: each field node of that name (aliases included). */
type AskedFields = Map<string, FieldNode[]>;

function addField(fields: AskedFields, field: FieldNode): void {
  const nodes = fields.get(field.name.value);
  if (nodes) nodes.push(field);
  else fields.set(field.name.value, [field]);
}

/**
 * The fields that may be asked for on a connection's nodes (`edges { node { … } }`), whatever the
 * fragments' type conditions and @skip/@include say (a superset, for reading ahead).
 */
function connectionNodeFields(info: GraphQLResolveInfo): AskedFields {
  const fields: AskedFields = new Map();
  for (const connection of info.fieldNodes) {
    forEachField(connection.selectionSet, info.fragments, (edges) => {
      if (edges.name.value !== 'edges') return;
      forEachField(edges.selectionSet, info.fragments, (node) => {
        if (node.name.value !== 'node') return;
        forEachField(node.selectionSet, info.fragments, (field) => addField(fields, field));
      });
    });
  }
  return fields;
}

/** The fields asked for in the selection sets of these field nodes (through fragments). */
function subfields(nodes: readonly FieldNode[], fragments: Fragments): AskedFields {
  const fields: AskedFields = new Map();
  for (const node of nodes) forEachField(node.selectionSet, fragments, (field) => addField(fields, field));
  return fields;
}

/** Where the locale of a localized field comes from: a literal, or a variable of the operation. */
type LocaleSource = { code: string; variable?: undefined } | { variable: string; code?: undefined };

const LOCALE_CODE_BY_NAME = new Map<string, string>(LOCALES.map((row) => [row.name, row.code]));

/** A page's reads, and the locale sources of its LocaleTexts' slots, in slot order. */
interface PageReadsPlan<Row> {
  reads: PageReads<Row>;
  sources: LocaleSource[];
  /** `reads` with every text in every locale, for a request where a locale variable is null; made when first needed. */
  everyLocale?: PageReads<Row>;
}

/** The locale slots of a page's reads (see LocaleText), as they are added. */
class LocaleSlots {
  readonly sources: LocaleSource[] = [];
  private readonly byKey = new Map<string, number>();

  /**
   * The slots of these field nodes' `locale` arguments; null when one of them has none (the field
   * then follows Accept-Language) or gives it otherwise than as a literal or a variable.
   */
  of(nodes: readonly FieldNode[]): number[] | null {
    const slots = new Set<number>();
    for (const node of nodes) {
      const value = node.arguments?.find((argument) => argument.name.value === 'locale')?.value;
      let source: LocaleSource;
      if (value?.kind === Kind.ENUM && LOCALE_CODE_BY_NAME.has(value.value)) source = { code: LOCALE_CODE_BY_NAME.get(value.value)! };
      else if (value?.kind === Kind.VARIABLE) source = { variable: value.name.value };
      else return null;
      const key = source.code ?? `$${source.variable}`;
      let slot = this.byKey.get(key);
      if (slot === undefined) {
        slot = this.sources.push(source) - 1;
        this.byKey.set(key, slot);
      }
      slots.add(slot);
    }
    return [...slots];
  }
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

/** What a page reads (see pageReadsFor), and this request's values of its locale slots. */
export interface PageAsk<Row> {
  reads: PageReads<Row>;
  locales: readonly (string | null)[];
}

/**
 * What a page of a connection reads for the fields asked for on its nodes:
 * - `columns`: the row columns they need; null when one of them is not in `reads.columns` (the
 *   page then reads whole rows). The page adds its own (id, sort key) and its texts' columns.
 * - `texts`: the localized fields whose texts the page statement should read with the rows,
 *   those asked for by name or as `<name>Localized`. Reading ahead only saves a statement: a text
 *   read with the page is keyed by the row's own instance and text key, so a text not read ahead
 *   is read when a field asks for it, as before.
 * - `localeTexts`: those of them asked for by name only, each with a `locale` argument (a literal
 *   or a variable): the page reads each in the asked locales only, one value per locale with the
 *   default locale's fallback, which is what the field answers (`locales` holds this request's
 *   values of the variables; when one is null, its fields follow Accept-Language and the page reads
 *   every text in every locale). Any other way of asking for a text (without a locale, as
 *   `<name>Localized`) reads it in every locale.
 * - `instance`: when the node's instance field is asked for and each of its own fields is in
 *   `reads.instance.reads`, the instance columns and texts those fields need, read with the page.
 */
export function pageReadsFor<Row>(info: GraphQLResolveInfo, reads: NodeReads<Row>): PageAsk<Row> {
  // Worked out once per field of a document: a document's AST (and the field nodes the executor
  // hands its resolvers) is the same object in every request, through Yoga's parse cache.
  let ofReads = READS_BY_FIELD.get(reads);
  if (!ofReads) READS_BY_FIELD.set(reads, (ofReads = new WeakMap()));
  let found = ofReads.get(info.fieldNodes) as PageReadsPlan<Row> | undefined;
  if (!found) ofReads.set(info.fieldNodes, (found = pageReadsOf(info, reads)));
  if (found.sources.length === 0) return { reads: found.reads, locales: NO_LOCALES };
  const variables = info.variableValues;
  const locales = found.sources.map((source) => source.code ?? localeOf(variables[source.variable]));
  // A locale variable that is null this request: its fields follow Accept-Language.
  if (locales.includes(null)) return { reads: (found.everyLocale ??= inEveryLocale(found.reads)), locales: NO_LOCALES };
  return { reads: found.reads, locales };
}

/** The same reads with every text read in every locale. */
function inEveryLocale<Row>(reads: PageReads<Row>): PageReads<Row> {
  const texts = textsRead(reads);
  if (!reads.instance) return { ...reads, texts, localeTexts: [] };
  return { ...reads, texts, localeTexts: [], instance: { ...reads.instance, texts: textsRead(reads.instance), localeTexts: [] } };
}

const READS_BY_FIELD = new WeakMap<object, WeakMap<GraphQLResolveInfo['fieldNodes'], unknown>>();

/** A locale variable's value (its enum's internal value, the locale code), or null. */
const localeOf = (value: unknown): string | null => (typeof value === 'string' && isLocaleCode(value) ? value : null);

function pageReadsOf<Row>(info: GraphQLResolveInfo, reads: NodeReads<Row>): PageReadsPlan<Row> {
  const fields = connectionNodeFields(info);
  const slots = new LocaleSlots();
  const own = readsOf(fields, reads, slots);
  const instanceNodes = reads.instance && fields.get(reads.instance.field);
  if (!reads.instance || !instanceNodes) return { reads: own, sources: slots.sources };
  const instance = readsOf(subfields(instanceNodes, info.fragments), reads.instance.reads, slots);
  if (!instance.columns) return { reads: own, sources: slots.sources };
  const instanceReads: PageInstanceReads<Row> = { via: reads.instance.via, columns: instance.columns, texts: instance.texts, localeTexts: instance.localeTexts };
  return { reads: { ...own, instance: instanceReads }, sources: slots.sources };
}

function readsOf<Row>(
  asked: AskedFields,
  reads: NodeReads<Row>,
  slots: LocaleSlots,
): { columns: Set<keyof Row & string> | null; texts: PageText<Row>[]; localeTexts: LocaleText<Row>[] } {
  const texts: PageText<Row>[] = [];
  const localeTexts: LocaleText<Row>[] = [];
  for (const [name, text] of Object.entries(reads.texts)) {
    const plain = asked.get(name);
    const everyLocale = asked.has(`${name}Localized`);
    if (!plain && !everyLocale) continue;
    const localeSlots = plain && !everyLocale ? slots.of(plain) : null;
    if (localeSlots) localeTexts.push({ text, slots: localeSlots });
    else texts.push(text);
  }
  return { columns: columnsFor(new Set(asked.keys()), reads.columns), texts, localeTexts };
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
