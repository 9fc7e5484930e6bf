import { Inject, Injectable, Optional } from '@nestjs/common';
import { verifyManager, type ReadModelReplayFactory, type VerifyReport } from '@skype-manager/audit';
import type { EventStore, RecordedEvent } from '@skype-manager/event-store';
import { EVENT_STORE } from '../core/tokens';
import { notFound } from '../http/problem';
import type { LogPageQuery, StreamPageQuery } from './audit-query';
import { AUDIT_READ_MODELS } from './audit.tokens';
import { eventView, type LogPage } from './audit.views';

/** Events scanned at most for one filtered page: a rare type must not make one request read the whole log. */
export const MAX_SCANNED_PER_PAGE = 50_000;
const SCAN_PAGE = 1000;
/** Streams shared between Managers (an account name may pass from one to another): each sees its own events. */
const SHARED_STREAM_PREFIX = 'account-';

/**
 * The auditors' reads of the log and the verification. The log is read directly (not through the
 * read models): it is the record, and an auditor must see it even when a projection is wrong.
 */
@Injectable()
export class AuditService {
  private readonly running = new Map<string, Promise<VerifyReport>>();

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Optional() @Inject(AUDIT_READ_MODELS) private readonly readModels?: ReadModelReplayFactory,
  ) {}

  /**
   * One page of the Manager's log, in log order. With `streamId`/`type` filters, at most
   * MAX_SCANNED_PER_PAGE events are scanned; `next` then lets the client go on from where it stopped.
   */
  async logPage(managerId: string, query: LogPageQuery): Promise<LogPage> {
    const filtered = query.streamId !== undefined || query.type !== undefined;
    const items: LogPage['items'] = [];
    let after = query.after;
    let scanned = 0;
    for (;;) {
      const want = filtered ? SCAN_PAGE : query.limit - items.length;
      const page = await this.store.readAll({ after, limit: want, managerId });
      for (const event of page) {
        after = event.position;
        scanned += 1;
        if (matches(event, query)) items.push(eventView(event));
        if (items.length === query.limit) return { items, next: after };
      }
      if (page.length < want) return { items };
      if (scanned >= MAX_SCANNED_PER_PAGE) return { items, next: after };
    }
  }

  /** One page of a stream of the Manager, by revision. A stream of another Manager is 404, like a missing one. */
  async streamPage(managerId: string, streamId: string, query: StreamPageQuery): Promise<LogPage> {
    const [first] = await this.store.readStream(streamId, { maxCount: 1 });
    const missing = () => notFound('stream-not-found', `No stream ${streamId.slice(0, 200)} in this Manager`);
    if (first === undefined) throw missing();
    let events: RecordedEvent[];
    if (streamId.startsWith(SHARED_STREAM_PREFIX)) {
      // Account-name streams hold a handful of events: read whole, keep this Manager's.
      const mine = (await this.store.readStream(streamId)).filter((event) => event.metadata.managerId === managerId);
      if (mine.length === 0) throw missing();
      events = mine.filter((event) => event.revision > query.after).slice(0, query.limit);
    } else {
      if (first.metadata.managerId !== managerId) throw missing();
      events = await this.store.readStream(streamId, { fromRevision: query.after + 1, maxCount: query.limit });
    }
    const items = events.map(eventView);
    return items.length === query.limit ? { items, next: items[items.length - 1].revision } : { items };
  }

  /**
   * Verifies the Manager's whole log. A second request while one runs for the same Manager gets the
   * same answer instead of starting another full read of the log.
   */
  verify(managerId: string): Promise<VerifyReport> {
    let running = this.running.get(managerId);
    if (running === undefined) {
      running = verifyManager(this.store, managerId, {
        pageSize: 5000,
        readModels: this.readModels,
        // Let other requests in between pages: reading and folding a page is synchronous work.
        betweenPages: () => new Promise((resolve) => setImmediate(resolve)),
      }).finally(() => this.running.delete(managerId));
      this.running.set(managerId, running);
    }
    return running;
  }
}

function matches(event: RecordedEvent, query: LogPageQuery): boolean {
  return (query.streamId === undefined || event.streamId === query.streamId) && (query.type === undefined || event.type === query.type);
}
