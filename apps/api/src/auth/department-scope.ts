import { Injectable } from '@nestjs/common';
import { CommandService } from '@skype-manager/application';
import type { RequestContext } from '../core/request-context';
import { forbidden } from '../http/problem';

/**
 * A department admin acts only inside its department: on its members (and their invitations), and on
 * credit held by the department. Other roles pass untouched. Checked before the command runs, so a
 * refusal appends nothing.
 */
@Injectable()
export class DepartmentScope {
  constructor(private readonly commands: CommandService) {}

  /** The department the caller is limited to, or null when it is not limited. */
  departmentOf(ctx: RequestContext): string | null {
    const principal = ctx.principal;
    return principal?.kind === 'administrator' && principal.role === 'department-admin' ? principal.departmentId : null;
  }

  requireDepartment(ctx: RequestContext, departmentId: string | null | undefined): void {
    const own = this.departmentOf(ctx);
    if (own !== null && departmentId !== own) {
      throw forbidden(`A department admin acts only in its own department (${own})`);
    }
  }

  /** An unknown member passes: the command then answers 404 as it would for anyone. */
  async requireMember(ctx: RequestContext, managerId: string, memberId: string): Promise<void> {
    const own = this.departmentOf(ctx);
    if (own === null) return;
    const found = await this.commands.read(managerId, ({ ledger }) =>
      ledger.status === 'open' && ledger.members[memberId] ? { departmentId: ledger.members[memberId].departmentId } : null,
    );
    if (found && found.departmentId !== own) {
      throw forbidden(`Member ${memberId} is not in this department admin's department (${own})`);
    }
  }
}
