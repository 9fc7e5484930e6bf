/**
 * The event store's canonical JSON (`canonicalJson`, keys sorted at every depth) of values that came
 * out of `JSON.parse` — plain objects, arrays without holes, strings, finite numbers, booleans, null —
 * written for the verifier's hot loop.
 *
 * Why a second renderer: a verification renders the data and metadata of every event of the log, and
 * the events of one type share a few object shapes. The store's renderer takes each object's keys,
 * checks their order and sorts them (event data is rarely in key order, metadata never is), then looks
 * each quoted key up; here the sorted order and the quoted keys (`,"key":`) are worked out once per
 * shape and found again by comparing the key list, which costs a few pointer comparisons.
 *
 * Nothing depends on this being exact: the verifier uses it to recognise an event whose stored hash
 * matches, and decides every other event with the store's own `computeEventHash` (see ChainCheck).
 * parsed-canonical-json.spec still holds it to `canonicalJson` on arbitrary parsed values.
 */
interface Shape {
  /** The object's own keys, in `Object.keys` order. */
  keys: readonly string[];
  /** The keys rendered, in canonical (UTF-16 code unit) order. */
  sorted: readonly string[];
  /** `"key":` for the first member, `,"key":` for the others, aligned with `sorted`. */
  prefixes: readonly string[];
}

/** Shapes kept per renderer (metadata and event data have a few dozen between them). */
const MAX_SHAPES = 4096;

export class ParsedCanonicalJson {
  private readonly byFirstKey = new Map<string, Shape[]>();
  private shapeCount = 0;

  /** `omitted`: top-level keys left out (as `canonicalJsonOmitting` does), e.g. the chain fields. */
  constructor(private readonly omitted: ReadonlySet<string> = new Set()) {}

  /** The canonical JSON of a parsed top-level object, without the omitted keys. */
  renderTop(object: Record<string, unknown>): string {
    return this.renderObject(object, this.omitted);
  }

  private render(value: unknown): string {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'number':
        return Number.isFinite(value) ? `${value}` : 'null';
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        if (value === null) return 'null';
        return Array.isArray(value) ? this.renderArray(value) : this.renderObject(value as Record<string, unknown>, undefined);
      default:
        // Not produced by JSON.parse; whatever is rendered, the store's renderer decides (see above).
        return 'null';
    }
  }

  private renderArray(items: readonly unknown[]): string {
    let out = '[';
    for (let index = 0; index < items.length; index++) {
      if (index > 0) out += ',';
      out += this.render(items[index]);
    }
    return out + ']';
  }

  private renderObject(object: Record<string, unknown>, omitted: ReadonlySet<string> | undefined): string {
    const keys = Object.keys(object);
    if (keys.length === 0) return '{}';
    const shape = this.shapeOf(keys, omitted);
    const { sorted, prefixes } = shape;
    let out = '{';
    for (let index = 0; index < sorted.length; index++) out += prefixes[index] + this.render(object[sorted[index]]);
    return out + '}';
  }

  /** Top-level and nested objects never share a cache entry: only the top level omits keys. */
  private shapeOf(keys: string[], omitted: ReadonlySet<string> | undefined): Shape {
    const cacheKey = omitted === undefined ? keys[0] : `\u0000${keys[0]}`;
    const candidates = this.byFirstKey.get(cacheKey);
    if (candidates !== undefined) {
      for (const shape of candidates) if (sameKeys(shape.keys, keys)) return shape;
    }
    const sorted = (omitted === undefined ? [...keys] : keys.filter((key) => !omitted.has(key))).sort();
    const shape: Shape = { keys, sorted, prefixes: sorted.map((key, index) => (index === 0 ? '' : ',') + JSON.stringify(key) + ':') };
    if (this.shapeCount < MAX_SHAPES) {
      this.shapeCount += 1;
      if (candidates === undefined) this.byFirstKey.set(cacheKey, [shape]);
      else candidates.push(shape);
    }
    return shape;
  }
}

function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index++) if (a[index] !== b[index]) return false;
  return true;
}
