import type { ResolvedText } from './lists.js';
import { innerMap } from '../util/maps.js';
import type { ExternalReaders } from './read-external.js';
import type { ExternalInstanceRow } from './tables.js';
import { type MirrorText, collectTexts, textCacheKey } from './texts.js';

/**
 * Per-request reads for rows that were read together (a page of a list, or one batch of a
 * loader): the first time a field needs something for one of them, the same thing is read for
 * all of them in one statement, and answered synchronously from then on.
 *
 * A resolver that returns a value rather than a promise spares graphql-js its promise handling
 * for that field; a page of 50 tasks with their titles, instances and instance titles was 150
 * promises through a DataLoader. The statement count is the loaders' (one per kind of row per
 * page), since the siblings are known without waiting for the other resolvers to ask.
 *
 * A row not read with others (`group` never saw it) gets `undefined`: use the loaders then.
 */
export class SiblingReads {
  private readonly siblings = new WeakMap<object, readonly object[]>();
  /**
   * Groups not yet entered in `siblings`, in the order they came: a page whose fields were all
   * read with it never looks its rows' siblings up, so they are entered on the first lookup only.
   * Their members may repeat and may be null (see attachInstances).
   */
  private readonly unindexed: (readonly (object | null)[])[] = [];
  /**
   * Texts read, by instance then text key: no key string is built per lookup (a page's texts are
   * looked up by the very strings their rows hold, whose hashes V8 keeps).
   */
  private readonly texts = new Map<number, Map<string, MirrorText | null>>();
  /**
   * Texts read in one locale (with a page, see MirrorLists' LocaleText), by instance: the page's
   * own (instance, text key, locale, value) tuples, one, or a list when an instance has several
   * (its title and a task's); no Map is made per instance or locale.
   */
  private readonly resolved = new Map<number, ResolvedText | ResolvedText[]>();
  private readonly instances = new Map<number, ExternalInstanceRow | null>();
  /** Instances read with a page, by the page row they belong to (see attachInstances). */
  private readonly ownInstances = new WeakMap<object, ExternalInstanceRow>();

  constructor(private readonly reads: ExternalReaders) {}

  /** Marks rows as read together. A row keeps the first group it was seen in. */
  group(rows: readonly (object | null)[]): void {
    if (rows.length >= 2) this.unindexed.push(rows);
  }

  private siblingsOf(row: object): readonly object[] | undefined {
    for (const group of this.unindexed) {
      const rows = [...new Set(group)].filter((member) => member !== null);
      if (rows.length < 2) continue;
      for (const member of rows) if (!this.siblings.has(member)) this.siblings.set(member, rows);
    }
    this.unindexed.length = 0;
    return this.siblings.get(row);
  }

  /** Texts already read (with a page): (instance, text key, the text or null). */
  addTexts(texts: Iterable<readonly [number, string, MirrorText | null]>): void {
    for (const [instancePk, textKey, text] of texts) this.setText(instancePk, textKey, text);
  }

  /** Texts read in one locale with a page: (instance, text key, locale, the text or null). */
  addResolvedTexts(texts: readonly ResolvedText[]): void {
    for (const text of texts) {
      const known = this.resolved.get(text[0]);
      if (known === undefined) this.resolved.set(text[0], text);
      // A tuple starts with its instance (a number), a list with a tuple.
      else if (typeof known[0] === 'number') this.resolved.set(text[0], [known as ResolvedText, text]);
      else (known as ResolvedText[]).push(text);
    }
  }

  /**
   * A text as `pickText` answers it for an asked locale (that locale's, else the default's), when
   * it was read so with a page; `undefined` when it was not.
   */
  resolvedText(locale: string, instancePk: number, textKey: string): string | null | undefined {
    const known = this.resolved.get(instancePk);
    if (known === undefined) return undefined;
    if (typeof known[0] === 'number') {
      const text = known as ResolvedText;
      return text[1] === textKey && text[2] === locale ? text[3] : undefined;
    }
    for (const text of known as ResolvedText[]) if (text[1] === textKey && text[2] === locale) return text[3];
    return undefined;
  }

  private setText(instancePk: number, textKey: string, text: MirrorText | null): void {
    innerMap(this.texts, instancePk).set(textKey, text);
  }

  private cachedText(instancePk: number, textKey: string): MirrorText | null | undefined {
    return this.texts.get(instancePk)?.get(textKey);
  }

  /**
   * The instances read with a page (MirrorLists' `Page.instances`), by index of `rows`. They may
   * hold only some columns, so each answers only its own page row's `instance` field: they are
   * not cached by id for other rows, which may ask for other columns. They are grouped, for
   * texts not read with them.
   */
  attachInstances(rows: readonly object[], instances: readonly (ExternalInstanceRow | null)[]): void {
    rows.forEach((row, index) => {
      const instance = instances[index];
      if (instance) this.ownInstances.set(row, instance);
    });
    this.group(instances);
  }

  /**
   * The text `keyOf(row)` of `row`'s instance; on the first miss, the same text of every sibling
   * is read. `undefined` when `row` was not read with others.
   */
  text<Row extends object>(row: Row, instancePkOf: (row: Row) => number, keyOf: (row: Row) => string | null): MirrorText | null | undefined {
    const textKey = keyOf(row);
    if (textKey === null) return null;
    const instancePk = instancePkOf(row);
    const cached = this.cachedText(instancePk, textKey);
    if (cached !== undefined) return cached;
    const siblings = this.siblingsOf(row) as readonly Row[] | undefined;
    if (!siblings) return undefined;
    const pairs = new Map<string, [number, string]>();
    for (const sibling of siblings) {
      const key = keyOf(sibling);
      if (key === null) continue;
      const pk = instancePkOf(sibling);
      if (this.cachedText(pk, key) === undefined) pairs.set(textCacheKey(pk, key), [pk, key]);
    }
    const found = collectTexts(this.reads.textsByKey([...pairs.values()]));
    for (const [cacheKey, [pk, key]] of pairs) this.setText(pk, key, found.get(cacheKey) ?? null);
    return this.cachedText(instancePk, textKey) ?? null;
  }

  /**
   * The instance `instancePkOf(row)`: the one read with `row`'s page, if any; on the first miss, every sibling's instance is read, and
   * the instances read are grouped in turn. `undefined` when `row` was not read with others.
   */
  instance<Row extends object>(row: Row, instancePkOf: (row: Row) => number): ExternalInstanceRow | null | undefined {
    const own = this.ownInstances.get(row);
    if (own) return own;
    const wanted = instancePkOf(row);
    const cached = this.instances.get(wanted);
    if (cached !== undefined) return cached;
    const siblings = this.siblingsOf(row) as readonly Row[] | undefined;
    if (!siblings) return undefined;
    const missing = new Set<number>();
    for (const sibling of siblings) {
      const pk = instancePkOf(sibling);
      if (!this.instances.has(pk)) missing.add(pk);
    }
    const rows = this.reads.instancesByPk([...missing]);
    for (const pk of missing) this.instances.set(pk, null);
    for (const instance of rows) this.instances.set(instance.id, instance);
    this.group(rows);
    return this.instances.get(wanted) ?? null;
  }
}
