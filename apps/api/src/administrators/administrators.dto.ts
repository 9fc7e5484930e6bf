import { ApiProperty } from '@nestjs/swagger';
import { ADMINISTRATOR_ROLES, type AdministratorRole } from '@skype-manager/domain';
import { Id, Name, OneOf } from '../http/fields';
import { PositionAnswer } from '../http/codes';

export class AddAdministratorDto {
  @Name({ example: 'finance.architectes' })
  account!: string;

  @OneOf(ADMINISTRATOR_ROLES, { description: 'owner, admin, department-admin (needs departmentId), auditor, reporter' })
  role!: AdministratorRole;

  @Id({ optional: true, description: 'The department of a department-admin' })
  departmentId?: string;
}

export class AddAdministratorAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) administratorId!: string;
  @ApiProperty({ description: "The new administrator's API key, shown only this once" }) apiKey!: string;
}
