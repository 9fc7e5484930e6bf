import { documentsOf, project, replayAgain } from '../test-support/project';
import { ANN, BOB, CLEO, DAN, DESIGN, M1, M2, SALES, sampleHistory } from '../test-support/sample-history';
import { membersProjection, type MemberDocument } from './members.projection';

const MEMBERS = 'members_v1_members';

describe('members directory projection', () => {
  const { events } = sampleHistory();

  describe('When the whole sample history is applied', () => {
    it('should show an active member with account, department, balance, features and permissions', async () => {
      const { store } = await project(membersProjection, events);
      const ann = (await store.get(MEMBERS, ANN)) as MemberDocument;
      expect(ann).toMatchObject({
        managerId: M1,
        memberId: ANN,
        displayName: 'Ann',
        email: 'ann@example.com',
        account: 'ann.archi',
        status: 'active',
        departmentId: SALES,
        invitationExpiresAt: null,
        permissions: { destinations: 'domestic', monthlySpendLimitMinor: 8_000 },
      });
      expect(ann.features).toEqual([
        {
          grantId: 'grant-1',
          feature: 'subscription',
          options: { plan: 'europe' },
          chargedMinor: 1_000,
          grantedAt: expect.any(String),
        },
      ]);
    });

    it('should show a removed member with no features', async () => {
      const { store } = await project(membersProjection, events);
      expect(await store.get(MEMBERS, BOB)).toMatchObject({ status: 'removed', features: [] });
    });

    it('should show a declined invitation', async () => {
      const { store } = await project(membersProjection, events);
      expect(await store.get(MEMBERS, CLEO)).toMatchObject({ status: 'declined', departmentId: null });
    });

    it('should keep the renewed expiry of a pending invitation', async () => {
      const pending = events.filter(
        (event) => event.type !== 'InvitationAccepted' || event.data.memberId !== ANN,
      );
      const { store } = await project(membersProjection, pending);
      expect(await store.get(MEMBERS, ANN)).toMatchObject({
        status: 'invited',
        invitationExpiresAt: '2025-04-01T09:00:00.000Z',
      });
    });

    it('should list members by Manager, status and department in invitation order', async () => {
      const { store } = await project(membersProjection, events);
      const ids = (documents: { id: string }[]) => documents.map((document) => document.id);
      const sort = [{ field: 'listOrder', direction: 'asc' as const }];
      expect(ids(await store.find(MEMBERS, { managerId: M1 }, { sort }))).toEqual([ANN, BOB, CLEO]);
      expect(ids(await store.find(MEMBERS, { managerId: M1, status: 'active' }, { sort }))).toEqual([ANN]);
      expect(ids(await store.find(MEMBERS, { managerId: M1, departmentId: DESIGN }, { sort }))).toEqual([]);
      expect(ids(await store.find(MEMBERS, { managerId: M2 }, { sort }))).toEqual([DAN]);
    });
  });

  describe('When the same events are applied twice', () => {
    it('should give the same documents', async () => {
      const projected = await project(membersProjection, events);
      const once = await documentsOf(projected.store, projected.generation);
      await replayAgain(projected, events, 3);
      expect(await documentsOf(projected.store, projected.generation)).toEqual(once);
    });
  });
});
