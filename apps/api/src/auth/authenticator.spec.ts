import type { CommandService, ManagerView } from '@skype-manager/application';
import { DEFAULT_CONFIG } from '../config/api-config';
import { formatApiKey, randomSecret, sha256Hex } from './api-keys';
import { Authenticator } from './authenticator';

const managerId = '01936f0e-1b2c-7d3e-8f40-123456789abc';
const adminId = '01936f0e-1b2c-7d3e-8f40-cba987654321';
const key = formatApiKey({ kind: 'administrator', managerId, id: adminId }, randomSecret());

/** A command service whose Manager has one owner until `remove()`; each read waits until `answer()` when held. */
function fakeCommands() {
  let present = true;
  let held = false;
  const waiting: Array<() => void> = [];
  const fake = {
    reads: 0,
    remove: () => void (present = false),
    hold: () => void (held = true),
    answer: () => {
      held = false;
      for (const wake of waiting.splice(0)) wake();
    },
    read<T>(_managerId: string, fn: (view: ManagerView) => T): Promise<T> {
      fake.reads += 1;
      // The state is read when the read is queued, as the writer answers reads in order.
      const administrators = present
        ? { [adminId]: { administratorId: adminId, account: 'owner', role: 'owner', departmentId: null, apiKeyHash: sha256Hex(key) } }
        : {};
      const view = { manager: { status: 'active', administrators }, ledger: {} } as unknown as ManagerView;
      const value = fn(view);
      return held ? new Promise<T>((resolve) => waiting.push(() => resolve(value))) : Promise.resolve(value);
    },
  };
  return fake;
}

function authenticatorOver(fake: ReturnType<typeof fakeCommands>): Authenticator {
  return new Authenticator(fake as unknown as CommandService, { ...DEFAULT_CONFIG, authCacheMs: 300_000 });
}

describe('The authenticator', () => {
  it('verifies a key once, then answers from its cache', async () => {
    const fake = fakeCommands();
    const authenticator = authenticatorOver(fake);
    expect(await authenticator.authenticate(key)).toMatchObject({ kind: 'administrator', id: adminId, role: 'owner' });
    expect(await authenticator.authenticate(key)).toMatchObject({ id: adminId });
    expect(fake.reads).toBe(1);
  });

  it('refuses a removed administrator at once, even with a key verified just before', async () => {
    const fake = fakeCommands();
    const authenticator = authenticatorOver(fake);
    expect(await authenticator.authenticate(key)).not.toBeNull();
    fake.remove();
    authenticator.forget(adminId);
    expect(await authenticator.authenticate(key)).toBeNull();
  });

  it('does not cache what a look-up read before a removal that happened while it waited', async () => {
    const fake = fakeCommands();
    const authenticator = authenticatorOver(fake);
    fake.hold();
    const before = authenticator.authenticate(key); // reads the state before the removal
    fake.remove();
    authenticator.forget(adminId);
    fake.answer();
    expect(await before).not.toBeNull();
    expect(await authenticator.authenticate(key)).toBeNull();
    expect(fake.reads).toBe(2);
  });

  it('refuses keys that are not ours without reading anything', async () => {
    const fake = fakeCommands();
    const authenticator = authenticatorOver(fake);
    expect(await authenticator.authenticate('nonsense')).toBeNull();
    expect(await authenticator.authenticate(key.slice(0, -1))).toBeNull();
    expect(fake.reads).toBe(0);
  });
});
