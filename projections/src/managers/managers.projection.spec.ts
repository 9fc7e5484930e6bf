import { documentsOf, project, replayAgain } from '../test-support/project';
import { EventLog } from '../test-support/event-log';
import { M1, M2, sampleHistory } from '../test-support/sample-history';
import { managersProjection } from './managers.projection';

const MANAGERS = 'managers_v1_managers';

describe('manager overview projection', () => {
  const { events } = sampleHistory();

  describe('When the whole sample history is applied', () => {
    it('should show the current details and the members by status', async () => {
      const { store } = await project(managersProjection, events);
      expect(await store.get(MANAGERS, M1)).toMatchObject({
        name: 'Architectes & Co',
        adminAccount: 'admin.architectes',
        currency: 'EUR',
        country: 'FR',
        members: { invited: 0, active: 1, declined: 1, cancelled: 0, removed: 1 },
      });
      expect(await store.get(MANAGERS, M2)).toMatchObject({
        currency: 'GBP',
        members: { active: 1, invited: 0 },
      });
    });
  });

  describe('When a member is removed while still invited', () => {
    it('should move the member out of the invited count', async () => {
      const log = new EventLog();
      log.manager('m-9', {
        type: 'ManagerSetUp',
        data: { managerId: 'm-9', name: 'Nine', adminAccount: 'admin.nine', currency: 'EUR', country: 'FR' },
      });
      log.member('m-9', 'x', {
        type: 'MemberInvited',
        data: {
          memberId: 'x',
          managerId: 'm-9',
          email: 'x@example.com',
          account: null,
          displayName: 'X',
          departmentId: null,
          invitationTokenHash: 'h',
          expiresAt: '2025-04-01T00:00:00.000Z',
        },
      });
      log.member('m-9', 'x', { type: 'MemberRemoved', data: { memberId: 'x' } });
      // Both in one batch and one by one: the count must read the status as it stood before each event.
      for (const batchSize of [1, 10]) {
        const { store } = await project(managersProjection, log.events, { batchSize });
        expect(await store.get(MANAGERS, 'm-9')).toMatchObject({
          members: { invited: 0, active: 0, removed: 1 },
        });
      }
    });
  });

  describe('When the same events are applied twice', () => {
    it('should give the same documents', async () => {
      const projected = await project(managersProjection, events);
      const once = await documentsOf(projected.store, projected.generation);
      await replayAgain(projected, events, 6);
      expect(await documentsOf(projected.store, projected.generation)).toEqual(once);
    });
  });
});
