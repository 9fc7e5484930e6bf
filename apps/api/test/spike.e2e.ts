import { startApi, type Harness } from './support/harness';

let h: Harness;
beforeAll(async () => {
  h = await startApi();
});
afterAll(() => h?.close());

test('spike', async () => {
  const r = await h.call('POST', '/v1/managers', { body: { name: 'Architectes', adminAccount: 'admin.architectes', currency: 'EUR', country: 'FR' } });
  console.log(r.status, r.body, r.headers.get('x-request-id'));
  const key = r.body.apiKey;
  const m = r.body.managerId;
  for (const [method, path, opts] of [
    ['GET', `/v1/managers/${m}/catalogue`, { key }],
    ['GET', `/v1/managers/${m}/catalogue?minPosition=abc`, { key }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, body: { prices: { voicemail: 300, foo: 1 } } }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, body: { prices: { voicemail: 300.5 } } }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, body: { prices: { voicemail: 300 } } }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, raw: '{"prices": ' }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, raw: 'prices=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, raw: 'hello', headers: { 'content-type': 'text/plain' } }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, raw: JSON.stringify({ prices: { voicemail: 1 }, pad: 'x'.repeat(2_000_000) }) }],
    ['PUT', `/v1/managers/${m}/catalogue`, { key, raw: '' }],
    ['PATCH', `/v1/managers/${m}`, { key, body: {} }],
    ['GET', `/nope`, {}],
    ['GET', `/v1/managers/${m}/catalogue`, {}],
    ['GET', `/v1/managers/${m}/catalogue`, { key: key + 'x' }],
    ['GET', `/health/ready`, {}],
    ['GET', `/docs-json`, {}],
    ['GET', `/metrics`, {}],
  ] as const) {
    const a = await h.call(method, path, opts as never);
    console.log(method, path, a.status, a.headers.get('content-type'), a.text.slice(0, 300));
  }
});
