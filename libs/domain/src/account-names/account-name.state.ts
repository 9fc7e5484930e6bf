import type { AccountNameEvent } from './account-name.events';

export interface AccountNameState {
  claimedBy: { managerId: string; memberId: string } | null;
}

export const initialAccountNameState = (): AccountNameState => ({ claimedBy: null });

export function evolveAccountName(state: AccountNameState, event: AccountNameEvent): AccountNameState {
  switch (event.type) {
    case 'AccountNameClaimed':
      return { claimedBy: { managerId: event.data.managerId, memberId: event.data.memberId } };
    case 'AccountNameReleased':
      return { claimedBy: null };
    default: {
      const unreachable: never = event;
      return unreachable;
    }
  }
}
