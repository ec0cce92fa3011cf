import { planDemoWork, type DemoCaseStory, type DemoWorkPlan, type IncidentType } from '@sinag/core';
import { assignReferrals, closeReferral } from '../referrals/workflow.ts';
import type { Services } from '../services.ts';
import type { DemoStaff } from './users.ts';

/**
 * Works the new demo referrals as the centre would have: the supervisor hands them to the analysts, who close
 * the older ones with a reason. Returns the plan, whose `cases` the caller opens.
 */
export async function workDemoReferrals(
  services: Services,
  staff: DemoStaff,
  referralIds: string[],
  options: { now: Date; stories: DemoCaseStory[]; seed?: number },
): Promise<DemoWorkPlan> {
  const rows = referralIds.length
    ? await services.db
        .selectFrom('referrals')
        .select(['id', 'received_at', 'due_at', 'incident_type'])
        .where('id', 'in', referralIds)
        .execute()
    : [];
  const plan = planDemoWork(
    rows.map((r) => ({
      id: r.id,
      receivedAt: r.received_at,
      dueAt: r.due_at,
      type: r.incident_type as IncidentType,
    })),
    { ...options, analysts: staff.analysts.length },
  );
  for (const [n, analyst] of staff.analysts.entries()) {
    const ids = [...plan.assigned, ...plan.closed].filter((w) => w.analyst === n).map((w) => w.referralId);
    if (ids.length) await assignReferrals(services, staff.supervisor, ids, analyst.userId);
  }
  for (const work of plan.closed) {
    await closeReferral(services, staff.analysts[work.analyst]!, work.referralId, { reason: work.reason });
  }
  return plan;
}
