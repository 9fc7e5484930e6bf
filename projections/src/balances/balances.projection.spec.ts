import { documentsOf, project, replayAgain } from '../test-support/project';
import { ANN, BOB, CLEO, DAN, DESIGN, M1, M2, SALES, sampleHistory } from '../test-support/sample-history';
import { accountDocumentId, balancesProjection, type AccountDocument } from './balances.projection';

const account = async (projected: Awaited<ReturnType<typeof project>>, id: string) =>
  (await projected.store.get('balances_v1_accounts', id)) as AccountDocument | undefined;

describe('balances projection', () => {
  const { events } = sampleHistory();

  describe('When the whole sample history is applied', () => {
    it('should hold what every account of Architectes has left', async () => {
      const projected = await project(balancesProjection, events);
      expect((await account(projected, `${M1}:company`))?.availableMinor).toBe(68_280);
      expect(
        (await account(projected, accountDocumentId(M1, { type: 'department', departmentId: DESIGN })))
          ?.availableMinor,
      ).toBe(15_000);
      expect(
        (await account(projected, accountDocumentId(M1, { type: 'department', departmentId: SALES })))
          ?.availableMinor,
      ).toBe(0);
      expect(
        (await account(projected, accountDocumentId(M1, { type: 'member', memberId: ANN })))?.availableMinor,
      ).toBe(14_440);
    });

    it('should close the accounts of members who left, with nothing left on them', async () => {
      const projected = await project(balancesProjection, events);
      const bob = await account(projected, accountDocumentId(M1, { type: 'member', memberId: BOB }));
      const cleo = await account(projected, accountDocumentId(M1, { type: 'member', memberId: CLEO }));
      expect(bob).toMatchObject({ open: false, availableMinor: 0 });
      expect(cleo).toMatchObject({ open: false, availableMinor: 0 });
    });

    it('should keep each Manager apart, with its own currency', async () => {
      const projected = await project(balancesProjection, events);
      expect(await projected.store.get('balances_v1_ledgers', M2)).toMatchObject({ currency: 'GBP' });
      expect((await account(projected, `${M2}:company`))?.availableMinor).toBe(3_000);
      expect(
        (await account(projected, accountDocumentId(M2, { type: 'member', memberId: DAN })))?.availableMinor,
      ).toBe(3_001);
      expect(await projected.store.count('balances_v1_accounts', { managerId: M1 })).toBe(6);
    });

    it('should conserve money: purchased = Σ accounts + Σ charges', async () => {
      const projected = await project(balancesProjection, events);
      const accounts = (await projected.store.find('balances_v1_accounts', {
        managerId: M1,
      })) as AccountDocument[];
      const held = accounts.reduce((sum, document) => sum + document.availableMinor, 0);
      const charged = 1_000 + 600 + 250 + 10 + 120 + 300;
      expect(held + charged).toBe(100_000);
    });
  });

  describe('When the same events are applied twice', () => {
    it('should give the same documents', async () => {
      const projected = await project(balancesProjection, events);
      const once = await documentsOf(projected.store, projected.generation);
      await replayAgain(projected, events);
      expect(await documentsOf(projected.store, projected.generation)).toEqual(once);
    });

    it('should give the same documents whatever the batch boundaries', async () => {
      const oneByOne = await project(balancesProjection, events, { batchSize: 1 });
      const allAtOnce = await project(balancesProjection, events, { batchSize: 1000 });
      expect(await documentsOf(allAtOnce.store, allAtOnce.generation)).toEqual(
        await documentsOf(oneByOne.store, oneByOne.generation),
      );
    });
  });
});
