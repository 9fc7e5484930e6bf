import type { AdministratorRole } from '@skype-manager/domain';
import { aManager, cmd, given, nothing, OWNER_ACCOUNT, OWNER_ID, SALES } from '@skype-manager/testing';

describe('Add an administrator', () => {
  describe('When the Manager exists', () => {
    it.each<AdministratorRole>(['owner', 'admin', 'auditor', 'reporter'])('should add a %s', (role) => {
      given(aManager())
        .when(cmd.addAdministrator({ administratorId: 'admin-2', account: 'jane.admin', role }))
        .then({
          manager: [
            {
              type: 'AdministratorAdded',
              data: {
                administratorId: 'admin-2',
                account: 'jane.admin',
                role,
                departmentId: null,
                apiKeyHash: 'key-hash-admin-2',
              },
            },
          ],
        });
    });

    it('should add a department admin scoped to an open department', () => {
      given(aManager().withDepartment(SALES))
        .when(
          cmd.addAdministrator({ administratorId: 'admin-2', role: 'department-admin', departmentId: SALES }),
        )
        .thenState(({ manager }) => {
          expect(manager.status === 'active' && manager.administrators['admin-2']).toMatchObject({
            role: 'department-admin',
            departmentId: SALES,
          });
        });
    });

    it('should refuse a department admin without a department', () => {
      given(aManager())
        .when(
          cmd.addAdministrator({ administratorId: 'admin-2', role: 'department-admin', departmentId: null }),
        )
        .thenInvalid('departmentId');
    });

    it('should refuse a department admin of an unknown department', () => {
      given(aManager())
        .when(
          cmd.addAdministrator({
            administratorId: 'admin-2',
            role: 'department-admin',
            departmentId: 'dep-ghost',
          }),
        )
        .thenNotFound('department-not-found');
    });

    it('should refuse a department admin of a closed department', () => {
      given(aManager().withClosedDepartment(SALES))
        .when(
          cmd.addAdministrator({ administratorId: 'admin-2', role: 'department-admin', departmentId: SALES }),
        )
        .thenNotFound('department-not-found');
    });

    it('should refuse a department for any role other than department admin', () => {
      given(aManager().withDepartment(SALES))
        .when(cmd.addAdministrator({ administratorId: 'admin-2', role: 'admin', departmentId: SALES }))
        .thenInvalid('departmentId');
    });

    it('should refuse an unknown role', () => {
      given(aManager())
        .when(cmd.addAdministrator({ administratorId: 'admin-2', role: 'superuser' as AdministratorRole }))
        .thenInvalid('role');
    });

    it('should refuse a blank account', () => {
      given(aManager())
        .when(cmd.addAdministrator({ administratorId: 'admin-2', account: ' ' }))
        .thenInvalid('account');
    });

    it('should refuse an account that is already an administrator, whatever its case', () => {
      given(aManager())
        .when(cmd.addAdministrator({ administratorId: 'admin-2', account: OWNER_ACCOUNT.toUpperCase() }))
        .thenRefused('administrator-already-exists');
    });

    it('should refuse an account that is already an administrator, with spaces around it', () => {
      given(aManager())
        .when(cmd.addAdministrator({ administratorId: 'admin-2', account: ` ${OWNER_ACCOUNT} ` }))
        .thenRefused('administrator-already-exists');
    });

    it('should accept the account of a removed administrator again', () => {
      given(aManager().withAdministrator('admin-2', 'admin').with(cmd.removeAdministrator('admin-2')))
        .when(cmd.addAdministrator({ administratorId: 'admin-3', account: 'account.admin-2' }))
        .then({
          manager: [
            {
              type: 'AdministratorAdded',
              data: {
                administratorId: 'admin-3',
                account: 'account.admin-2',
                role: 'admin',
                departmentId: null,
                apiKeyHash: 'key-hash-admin-3',
              },
            },
          ],
        });
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing())
        .when(cmd.addAdministrator({ administratorId: 'admin-2' }))
        .thenNotFound('manager-not-found');
    });
  });
});

describe('Remove an administrator', () => {
  describe('When the Manager has an owner and an admin', () => {
    const situation = () => aManager().withAdministrator('admin-2', 'admin');

    it('should remove the admin', () => {
      given(situation())
        .when(cmd.removeAdministrator('admin-2'))
        .then({ manager: [{ type: 'AdministratorRemoved', data: { administratorId: 'admin-2' } }] });
    });

    it('should refuse to remove the last owner', () => {
      given(situation()).when(cmd.removeAdministrator(OWNER_ID)).thenRefused('last-owner');
    });

    it('should answer not found for an unknown administrator', () => {
      given(situation()).when(cmd.removeAdministrator('admin-ghost')).thenNotFound('administrator-not-found');
    });

    it('should answer not found for an administrator already removed', () => {
      given(situation().with(cmd.removeAdministrator('admin-2')))
        .when(cmd.removeAdministrator('admin-2'))
        .thenNotFound('administrator-not-found');
    });
  });

  describe('When the Manager has two owners', () => {
    it('should remove one of them, then refuse to remove the other', () => {
      const twoOwners = aManager().withAdministrator('owner-2', 'owner');
      given(twoOwners.clone())
        .when(cmd.removeAdministrator(OWNER_ID))
        .then({ manager: [{ type: 'AdministratorRemoved', data: { administratorId: OWNER_ID } }] });
      given(twoOwners.with(cmd.removeAdministrator(OWNER_ID)))
        .when(cmd.removeAdministrator('owner-2'))
        .thenRefused('last-owner');
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing()).when(cmd.removeAdministrator(OWNER_ID)).thenNotFound('manager-not-found');
    });
  });
});
