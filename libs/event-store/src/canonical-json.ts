/**
 * Canonical JSON: `JSON.stringify` with object keys sorted by UTF-16 code unit order, at every depth.
 *
 * Why not plain `JSON.stringify`: key order depends on how the object was built, and an event read
 * back from the database is a different object than the one appended. The hash chain must see the
 * same bytes either way. Values are rendered exactly as `JSON.stringify` renders them (so a value
 * survives stringify → parse → canonicalJson unchanged): `undefined` members are dropped, non-finite
 * numbers become `null`, `-0` becomes `0`.
 */
export function canonicalJson(value: unknown): string {
  const rendered = render(value);
  if (rendered === undefined) {
    throw new TypeError('canonicalJson: the top-level value is not representable in JSON');
  }
  return rendered;
}

function render(value: unknown): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'number':
    case 'boolean':
      return JSON.stringify(value);
    case 'object':
      return Array.isArray(value) ? renderArray(value) : renderObject(value as Record<string, unknown>);
    case 'bigint':
      throw new TypeError('canonicalJson: bigint is not JSON');
    default:
      // undefined, functions and symbols have no JSON form: dropped, like JSON.stringify does.
      return undefined;
  }
}

function renderArray(items: readonly unknown[]): string {
  // JSON.stringify renders a member without a JSON form as null inside arrays.
  return `[${items.map((item) => render(item) ?? 'null').join(',')}]`;
}

function renderObject(object: Record<string, unknown>): string {
  const toJson = (object as { toJSON?: () => unknown }).toJSON;
  if (typeof toJson === 'function') {
    return render(toJson.call(object)) ?? 'null';
  }
  const members: string[] = [];
  for (const key of Object.keys(object).sort()) {
    const rendered = render(object[key]);
    if (rendered !== undefined) members.push(`${JSON.stringify(key)}:${rendered}`);
  }
  return `{${members.join(',')}}`;
}
