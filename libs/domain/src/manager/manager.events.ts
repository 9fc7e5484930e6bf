/** Events of the `manager-{managerId}` stream: set-up, administrators, departments. */
export type AdministratorRole = 'owner' | 'admin' | 'department-admin' | 'auditor' | 'reporter';
export const ADMINISTRATOR_ROLES: readonly AdministratorRole[] = [
  'owner',
  'admin',
  'department-admin',
  'auditor',
  'reporter',
];

export type ManagerSetUp = {
  type: 'ManagerSetUp';
  data: { managerId: string; name: string; adminAccount: string; currency: string; country: string };
};
export type ManagerDetailsUpdated = {
  type: 'ManagerDetailsUpdated';
  data: { name?: string; adminAccount?: string };
};
export type AdministratorAdded = {
  type: 'AdministratorAdded';
  data: {
    administratorId: string;
    account: string;
    role: AdministratorRole;
    departmentId: string | null;
    /** hex SHA-256 of the API key; the key itself is shown once and never stored. */
    apiKeyHash: string;
  };
};
export type AdministratorRemoved = { type: 'AdministratorRemoved'; data: { administratorId: string } };
export type DepartmentCreated = { type: 'DepartmentCreated'; data: { departmentId: string; name: string } };
export type DepartmentRenamed = { type: 'DepartmentRenamed'; data: { departmentId: string; name: string } };
export type DepartmentClosed = { type: 'DepartmentClosed'; data: { departmentId: string } };

export type ManagerEvent =
  | ManagerSetUp
  | ManagerDetailsUpdated
  | AdministratorAdded
  | AdministratorRemoved
  | DepartmentCreated
  | DepartmentRenamed
  | DepartmentClosed;
