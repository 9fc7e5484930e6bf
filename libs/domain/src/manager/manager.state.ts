import type { AdministratorRole, ManagerEvent } from './manager.events';

export interface Administrator {
  administratorId: string;
  account: string;
  role: AdministratorRole;
  departmentId: string | null;
  apiKeyHash: string;
}

export interface Department {
  departmentId: string;
  name: string;
  open: boolean;
}

export type ManagerState =
  | { status: 'none' }
  | {
      status: 'active';
      managerId: string;
      name: string;
      adminAccount: string;
      currency: string;
      country: string;
      administrators: Record<string, Administrator>;
      departments: Record<string, Department>;
    };

export type ActiveManager = Extract<ManagerState, { status: 'active' }>;

export const initialManagerState = (): ManagerState => ({ status: 'none' });

/** Folds one event into the state. Updates in place for speed: the state is owned by one writer. */
export function evolveManager(state: ManagerState, event: ManagerEvent): ManagerState {
  if (event.type === 'ManagerSetUp') {
    return { status: 'active', ...event.data, administrators: {}, departments: {} };
  }
  if (state.status !== 'active') return state;
  switch (event.type) {
    case 'ManagerDetailsUpdated':
      if (event.data.name !== undefined) state.name = event.data.name;
      if (event.data.adminAccount !== undefined) state.adminAccount = event.data.adminAccount;
      return state;
    case 'AdministratorAdded':
      state.administrators[event.data.administratorId] = { ...event.data };
      return state;
    case 'AdministratorRemoved':
      delete state.administrators[event.data.administratorId];
      return state;
    case 'DepartmentCreated':
      state.departments[event.data.departmentId] = { ...event.data, open: true };
      return state;
    case 'DepartmentRenamed':
      state.departments[event.data.departmentId].name = event.data.name;
      return state;
    case 'DepartmentClosed':
      state.departments[event.data.departmentId].open = false;
      return state;
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
