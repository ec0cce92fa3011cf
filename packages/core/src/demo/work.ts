import type { CaseTemplateId } from '../cases/templates.ts';
import type { CloseReason } from '../referrals/workflow.ts';
import type { IncidentType } from '../referrals/schema.ts';
import { SeededRandom } from './random.ts';

/**
 * What a working national centre has done with its referrals, as a plan over the stored demo referrals: the
 * last days are the open queue, a handful slipped past their response target, and everything older was
 * worked — closed with a reason by an analyst or merged into a case.
 */
export interface DemoReferralState {
  id: string;
  receivedAt: Date;
  /** The response target of the referral's band; null when the band has none. */
  dueAt: Date | null;
  type: IncidentType;
}

/** A demo case: its template, the incident types its referrals have, and how many it merges. */
export interface DemoCaseStory {
  template: CaseTemplateId;
  types: IncidentType[];
  referrals: number;
}

export interface DemoWorkPlan {
  /** Open referrals taken by an analyst (index into the analysts), still in review. */
  assigned: { referralId: string; analyst: number }[];
  /** Worked referrals, assigned to an analyst and closed by them. */
  closed: { referralId: string; analyst: number; reason: CloseReason }[];
  /** Referrals left new and unassigned. */
  untouched: string[];
}

/** The days of the open queue. */
export const DEMO_QUEUE_DAYS = 4;
/** Past-due referrals left open: the handful a supervisor would chase. */
export const DEMO_OVERDUE_KEPT = 4;
const QUEUE_MARGIN_MS = 6 * 3600_000;
/** Case referrals come from this window (days ago): old enough to have been worked, recent enough to matter. */
const CASE_WINDOW_DAYS = [8, 90] as const;

const CLOSE_MIX: { reason: CloseReason; weight: number }[] = [
  { reason: 'not-actionable', weight: 38 },
  { reason: 'informational', weight: 30 },
  { reason: 'duplicate', weight: 20 },
  { reason: 'outside-jurisdiction', weight: 12 },
];

function closeReason(r: SeededRandom): CloseReason {
  let roll = r.next() * CLOSE_MIX.reduce((s, m) => s + m.weight, 0);
  for (const mix of CLOSE_MIX) {
    roll -= mix.weight;
    if (roll < 0) return mix.reason;
  }
  return CLOSE_MIX[0]!.reason;
}

/**
 * The referrals each story's case merges, in the stories' order (empty when none fit): older ones of the
 * story's incident types, each in one case at most.
 */
export function pickDemoCases(
  referrals: DemoReferralState[],
  options: { now: Date; stories: DemoCaseStory[] },
): string[][] {
  const taken = new Set<string>();
  const ordered = newestFirst(referrals);
  return options.stories.map((story) => {
    const picked = ordered
      .filter((x) => !taken.has(x.id) && story.types.includes(x.type))
      .filter((x) => {
        const age = ageDays(x, options.now);
        return age >= CASE_WINDOW_DAYS[0] && age <= CASE_WINDOW_DAYS[1];
      })
      .slice(0, story.referrals)
      .map((x) => x.id);
    for (const id of picked) taken.add(id);
    return picked;
  });
}

const ageDays = (x: DemoReferralState, now: Date) => (now.getTime() - x.receivedAt.getTime()) / 86_400_000;

/** Newest first, ties by id, so a plan does not depend on the order the rows came in. */
const newestFirst = (referrals: DemoReferralState[]) =>
  [...referrals].sort((a, b) => b.receivedAt.getTime() - a.receivedAt.getTime() || a.id.localeCompare(b.id));

/** What happens to referrals not in a case: the open queue, the handful that slipped, the rest closed. */
export function planDemoWork(
  referrals: DemoReferralState[],
  options: { now: Date; analysts: number; seed?: number },
): DemoWorkPlan {
  const r = new SeededRandom(options.seed ?? 2019);
  const now = options.now.getTime();
  const dueBefore = (x: DemoReferralState, t: number) => x.dueAt !== null && x.dueAt.getTime() < t;
  // Due within the margin keeps a referral out of the queue: it should not slip while the demo is looked at.
  const pastDue = (x: DemoReferralState) => dueBefore(x, now + QUEUE_MARGIN_MS);
  const ordered = newestFirst(referrals);
  const queue = ordered.filter((x) => ageDays(x, options.now) <= DEMO_QUEUE_DAYS && !pastDue(x));
  const slipped = ordered.filter((x) => dueBefore(x, now)).slice(0, DEMO_OVERDUE_KEPT);
  const open = new Set([...queue, ...slipped].map((x) => x.id));

  const analyst = () => r.int(0, options.analysts - 1);
  const assigned: DemoWorkPlan['assigned'] = [];
  const untouched: string[] = [];
  // Half the queue is already with an analyst; the slipped ones were never picked up.
  queue.forEach((x, n) =>
    n % 2 ? assigned.push({ referralId: x.id, analyst: analyst() }) : untouched.push(x.id),
  );
  untouched.push(...slipped.map((x) => x.id));
  const closed = ordered
    .filter((x) => !open.has(x.id))
    .map((x) => ({ referralId: x.id, analyst: analyst(), reason: closeReason(r) }));
  return { assigned, closed, untouched };
}
