/**
 * Canonical JSON: `JSON.stringify` with object keys sorted by UTF-16 code unit order, at every depth.
 *
 * Why not plain `JSON.stringify`: key order depends on how the object was built, and an event read
 * back from the database is a different object than the one appended. The hash chain must see the
 * same bytes either way. Values are rendered exactly as `JSON.stringify` renders them (so a value
 * survives stringify → parse → canonicalJson unchanged): `undefined` members are dropped, non-finite
 * numbers become `null`, `-0` becomes `0`.
 *
 * Speed (it runs once per event on every append and every verification): the text is built by string
 * concatenation (no intermediate arrays), and each object shape's sorted keys and their quoted text
 * are worked out once (see Shape). canonical-json.spec holds the output
 * to the original map/join implementation on arbitrary values.
 */
export function canonicalJson(value: unknown): string {
  const rendered = render(value);
  if (rendered === undefined) {
    throw new TypeError('canonicalJson: the top-level value is not representable in JSON');
  }
  return rendered;
}

/**
 * `canonicalJson` of a copy of `object` without the `omitted` keys (`{...object}` minus them), without
 * building the copy.
 */
export function canonicalJsonOmitting(object: object, omitted: ReadonlySet<string>): string {
  // The copy is a plain object: the same as rendering the original's members, unless a toJSON
  // (own, inherited, or the copy's own prototype's) or another prototype is involved. Rare: that case
  // takes the literal route.
  if (Object.getPrototypeOf(object) !== Object.prototype || typeof (object as { toJSON?: unknown }).toJSON === 'function') {
    const copy: Record<string, unknown> = { ...(object as Record<string, unknown>) };
    for (const key of omitted) delete copy[key];
    return canonicalJson(copy);
  }
  return renderMembers(object as Record<string, unknown>, Object.keys(object), omitted);
}

function render(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      // What JSON.stringify gives: Number::toString for finite numbers (-0 → "0"), else null.
      return Number.isFinite(value) ? `${value}` : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'object':
      if (value === null) return 'null';
      return Array.isArray(value) ? renderArray(value) : renderObject(value as Record<string, unknown>);
    case 'bigint':
      throw new TypeError('canonicalJson: bigint is not JSON');
    default:
      // undefined, functions and symbols have no JSON form: dropped, like JSON.stringify does.
      return undefined;
  }
}

function renderArray(items: readonly unknown[]): string {
  const length = items.length;
  let out = '[';
  for (let index = 0; index < length; index++) {
    if (index > 0) out += ',';
    const item = items[index];
    // A hole renders as nothing (as `map(…).join(',')` did); a member without a JSON form as null,
    // as JSON.stringify does inside arrays.
    if (item === undefined && !(index in items)) continue;
    const rendered = render(item);
    out += rendered === undefined ? 'null' : rendered;
  }
  return out + ']';
}

function renderObject(object: Record<string, unknown>): string {
  const toJson = (object as { toJSON?: () => unknown }).toJSON;
  if (typeof toJson === 'function') {
    return render(toJson.call(object)) ?? 'null';
  }
  return renderMembers(object, Object.keys(object), undefined);
}

function renderMembers(object: Record<string, unknown>, keys: string[], omitted: ReadonlySet<string> | undefined): string {
  const { sorted, prefixes } = shapeOf(keys, omitted);
  let out = '{';
  let first = true;
  for (let index = 0; index < sorted.length; index++) {
    const rendered = render(object[sorted[index]]);
    if (rendered === undefined) continue;
    // prefixes[index] is `,"key":`; the first member written drops the comma.
    out += first ? prefixes[index].slice(1) : prefixes[index];
    out += rendered;
    first = false;
  }
  return out + '}';
}

/**
 * An object shape: its own keys in `Object.keys` order, those kept sorted in canonical (UTF-16 code
 * unit) order, and each kept key's `,"key":` text.
 *
 * Why: every append and every verification renders the data and metadata of each event, and the
 * events of one type share a few shapes. Sorting each object's keys and quoting each key cost more
 * than finding the shape again, which compares the key list (internalised strings: pointer compares).
 */
