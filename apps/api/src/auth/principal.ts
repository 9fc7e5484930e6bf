import type { AdministratorRole } from '@skype-manager/domain';

/** Who is calling: an administrator of a Manager (with a role), or a member of it. */
export type Principal =
  | { kind: 'administrator'; managerId: string; id: string; role: AdministratorRole; departmentId: string | null }
  | { kind: 'member'; managerId: string; id: string };

export type Role = AdministratorRole | 'member';

export function roleOf(principal: Principal): Role {
  return principal.kind === 'member' ? 'member' : principal.role;
}

/** The `actor` written in the metadata of every event a command appends. */
export function actorOf(principal: Principal | null): string {
  return principal ? `${principal.kind}:${principal.id}` : 'anonymous';
}

/**
 * Who may do what. Owners manage the administrators; owners and admins run everything else;
 * a department admin manages the members, invitations, credit and features of its own department
 * (checked against the request in department-scope.ts); auditors and reporters only read.
 */
export const ROLES = {
  manageAdministrators: ['owner'],
  manageCompany: ['owner', 'admin'],
  manageMembers: ['owner', 'admin', 'department-admin'],
  recordUsage: ['owner', 'admin'],
  readCompany: ['owner', 'admin', 'department-admin', 'auditor', 'reporter'],
} as const satisfies Record<string, readonly Role[]>;
