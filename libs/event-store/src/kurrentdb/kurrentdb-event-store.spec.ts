import { describeEventStoreContract } from '../contract/event-store.contract';
import { createKurrentDbEventStore } from './create-kurrentdb-event-store';

// No KurrentDB server can run on the build machines (DESIGN.md §5): the suite runs only against a
// real server, e.g. EVENTSTORE_URL=kurrentdb://localhost:2113?tls=false, and otherwise shows as skipped.
const url = process.env.EVENTSTORE_URL;

const SKIPPED = 'skipped: set EVENTSTORE_URL to run the KurrentDB contract suite';

if (url === undefined || url === '') {
  // Jest does not list the names of tests in a fully skipped file, so say it in the output too.
  console.warn(`KurrentDB contract suite ${SKIPPED}`);
  it.skip(SKIPPED, () => undefined);
} else {
  describeEventStoreContract(`KurrentDB at ${url}`, async () => {
    const store = createKurrentDbEventStore(url, { pollIntervalMs: 200 });
    return { store, cleanup: () => store.close(), reopen: async () => createKurrentDbEventStore(url) };
  });
}
