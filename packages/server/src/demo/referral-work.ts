import { setTimeout } from 'node:timers/promises';
import { planDemoWork, type DemoReferralState, type IncidentType } from '@sinag/core';
import { linkQueuedReferrals } from '../linking/worker.ts';
import { assignReferrals, closeReferral } from '../referrals/workflow.ts';
import type { Services } from '../services.ts';
import { rescoreQueued } from '../triage/rescore.ts';
import type { DemoStaff } from './users.ts';

/**
 * Bands follow from links between referrals: link and re-score until nothing is queued, so the plan sees the
 * final response targets. A running server's own loops may hold a batch (taken with skip locked): wait for it.
 */
async function settleBands(services: Services): Promise<void> {
  for (;;) {
    if ((await linkQueuedReferrals(services)) + (await rescoreQueued(services)) > 0) continue;
    const queued = await services.db
      .selectFrom('triage_queue')
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(queued.n) === 0) return;
    await setTimeout(20);
  }
}

/** The stored demo referrals still new (not yet in a case), with their settled response targets. */
export async function newDemoReferrals(services: Services, ids: string[]): Promise<DemoReferralState[]> {
  await settleBands(services);
  if (!ids.length) return [];
  const rows = await services.db
    .selectFrom('referrals')
    .select(['id', 'received_at', 'due_at', 'incident_type'])
    .where('id', 'in', ids)
    .where('status', '=', 'new')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    receivedAt: r.received_at,
    dueAt: r.due_at,
    type: r.incident_type as IncidentType,
  }));
}

/**
 * Works demo referrals as the centre would have: the supervisor hands them to the analysts, who close the
 * older ones with a reason; the last days stay open. Returns how many were closed.
 */
export async function workDemoReferrals(
  services: Services,
  staff: DemoStaff,
  ids: string[],
  options: { now: Date; seed?: number },
): Promise<number> {
  const plan = planDemoWork(await newDemoReferrals(services, ids), {
    ...options,
    analysts: staff.analysts.length,
  });
  for (const [n, analyst] of staff.analysts.entries()) {
    const assigned = [...plan.assigned, ...plan.closed].filter((w) => w.analyst === n);
    if (assigned.length)
      await assignReferrals(
        services,
        staff.supervisor,
        assigned.map((w) => w.referralId),
        analyst.userId,
      );
  }
  for (const work of plan.closed) {
    await closeReferral(services, staff.analysts[work.analyst]!, work.referralId, { reason: work.reason });
  }
  return plan.closed.length;
}
