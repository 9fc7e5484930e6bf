import fc from 'fast-check';
import { canonicalJson, isCanonicalPlainJson, canonicalJsonOmitting, isPlainJson } from './canonical-json';

/** The original implementation (map/join): the hash chain's bytes must not change. */
function reference(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((item) => reference(item) ?? 'null').join(',')}]`;
      const toJson = (value as { toJSON?: () => unknown }).toJSON;
      if (typeof toJson === 'function') return reference(toJson.call(value)) ?? 'null';
      const members: string[] = [];
      for (const key of Object.keys(value as object).sort()) {
        const rendered = reference((value as Record<string, unknown>)[key]);
        if (rendered !== undefined) members.push(`${JSON.stringify(key)}:${rendered}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      return undefined;
  }
}

describe('canonicalJson', () => {
  it('should sort object keys at every depth and keep array order', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
  });

  it('should render values exactly as JSON.stringify does', () => {
    expect(canonicalJson({ u: undefined, n: null, s: 'é"\n', f: 1.5, neg: -0 })).toBe('{"f":1.5,"n":null,"neg":0,"s":"é\\"\\n"}');
    expect(canonicalJson([undefined, Number.NaN])).toBe('[null,null]');
  });

  it('should give the same text for a value and its stored-then-parsed copy, whatever the key order', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const reparsed: unknown = JSON.parse(JSON.stringify(value));
        expect(canonicalJson(reparsed)).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(reparsed);
      }),
      { numRuns: 300 },
    );
  });

  it('should give exactly the text of the original implementation for any value', () => {
    const anything = fc.anything({
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSparseArray: true,
      withTypedArray: true,
      withSet: true,
      withBigInt: false,
    });
    fc.assert(
      fc.property(anything, (value) => {
        expect(canonicalJson({ v: value })).toBe(reference({ v: value }));
      }),
      { numRuns: 2000 },
    );
    const tricky = [-0, 1e21, 1e-7, Number.NaN, -Infinity, [, 1], ['\u2028', '\ud800'], { 10: 1, 9: 2, b: 3, a: 4 }, new Date(0), { toJSON: () => undefined }];
    for (const value of tricky) expect(canonicalJson([value, { value }])).toBe(reference([value, { value }]));
  });

  it('should render an object without the omitted keys as canonicalJson of the copy does', () => {
    const omitted = new Set(['chainSeq', 'hash']);
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom('chainSeq', 'hash', 'a', 'b', 'toJSON', '1', '__proto__'), fc.jsonValue()), (object) => {
        const copy: Record<string, unknown> = { ...object };
        for (const key of omitted) delete copy[key];
        expect(canonicalJsonOmitting(object, omitted)).toBe(reference(copy));
      }),
    );
    const withToJson = { a: 1, chainSeq: 2, toJSON() { return 'x'; } };
    expect(canonicalJsonOmitting(withToJson, omitted)).toBe(reference({ a: 1, toJSON: withToJson.toJSON }));
  });

  it('should refuse a top-level value without a JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});

describe('isPlainJson', () => {
  it('should accept any value JSON.parse can produce, and the round trip gives it back unchanged', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const parsed: unknown = JSON.parse(JSON.stringify(value));
        expect(isPlainJson(parsed)).toBe(true);
        expect(JSON.parse(JSON.stringify(parsed))).toStrictEqual(parsed);
      }),
    );
  });

  it('should only accept values whose round trip is equal to them', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withMap: true, withNullPrototype: true, withSparseArray: true, withObjectString: true }), (value) => {
        const text = JSON.stringify(value);
        if (isPlainJson(value)) expect(JSON.parse(text)).toStrictEqual(value);
      }),
    );
  });

  it.each([
    ['an undefined member', { a: undefined }],
    ['-0', { a: -0 }],
    ['NaN', { a: Number.NaN }],
    ['a Date', { at: new Date(0) }],
    ['a toJSON', { toJSON: () => 1 }],
    ['a hole', { list: [1, , 3] }],
    ['a class instance', { value: new (class Money {})() }],
    ['a null-prototype object', { value: Object.create(null) as object }],
  ])('should refuse %s', (_, value) => {
    expect(isPlainJson(value)).toBe(false);
  });
});

describe('isCanonicalPlainJson', () => {
  it('should accept only values whose JSON.stringify is their canonical JSON', () => {
    fc.assert(
      fc.property(fc.anything({ withDate: true, withSparseArray: true, withNullPrototype: true }), (value) => {
        if (isCanonicalPlainJson(value)) expect(JSON.stringify(value)).toBe(canonicalJson(value));
      }),
    );
  });

  it('should accept plain JSON built with its keys in canonical order, at every depth', () => {
    expect(isCanonicalPlainJson({ amountMinor: 1, to: { memberId: 'm', type: 'member' }, usageId: 'u' })).toBe(true);
    expect(isCanonicalPlainJson({ usageId: 'u', amountMinor: 1 })).toBe(false);
    expect(isCanonicalPlainJson({ a: { type: 'member', memberId: 'm' } })).toBe(false);
    expect(isCanonicalPlainJson({ 10: 'a', 9: 'b' })).toBe(false); // listed 9, 10; canonical order is "10", "9"
    expect(isCanonicalPlainJson({ a: -0 })).toBe(false);
  });
});
