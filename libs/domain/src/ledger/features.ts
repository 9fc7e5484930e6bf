import type { GrantFeature, RevokeFeature } from '../commands';
import { decision, requireLedger, requireMemberAccount, type Decision, type DecisionContext } from '../decision';
import { invalid, notFound, refuse } from '../shared/errors';
import { categoryOfFeature, isFeature } from '../shared/features';
import { parseE164 } from '../shared/phone-numbers';
import { checkName } from '../shared/text';

/** Granting a feature charges its catalogue price to the company pool. */
export function grantFeature(ctx: DecisionContext, command: GrantFeature): Decision {
  const ledger = requireLedger(ctx);
  const { grantId, memberId, feature } = command.data;
  const options = command.data.options ?? {};
  if (!isFeature(feature)) invalid('feature', `unknown feature '${String(feature)}'`);
  const member = requireMemberAccount(ledger, memberId);
  if (member.status !== 'active') refuse('member-not-active', `Member ${memberId} is not an active member`);
  if (!member.permissions.features.includes(feature)) {
    refuse('feature-not-permitted', `Member ${memberId} is not permitted the ${feature} feature`, {
      permitted: member.permissions.features,
    });
  }
  const granted: { number?: string; plan?: string } = {};
  if (feature === 'online-number') {
    const parsed = parseE164(options.number ?? '');
    if (!parsed) invalid('options.number', 'an online number needs options.number in E.164 form, e.g. +442079460958');
    if (ledger.numbers[parsed.e164]) {
      refuse('number-already-assigned', `${parsed.e164} is already assigned to a member`, { number: parsed.e164 });
    }
    granted.number = parsed.e164;
  } else {
    const existing = Object.values(ledger.grants).find((g) => g.memberId === memberId && g.feature === feature);
    if (existing) refuse('feature-already-granted', `Member ${memberId} already has ${feature}`, { grantId: existing.grantId });
  }
  if (feature === 'subscription' && options.plan !== undefined) {
    checkName('options.plan', options.plan);
    granted.plan = options.plan;
  }
  const priceMinor = ledger.catalogue[feature];
  if (ledger.companyMinor < priceMinor) {
    refuse('insufficient-credit', `The company pool holds ${ledger.companyMinor}, ${feature} costs ${priceMinor}`, {
      availableMinor: ledger.companyMinor,
      requestedMinor: priceMinor,
    });
  }
  return decision({
    ledger: [
      {
        type: 'FeatureGranted',
        data: {
          grantId,
          memberId,
          departmentId: member.departmentId,
          feature,
          category: categoryOfFeature(feature),
          options: granted,
          chargedMinor: priceMinor,
        },
      },
    ],
  });
}

export function revokeFeature(ctx: DecisionContext, command: RevokeFeature): Decision {
  const ledger = requireLedger(ctx);
  const { memberId, grantId } = command.data;
  const grant = ledger.grants[grantId];
  if (!grant || grant.memberId !== memberId) notFound('grant-not-found', `No active grant ${grantId} for member ${memberId}`);
  return decision({
    ledger: [{ type: 'FeatureRevoked', data: { grantId, memberId, feature: grant.feature, reason: 'revoked' } }],
  });
}
