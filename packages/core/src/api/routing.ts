import { z } from 'zod';
import { philippineRegionCode } from '../geo/philippine-region-names.ts';
import { PHILIPPINE_REGIONS } from '../geo/philippines.ts';

const destination = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');

/**
 * One routing rule: referrals located in `country` (and `region`, if given) go to `destination`.
 * An empty country matches any; "unknown" matches a referral that no signal locates.
 */
export const RoutingRule = z
  .object({
    country: z
      .string()
      .regex(/^([A-Za-z]{2}|unknown)$/, 'must be an ISO 3166-1 alpha-2 country code, "unknown", or null')
      .transform((c) => (c === 'unknown' ? c : c.toUpperCase()))
      .nullable()
      .default(null),
    region: z.string().trim().min(1, 'must not be empty').max(100).nullable().default(null),
    destination,
  })
  .strict()
  .transform((rule, ctx) => {
    if (!rule.region) return rule;
    const problem = !rule.country
      ? 'a region needs a country'
      : rule.country === 'unknown'
        ? 'an unknown location has no region'
        : undefined;
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: problem });
      return z.NEVER;
    }
    if (rule.country !== 'PH') return rule;
    // Philippine regions are matched by code, so "Central Visayas" and "VII" are one rule.
    const code = philippineRegionCode(rule.region);
    if (!code) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `must be a Philippine region (${PHILIPPINE_REGIONS.map((r) => r.code).join(', ')})`,
      });
      return z.NEVER;
    }
    return { ...rule, region: code };
  });
export type RoutingRule = z.output<typeof RoutingRule>;

const isCatchAll = (rule: RoutingRule) => rule.country === null && rule.region === null;

/** The ordered rules: the first that matches routes. The last must match everything, so every referral lands. */
export const RoutingRulesInput = z
  .object({ rules: z.array(RoutingRule).min(1, 'must have at least one rule').max(500) })
  .strict()
  .superRefine(({ rules }, ctx) => {
    const first = rules.findIndex(isCatchAll);
    if (first === -1) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', rules.length - 1],
        message: 'the last rule must match every referral (no country, no region)',
      });
    } else if (first !== rules.length - 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['rules', first],
        message: 'a rule matching every referral must be last: the rules after it would never apply',
      });
    }
  });
export type RoutingRulesInput = z.input<typeof RoutingRulesInput>;

export const RoutingRules = z.object({
  rules: z.array(
    z.object({ country: z.string().nullable(), region: z.string().nullable(), destination: z.string() }),
  ),
});
export type RoutingRules = z.infer<typeof RoutingRules>;

export const RoutingRulesUpdated = RoutingRules.extend({
  /** Open referrals nobody has taken up yet, queued to be routed again by the new rules. */
  rerouting: z.number().int(),
});
export type RoutingRulesUpdated = z.infer<typeof RoutingRulesUpdated>;

/** Where a referral was routed, by which rule (as it was then), and why in words. */
export const RoutingDecision = z.object({
  destination: z.string(),
  /** The rule's position (from 1) and content when it applied. */
  rule: z.object({
    position: z.number().int(),
    country: z.string().nullable(),
    region: z.string().nullable(),
  }),
  reason: z.string(),
});
export type RoutingDecision = z.infer<typeof RoutingDecision>;
