import type { RoutingRule, RoutingRules, RoutingRulesUpdated } from '@sinag/core';
import { sql } from 'kysely';
import { audited, auditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Services } from '../services.ts';
import { loadRoutingRules, replaceRoutingRules } from './rules.ts';

export async function getRoutingRules(services: Services): Promise<RoutingRules> {
  return { rules: await loadRoutingRules(services.db) };
}

/**
 * Replaces the rules (audited with the old and new) and queues every open referral nobody has taken up yet
 * (status "new", unassigned) to be routed again by them; referrals already in review or in a case stay where they are.
 */
export async function updateRoutingRules(
  services: Services,
  actor: Actor,
  rules: RoutingRule[],
): Promise<RoutingRulesUpdated> {
  return audited(services.db, auditActor(actor), async (trx) => {
    const old = await loadRoutingRules(trx);
    await replaceRoutingRules(trx, rules);
    const queued = await sql`
      insert into routing_queue (referral_id) select id from referrals where status = 'new' and assigned_to is null
      on conflict do nothing`.execute(trx);
    const rerouting = Number(queued.numAffectedRows ?? 0);
    return {
      result: { rules, rerouting },
      events: [
        {
          action: 'routing.rules.update',
          entityType: 'routing-rules',
          details: { old, new: rules, rerouting },
        },
      ],
    };
  });
}
