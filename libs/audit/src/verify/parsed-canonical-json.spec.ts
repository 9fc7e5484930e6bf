import fc from 'fast-check';
import { canonicalJson } from '@skype-manager/event-store';
import { ParsedCanonicalJson } from './parsed-canonical-json';

/** What the verifier renders: values as they come back from the database's JSON text. */
const parsedObject = fc
  .dictionary(fc.string(), fc.jsonValue(), { maxKeys: 12 })
  .map((object) => JSON.parse(JSON.stringify(object)) as Record<string, unknown>);

describe('ParsedCanonicalJson', () => {
  it('should render parsed JSON exactly as the event store’s canonicalJson does', () => {
    const renderer = new ParsedCanonicalJson();
    fc.assert(
      fc.property(parsedObject, (object) => {
        expect(renderer.renderTop(object)).toBe(canonicalJson(object));
      }),
      { numRuns: 500 },
    );
  });

  it('should leave out the omitted top-level keys only, as canonicalJson of a copy without them', () => {
    const omitted = new Set(['chainSeq', 'prevHash', 'hash']);
    const renderer = new ParsedCanonicalJson(omitted);
    const withChainFields = fc.tuple(parsedObject, fc.jsonValue(), fc.jsonValue()).map(([object, inner, hash]) =>
      JSON.parse(JSON.stringify({ ...object, chainSeq: 3, nested: { hash: inner, chainSeq: 1 }, hash })) as Record<string, unknown>,
    );
    fc.assert(
      fc.property(withChainFields, (object) => {
        const copy = { ...object };
        for (const key of omitted) delete copy[key];
        expect(renderer.renderTop(object)).toBe(canonicalJson(copy));
      }),
      { numRuns: 300 },
    );
  });

  it('should tell apart objects whose keys are the same but in another order, or one more', () => {
    const renderer = new ParsedCanonicalJson();
    expect(renderer.renderTop({ b: 1, a: 2 })).toBe('{"a":2,"b":1}');
    expect(renderer.renderTop({ b: 1, a: 2, c: [{ z: null, y: 'é"' }] })).toBe('{"a":2,"b":1,"c":[{"y":"é\\"","z":null}]}');
    expect(renderer.renderTop({ b: 3 })).toBe('{"b":3}');
    expect(renderer.renderTop({ a: 2, b: 1 })).toBe('{"a":2,"b":1}');
    expect(renderer.renderTop(JSON.parse('{"__proto__":{"x":1},"2":true,"10":false}') as Record<string, unknown>)).toBe(
      '{"10":false,"2":true,"__proto__":{"x":1}}',
    );
  });
});
