import { Module } from '@nestjs/common';
import { AcceptInvitationHandler, DeclineInvitationHandler } from './invitation-links.commands';
import { CancelInvitationHandler, InviteMemberHandler, ResendInvitationHandler } from './invitations.commands';
import { InvitationLinksController, InvitationsController } from './invitations.controller';

@Module({
  controllers: [InvitationsController, InvitationLinksController],
  providers: [
    InviteMemberHandler,
    ResendInvitationHandler,
    CancelInvitationHandler,
    AcceptInvitationHandler,
    DeclineInvitationHandler,
  ],
})
export class InvitationsModule {}
