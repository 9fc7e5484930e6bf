import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

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

  it('should refuse a top-level value without a JSON form', () => {
    expect(() => canonicalJson(undefined)).toThrow(TypeError);
    expect(() => canonicalJson({ big: 1n })).toThrow(TypeError);
  });
});
