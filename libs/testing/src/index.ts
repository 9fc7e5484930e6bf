/**
 * Test helpers for the domain's deciders:
 *
 *   given(aManager().withDepartment(SALES).withActiveMember(ALICE, { departmentId: SALES, balanceMinor: 500 }))
 *     .when(cmd.reclaimCredit(memberAccount(ALICE), null))
 *     .then({ ledger: [{ type: 'CreditReclaimed', data: { … } }] });   // or .thenRefused('nothing-to-reclaim')
 *
 * `given` also takes events per stream (`{ manager: [...], ledger: [...] }`) or a ready DecisionContext.
 * `simulation*` are the random command sequences of the ledger's property test.
 */
export * from './commands';
export * from './events';
export * from './given';
export * from './same-data';
export * from './scenario';
export * from './simulation';
export * from './simulation-steps';
export * from './streams';
