/** Features an administrator can grant to a member. Each has a price charged to the company. */
export const FEATURES = ['subscription', 'online-number', 'voicemail', 'call-forwarding', 'caller-id'] as const;
export type Feature = (typeof FEATURES)[number];

export function isFeature(value: unknown): value is Feature {
  return typeof value === 'string' && (FEATURES as readonly string[]).includes(value);
}

/** Report categories. Every charge lands in exactly one. */
export const SPEND_CATEGORIES = ['calls', 'sms', 'subscriptions', 'numbers', 'other'] as const;
export type SpendCategory = (typeof SPEND_CATEGORIES)[number];

export function categoryOfFeature(feature: Feature): SpendCategory {
  switch (feature) {
    case 'subscription':
      return 'subscriptions';
    case 'online-number':
      return 'numbers';
    case 'voicemail':
    case 'call-forwarding':
    case 'caller-id':
      return 'other';
  }
}

/** Prices (minor units) that apply until the Manager sets its own catalogue. */
export const DEFAULT_CATALOGUE: Readonly<Record<Feature, number>> = {
  subscription: 1000,
  'online-number': 600,
  voicemail: 200,
  'call-forwarding': 100,
  'caller-id': 100,
};

export type Destinations = 'none' | 'domestic' | 'international';
export const DESTINATIONS: readonly Destinations[] = ['none', 'domestic', 'international'];

export interface Permissions {
  features: Feature[];
  destinations: Destinations;
  /** Monthly spending cap in minor units; null means no cap. */
  monthlySpendLimitMinor: number | null;
}

export const DEFAULT_PERMISSIONS: Permissions = {
  features: [...FEATURES],
  destinations: 'international',
  monthlySpendLimitMinor: null,
};
