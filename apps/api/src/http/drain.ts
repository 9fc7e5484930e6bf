import type { FastifyInstance } from 'fastify';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';

/**
 * Graceful shutdown. Node's `server.close()` also closes the connections it deems idle, and on Node 20 a
 * connection whose request body has been read counts as idle even while its command is being decided,
 * so closing the server at once would reset requests in flight. Instead: answer new requests 503
 * (`Connection: close`), wait until the requests in flight are answered, and only then close the server.
 */
export class Drain {
  private inFlight = 0;
  private closing = false;
  private idleWaiters: Array<() => void> = [];

  install(fastify: FastifyInstance): void {
    const unavailable = JSON.stringify(problem(503, 'shutting-down', 'The server is shutting down; retry on another instance'));
    fastify.addHook('onRequest', (request, reply, done) => {
      if (this.closing) {
        void reply
          .status(503)
          .header('connection', 'close')
          .header('retry-after', '1')
          .header('content-type', PROBLEM_CONTENT_TYPE)
          .send(unavailable);
        return;
      }
      this.inFlight += 1;
      reply.raw.once('close', () => this.finished());
      done();
    });
  }

  /** Stops taking requests; resolves when those in flight are answered, or after `timeoutMs`. */
  async stop(timeoutMs: number): Promise<boolean> {
    this.closing = true;
    if (this.inFlight === 0) return true;
    let timer: NodeJS.Timeout | undefined;
    const idle = new Promise<boolean>((resolve) => this.idleWaiters.push(() => resolve(true)));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const drained = await Promise.race([idle, late]);
    clearTimeout(timer);
    return drained;
  }

  private finished(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.closing) {
      for (const wake of this.idleWaiters.splice(0)) wake();
    }
  }
}
