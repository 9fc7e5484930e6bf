import { ApiProperty } from '@nestjs/swagger';
import { Id, Name } from '../http/fields';
import { PositionAnswer } from '../http/codes';

export class InviteMemberDto {
  @Name({ optional: true, example: 'claire@architectes.fr', description: 'E-mail to invite (or give an account)' })
  email?: string;

  @Name({ optional: true, example: 'claire.architectes', description: 'Account to invite (or give an e-mail)' })
  account?: string;

  @Name({ example: 'Claire Dubois' })
  displayName!: string;

  @Id({ optional: true, description: "Department to join (a department admin's own by default)" })
  departmentId?: string;
}

export class InviteMemberAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ description: 'Secret token of the invitation link, shown only this once' }) invitationToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class ResendInvitationAnswer extends PositionAnswer {
  @ApiProperty() invitationToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}

export class AcceptInvitationDto {
  @Name({ optional: true, description: "Account to join with; default: the invitation's account, else its e-mail" })
  account?: string;
}

export class AcceptInvitationAnswer extends PositionAnswer {
  @ApiProperty({ format: 'uuid' }) managerId!: string;
  @ApiProperty({ format: 'uuid' }) memberId!: string;
  @ApiProperty({ description: "The member's own API key, shown only this once" }) apiKey!: string;
}
