/** A small JSON client for the demo: every call must succeed (or be the refusal the demo expects). */
export class DemoClient {
  lastPosition = 0;

  constructor(readonly url: string) {}

  async call<T = Record<string, unknown>>(method: string, path: string, options: { key?: string; body?: unknown } = {}): Promise<T> {
    const headers: Record<string, string> = {};
    if (options.key) headers.authorization = `Bearer ${options.key}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.url}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(10_000),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}: ${text.slice(0, 500)}`);
    const body = JSON.parse(text) as T & { position?: number };
    if (typeof body.position === 'number' && method !== 'GET') this.lastPosition = Math.max(this.lastPosition, body.position);
    return body;
  }

  /** A query that waits until the read models reflect every command the demo sent. */
  read<T = Record<string, unknown>>(path: string, key: string): Promise<T> {
    return this.call<T>('GET', `${path}${path.includes('?') ? '&' : '?'}minPosition=${this.lastPosition}`, { key });
  }
}
