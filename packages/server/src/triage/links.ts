import type { TriageLinks } from '@sinag/core';

/** What a referral is linked to before linking has looked at it (at intake): linking re-queues it for scoring. */
export const NO_LINKS: TriageLinks = { referrals: 0, openCases: 0 };
