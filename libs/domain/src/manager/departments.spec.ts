import { aManager, ALICE, cmd, given, nothing, SALES, SUPPORT } from '@skype-manager/testing';

describe('Create a department', () => {
  describe('When the Manager exists', () => {
    it('should create the department and open its budget', () => {
      given(aManager())
        .when(cmd.createDepartment(SALES, 'Sales'))
        .then({
          manager: [{ type: 'DepartmentCreated', data: { departmentId: SALES, name: 'Sales' } }],
          ledger: [{ type: 'DepartmentBudgetOpened', data: { departmentId: SALES } }],
        });
    });

    it('should refuse an id already used, even by a closed department', () => {
      given(aManager().withClosedDepartment(SALES, 'Old sales'))
        .when(cmd.createDepartment(SALES, 'Sales'))
        .thenRefused('department-already-exists');
    });

    it('should refuse a name an open department has, whatever its case and spacing', () => {
      given(aManager().withDepartment(SALES, 'Sales'))
        .when(cmd.createDepartment(SUPPORT, '  SALES '))
        .thenRefused('department-name-taken');
    });

    it('should refuse a name that differs from a taken one only by spaces around it', () => {
      given(aManager().withDepartment(SALES, 'Sales '))
        .when(cmd.createDepartment(SUPPORT, 'Sales'))
        .thenRefused('department-name-taken');
    });

    it('should reuse the name of a closed department', () => {
      given(aManager().withClosedDepartment(SALES, 'Sales'))
        .when(cmd.createDepartment(SUPPORT, 'Sales'))
        .then({
          manager: [{ type: 'DepartmentCreated', data: { departmentId: SUPPORT, name: 'Sales' } }],
          ledger: [{ type: 'DepartmentBudgetOpened', data: { departmentId: SUPPORT } }],
        });
    });

    it('should refuse a blank name', () => {
      given(aManager()).when(cmd.createDepartment(SALES, '')).thenInvalid('name');
    });
  });

  describe('When there is no such Manager', () => {
    it('should answer not found', () => {
      given(nothing()).when(cmd.createDepartment(SALES, 'Sales')).thenNotFound('manager-not-found');
    });
  });
});

describe('Rename a department', () => {
  describe('When the department is open', () => {
    const situation = () => aManager().withDepartment(SALES, 'Sales').withDepartment(SUPPORT, 'Support');

    it('should rename it', () => {
      given(situation())
        .when(cmd.renameDepartment(SALES, 'Sales & Marketing'))
        .then({
          manager: [{ type: 'DepartmentRenamed', data: { departmentId: SALES, name: 'Sales & Marketing' } }],
        });
    });

    it('should let it change the case of its own name', () => {
      given(situation())
        .when(cmd.renameDepartment(SALES, 'SALES'))
        .then({ manager: [{ type: 'DepartmentRenamed', data: { departmentId: SALES, name: 'SALES' } }] });
    });

    it("should refuse another open department's name", () => {
      given(situation()).when(cmd.renameDepartment(SALES, 'support')).thenRefused('department-name-taken');
    });

    it('should refuse a blank name', () => {
      given(situation()).when(cmd.renameDepartment(SALES, ' ')).thenInvalid('name');
    });
  });

  describe('When the department is closed or unknown', () => {
    it('should answer not found for a closed department', () => {
      given(aManager().withClosedDepartment(SALES))
        .when(cmd.renameDepartment(SALES, 'X'))
        .thenNotFound('department-not-found');
    });

    it('should answer not found for an unknown department', () => {
      given(aManager()).when(cmd.renameDepartment('dep-ghost', 'X')).thenNotFound('department-not-found');
    });
  });
});

describe('Close a department', () => {
  describe('When the department is empty', () => {
    it('should close it and its budget', () => {
      given(aManager().withDepartment(SALES))
        .when(cmd.closeDepartment(SALES))
        .then({
          manager: [{ type: 'DepartmentClosed', data: { departmentId: SALES } }],
          ledger: [{ type: 'DepartmentBudgetClosed', data: { departmentId: SALES } }],
        });
    });

    it('should close it once its members have left', () => {
      given(aManager().withDepartment(SALES).withRemovedMember(ALICE, { departmentId: SALES }))
        .when(cmd.closeDepartment(SALES))
        .then({
          manager: [{ type: 'DepartmentClosed', data: { departmentId: SALES } }],
          ledger: [{ type: 'DepartmentBudgetClosed', data: { departmentId: SALES } }],
        });
    });
  });

  describe('When the department still holds something', () => {
    it('should refuse while it has a budget', () => {
      given(aManager().withDepartment(SALES).withDepartmentBudget(SALES, 700))
        .when(cmd.closeDepartment(SALES))
        .thenRefused('department-has-budget', { budgetMinor: 700 });
    });

    it('should refuse while it has an active member', () => {
      given(aManager().withDepartment(SALES).withActiveMember(ALICE, { departmentId: SALES }))
        .when(cmd.closeDepartment(SALES))
        .thenRefused('department-has-members', { members: 1 });
    });

    it('should refuse while it has a pending invitation', () => {
      given(aManager().withDepartment(SALES).withInvitedMember(ALICE, { departmentId: SALES }))
        .when(cmd.closeDepartment(SALES))
        .thenRefused('department-has-members', { members: 1 });
    });

    it('should refuse while it has a department administrator', () => {
      given(aManager().withDepartment(SALES).withAdministrator('admin-sales', 'department-admin', SALES))
        .when(cmd.closeDepartment(SALES))
        .thenRefused('department-has-administrators', { administrators: ['admin-sales'] });
    });
  });

  describe('When the department is closed or unknown', () => {
    it('should answer not found for a department already closed', () => {
      given(aManager().withClosedDepartment(SALES))
        .when(cmd.closeDepartment(SALES))
        .thenNotFound('department-not-found');
    });

    it('should answer not found for an unknown department', () => {
      given(aManager()).when(cmd.closeDepartment('dep-ghost')).thenNotFound('department-not-found');
    });
  });
});