interface Shape {
  keys: readonly string[];
  sorted: readonly string[];
  prefixes: readonly string[];
}

/** Shapes remembered per set of omitted keys, found by their first key; bounded. */
const SHAPES = new Map<ReadonlySet<string> | undefined, Map<string, Shape[]>>();
const MAX_SHAPES = 4096;
let shapeCount = 0;

function shapeOf(keys: string[], omitted: ReadonlySet<string> | undefined): Shape {
  if (keys.length === 0) return EMPTY_SHAPE;
  let byFirstKey = SHAPES.get(omitted);
  const candidates = byFirstKey?.get(keys[0]);
  if (candidates !== undefined) {
    for (const shape of candidates) if (sameKeys(shape.keys, keys)) return shape;
  }
  const kept = omitted === undefined ? [...keys] : keys.filter((key) => !omitted.has(key));
  const sorted = isSorted(kept) ? kept : kept.sort();
  const shape: Shape = { keys, sorted, prefixes: sorted.map((key) => ',' + quotedKey(key) + ':') };
  if (shapeCount < MAX_SHAPES && keys.every((key) => key.length <= MAX_CACHED_KEY_LENGTH)) {
    shapeCount += 1;
    if (byFirstKey === undefined) SHAPES.set(omitted, (byFirstKey = new Map()));
    if (candidates === undefined) byFirstKey.set(keys[0], [shape]);
    else candidates.push(shape);
  }
  return shape;
}

const EMPTY_SHAPE: Shape = { keys: [], sorted: [], prefixes: [] };

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}

/** Same order as `Array.prototype.sort()` on strings: UTF-16 code units. */
function isSorted(keys: readonly string[]): boolean {
  for (let index = 1; index < keys.length; index++) {
    if (keys[index - 1] > keys[index]) return false;
  }
  return true;
}

/** Event data repeats a few hundred key names: their quoted form is kept (bounded). */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 10_000;
const MAX_CACHED_KEY_LENGTH = 64;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS && key.length <= MAX_CACHED_KEY_LENGTH) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/**
 * True when `JSON.parse(JSON.stringify(value))` would give a value equal to `value` member for member:
 * only strings, booleans, null, finite numbers other than -0, arrays without holes and plain objects
 * (prototype Object.prototype, no toJSON) of those. Cheaper than the round trip it saves.
 */
export function isPlainJson(value: unknown): boolean {
  return plainJson(value, 0, false);
}

/**
 * True when `value` is plain JSON (see isPlainJson) whose objects all list their keys in canonical
 * order: then `JSON.stringify(value)` is its canonical JSON, and rendering it again can be skipped.
 */
export function isCanonicalPlainJson(value: unknown): boolean {
  return plainJson(value, 0, true);
}

function plainJson(value: unknown, depth: number, sortedKeys: boolean): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value) && !Object.is(value, -0);
    case 'object': {
      if (value === null) return true;
      if (depth > MAX_PLAIN_DEPTH) return false;
      if (Array.isArray(value)) {
        if (Object.getPrototypeOf(value) !== Array.prototype) return false;
        for (let index = 0; index < value.length; index++) {
          if (!(index in value) || !plainJson(value[index], depth + 1, sortedKeys)) return false;
        }
        return true;
      }
      if (Object.getPrototypeOf(value) !== Object.prototype || 'toJSON' in value) return false;
      // for-in lists own keys in JSON.stringify's order (integer-like keys first, then insertion).
      let previous: string | undefined;
      for (const key in value) {
        if (!Object.hasOwn(value, key)) return false;
        if (sortedKeys && previous !== undefined && previous > key) return false;
        previous = key;
        if (!plainJson((value as Record<string, unknown>)[key], depth + 1, sortedKeys)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** Deeper than this, the round trip is taken rather than the walk (it is bounded by the data limit anyway). */
const MAX_PLAIN_DEPTH = 64;
