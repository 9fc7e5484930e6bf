import { aManager, cmd, given, MANAGER_ID, nothing, OWNER_ACCOUNT, OWNER_ID } from '@skype-manager/testing';

describe('Set up a Manager', () => {
  describe('When no Manager exists yet', () => {
    it('should set up the Manager, its first owner and its ledger in the chosen currency and country', () => {
      given(nothing())
        .when(cmd.setUpManager({ currency: 'EUR', country: 'FR' }))
        .then({
          manager: [
            {
              type: 'ManagerSetUp',
              data: {
                managerId: MANAGER_ID,
                name: 'Architectes',
                adminAccount: OWNER_ACCOUNT,
                currency: 'EUR',
                country: 'FR',
              },
            },
            {
              type: 'AdministratorAdded',
              data: {
                administratorId: OWNER_ID,
                account: OWNER_ACCOUNT,
                role: 'owner',
                departmentId: null,
                apiKeyHash: `key-hash-${OWNER_ID}`,
              },
            },
          ],
          ledger: [{ type: 'LedgerOpened', data: { managerId: MANAGER_ID, currency: 'EUR', country: 'FR' } }],
        });
    });

    it.each(['eur', 'EURO', 'ABC', '', 'E1R'])(
      'should refuse %p as a currency (not ISO 4217)',
      (currency) => {
        given(nothing()).when(cmd.setUpManager({ currency })).thenInvalid('currency');
      },
    );

    it.each(['fr', 'FRA', 'XX', 'ZZ', ''])(
      'should refuse %p as a country (not ISO 3166 alpha-2)',
      (country) => {
        given(nothing()).when(cmd.setUpManager({ country })).thenInvalid('country');
      },
    );

    it('should refuse a blank name', () => {
      given(nothing())
        .when(cmd.setUpManager({ name: '   ' }))
        .thenInvalid('name');
    });

    it('should refuse a name longer than 200 characters', () => {
      given(nothing())
        .when(cmd.setUpManager({ name: 'x'.repeat(201) }))
        .thenInvalid('name');
    });

    it('should refuse a blank administrator account', () => {
      given(nothing())
        .when(cmd.setUpManager({ adminAccount: '' }))
        .thenInvalid('adminAccount');
    });
  });

  describe('When the Manager already exists', () => {
    it('should refuse to set it up again', () => {
      given(aManager())
        .when(cmd.setUpManager({ name: 'Other' }))
        .thenRefused('manager-already-exists');
    });
  });
});

describe('Update the Manager details', () => {
  describe('When the Manager exists', () => {
    it('should update only the name when only the name is given', () => {
      given(aManager())
        .when(cmd.updateManagerDetails({ name: 'Architectes Associés' }))
        .then({ manager: [{ type: 'ManagerDetailsUpdated', data: { name: 'Architectes Associés' } }] });
    });

    it('should update the name and the administrator account together', () => {
      given(aManager())
        .when(cmd.updateManagerDetails({ name: 'AA', adminAccount: 'admin.aa' }))
        .thenState(({ manager }) => {
          expect(manager).toMatchObject({
            name: 'AA',
            adminAccount: 'admin.aa',
            currency: 'EUR',
            country: 'FR',
          });
        });
    });

    it('should refuse a command that changes nothing', () => {
      given(aManager()).when(cmd.updateManagerDetails({})).thenInvalid('name');
    });

    it('should refuse a blank account', () => {
      given(aManager())
        .when(cmd.updateManagerDetails({ adminAccount: ' ' }))
        .thenInvalid('adminAccount');
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing())
        .when(cmd.updateManagerDetails({ name: 'Ghost' }))
        .thenNotFound('manager-not-found');
    });
  });
});
