import type { IndicatorId } from '@sinag/core';

/** Each screening indicator (domain.md §5) as an analyst would say it; the engine's detail gives the numbers. */
export const INDICATOR_TITLES: Record<IndicatorId, string> = {
  F1: 'Small cross-border payments',
  F2: 'Paid into a high-risk receiving country',
  F3: 'Sent from a country where demand comes from',
  F4: 'Repeated payments, growing in size or frequency',
  F5: 'Several unrelated foreign senders pay this receiver',
  F6: 'This sender pays several unrelated receivers',
  F7: 'No family or business link between payer and payee',
  F8: 'Paid late at night in the sender’s time zone',
  F9: 'References use cover stories (school fees, gifts, medical bills…)',
  F10: 'Channels favoured for these payments (remitters, e-wallets, P2P)',
  F11: 'Counterparty already known in a referral or case',
  X1: 'Young sender paying bursts abroad: sextortion pattern',
};
