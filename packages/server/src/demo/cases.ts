import {
  CASE_TEMPLATES,
  ChargeInput,
  CourtInput,
  EvidenceInput,
  HearingInput,
  OperationOutcomeInput,
  OperationPlanInput,
  SubjectInput,
  VictimInput,
  type AGE_BANDS,
  type CaseStage,
  type DemoCaseStory,
  type Relationship,
  type TaskField,
  type TaskValues,
} from '@sinag/core';
import { createHash } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { addCharge, addHearing, setCourt } from '../cases/prosecution.ts';
import { addEvidence, transferCustody } from '../cases/evidence.ts';
import { addPreservation } from '../cases/legal.ts';
import { addTeamMember, changeStage, closeCase } from '../cases/lifecycle.ts';
import { approveOperation, planOperation, recordOperationOutcome } from '../cases/operations.ts';
import { createCase } from '../cases/service.ts';
import { listStatutes } from '../cases/statutes.ts';
import { createSubject } from '../cases/subjects.ts';
import { completeTask, createTask, listTasks, updateTask } from '../cases/tasks.ts';
import { createVictim } from '../cases/victims.ts';
import type { Services } from '../services.ts';
import type { DemoStaff } from './users.ts';

const DAY_MS = 86_400_000;

interface DemoSubject {
  label: string;
  nationality: string;
}

/** A demo case as a story: how far it got and who is in it. Every name is an alias, every child a pseudonym. */
interface CaseStory extends DemoCaseStory {
  title: string;
  stage: CaseStage | 'closed';
  region: { region: string; city: string };
  subjects: DemoSubject[];
  /** Children, by age band and relation to the first subject; nothing identifying. */
  victims: { ageBand: (typeof AGE_BANDS)[number]; sex: 'female' | 'male'; relationship: Relationship }[];
  /** A preservation request sent this many days ago (Philippine rules). */
  preservationSentDaysAgo?: number;
  /** An extra task, due this many days from now (negative: overdue). */
  followUp?: { title: string; dueDays: number };
  /** Charges by statute code, against the first subject. */
  charges?: string[];
  evidence?: boolean;
  closedReason?: string;
}

export const CASE_STORIES: CaseStory[] = [
  {
    title: 'Paid livestreams from a household, Cebu',
    template: 'livestream-for-pay',
    types: ['livestreamed-abuse', 'suspicious-payment'],
    referrals: 3,
    stage: 'prosecution',
    region: { region: 'VII', city: 'Cebu City' },
    subjects: [
      { label: 'Subject A (facilitator)', nationality: 'PH' },
      { label: 'Subject B (foreign customer)', nationality: 'GB' },
    ],
    victims: [
      { ageBand: '10-12', sex: 'female', relationship: 'relative' },
      { ageBand: '6-9', sex: 'male', relationship: 'relative' },
    ],
    preservationSentDaysAgo: 40,
    charges: ['RA 11930', 'RA 9208'],
    evidence: true,
  },
  {
    title: 'Shared abuse-material hashes across three accounts',
    template: 'abuse-material-distribution',
    types: ['child-sexual-abuse-material'],
    referrals: 3,
    stage: 'investigation',
    region: { region: 'NCR', city: 'Quezon City' },
    subjects: [{ label: 'Account holder "river.ace"', nationality: 'PH' }],
    victims: [],
    preservationSentDaysAgo: 12,
    followUp: { title: 'Chase the platform for the subscriber records', dueDays: -2 },
    evidence: true,
  },
  {
    title: 'Payment demands after image sharing, Davao',
    template: 'sextortion',
    types: ['sextortion', 'online-enticement'],
    referrals: 2,
    stage: 'investigation',
    region: { region: 'XI', city: 'Davao City' },
    subjects: [{ label: 'Unknown extorter (e-wallet holder)', nationality: 'PH' }],
    victims: [{ ageBand: '13-15', sex: 'male', relationship: 'other' }],
    followUp: { title: 'Meet the guardian with the social worker', dueDays: 3 },
  },
  {
    title: 'Foreign customer of a facilitator in Pampanga',
    template: 'foreign-offender',
    types: ['child-sex-trafficking', 'livestreamed-abuse', 'child-sex-tourism'],
    referrals: 2,
    stage: 'operation',
    region: { region: 'III', city: 'Angeles City' },
    subjects: [
      { label: 'Subject C (facilitator)', nationality: 'PH' },
      { label: 'Subject D (foreign customer)', nationality: 'AU' },
    ],
    victims: [{ ageBand: '13-15', sex: 'female', relationship: 'neighbour' }],
    preservationSentDaysAgo: 25,
  },
  {
    title: 'Enticement of a 13-year-old on a chat platform',
    template: 'sextortion',
    types: ['online-enticement', 'sextortion'],
    referrals: 1,
    stage: 'intake',
    region: { region: 'IV-A', city: 'Calamba' },
    subjects: [{ label: 'Account holder "palm_wave"', nationality: 'PH' }],
    victims: [{ ageBand: '13-15', sex: 'female', relationship: 'other' }],
  },
  {
    title: 'Remittances to a facilitator, Iloilo',
    template: 'livestream-for-pay',
    types: ['suspicious-payment', 'livestreamed-abuse'],
    referrals: 2,
    stage: 'intake',
    region: { region: 'VI', city: 'Iloilo City' },
    subjects: [{ label: 'Subject E (remittance receiver)', nationality: 'PH' }],
    victims: [],
  },
  {
    title: 'Abuse-material uploads traced abroad',
    template: 'abuse-material-distribution',
    types: ['child-sexual-abuse-material'],
    referrals: 1,
    stage: 'closed',
    region: { region: 'NCR', city: 'Manila' },
    subjects: [{ label: 'Account holder "star.moon"', nationality: 'US' }],
    victims: [],
    closedReason: 'The uploader is abroad; the case was handed to the foreign liaison officer.',
  },
];

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** A plausible value for a task field, so that finished tasks can be completed. */
function fieldValue(field: TaskField, now: number): string | number {
  if (field.type === 'choice') return field.options![0]!;
  if (field.type === 'number') return 0;
  if (field.type === 'date') return day(now - DAY_MS);
  return 'Recorded in the case file';
}

/** Fills and completes the open tasks due within `days`: the work done before the case moved on. */
async function completeEarlyTasks(
  services: Services,
  lead: Actor,
  caseId: string,
  days: number,
  now: number,
) {
  const { items } = await listTasks(services, lead, caseId);
  for (const task of items) {
    if (task.status !== 'open' || !task.dueAt || Date.parse(task.dueAt) > now + days * DAY_MS) continue;
    const values: TaskValues = Object.fromEntries(task.fields.map((f) => [f.name, fieldValue(f, now)]));
    if (task.fields.length) await updateTask(services, lead, caseId, task.id, { values });
    await completeTask(services, lead, caseId, task.id);
  }
}

/** Opens one story's case from its referrals and takes it as far as the story goes, through the services. */
export async function openDemoCase(
  services: Services,
  staff: DemoStaff,
  story: CaseStory,
  referralIds: string[],
  now: number,
): Promise<void> {
  const lead = staff.investigator;
  const { id } = await createCase(services, lead, {
    referralIds,
    title: story.title,
    template: story.template,
  });
  await addTeamMember(services, lead, id, { userId: staff.analysts[0]!.userId, role: 'analyst' });
  await addTeamMember(services, lead, id, { userId: staff.socialWorker.userId, role: 'social-worker' });

  const subjects = [];
  for (const s of story.subjects)
    subjects.push(await createSubject(services, lead, id, SubjectInput.parse({ ...s, identifiers: [] })));
  const victims = [];
  for (const { relationship, ...child } of story.victims) {
    const relations = subjects[0] ? [{ subjectId: subjects[0].id, relationship }] : [];
    victims.push(await createVictim(services, lead, id, VictimInput.parse({ ...child, relations })));
  }
  if (story.preservationSentDaysAgo !== undefined) {
    await addPreservation(services, lead, id, {
      recipient: 'The reporting platform',
      jurisdiction: 'PH',
      sentAt: new Date(now - story.preservationSentDaysAgo * DAY_MS).toISOString(),
    });
  }
  if (story.evidence) await addDemoEvidence(services, lead, id, now);

  const stages = CASE_TEMPLATES[story.template].stages as readonly CaseStage[];
  const target = story.stage === 'closed' ? 'investigation' : story.stage;
  for (const stage of stages.slice(1, stages.indexOf(target) + 1)) {
    if (stage === 'operation') await runOperation(services, staff, id, story, victims, subjects, now);
    if (stage === 'prosecution') await prosecute(services, staff, id, story, subjects, now);
    await completeEarlyTasks(services, lead, id, stage === 'investigation' ? 2 : 7, now);
    await changeStage(services, lead, id, { stage });
  }
  // Added last, as the stage's open work: the early tasks above are done before the case moves on.
  if (story.followUp) {
    const dueAt = new Date(now + story.followUp.dueDays * DAY_MS).toISOString();
    await createTask(services, lead, id, { title: story.followUp.title, dueAt, assigneeId: lead.userId });
  }
  if (story.stage === 'closed') await closeCase(services, lead, id, story.closedReason!);
}

async function addDemoEvidence(services: Services, lead: Actor, caseId: string, now: number) {
  const { item } = await addEvidence(
    services,
    lead,
    caseId,
    EvidenceInput.parse({
      label: 'Seized phone image',
      description: 'Forensic image of a mobile phone; contents held in the forensic system only.',
      sha256: createHash('sha256').update(`demo evidence ${caseId}`).digest('hex'),
      heldIn: {
        system: 'Forensic store',
        location: 'Evidence room 2',
        reference: `EV-${caseId.slice(0, 8)}`,
      },
      custody: {
        from: 'Arresting officer',
        to: lead.displayName,
        at: new Date(now - 9 * DAY_MS).toISOString(),
        reason: 'Seized under warrant',
      },
    }),
  );
  await transferCustody(services, lead, caseId, item.id, {
    from: lead.displayName,
    to: 'Digital forensics laboratory',
    at: new Date(now - 8 * DAY_MS).toISOString(),
    reason: 'Forensic imaging',
  });
}

type Created = { id: string };

async function runOperation(
  services: Services,
  staff: DemoStaff,
  caseId: string,
  story: CaseStory,
  victims: Created[],
  subjects: Created[],
  now: number,
) {
  const lead = staff.investigator;
  const done = story.stage !== 'operation';
  const plan = await planOperation(
    services,
    lead,
    caseId,
    OperationPlanInput.parse({
      name: `Operation ${story.region.city}`,
      plannedFor: day(now + (done ? -14 : 6) * DAY_MS),
      ...story.region,
      teamIds: [lead.userId],
      socialWorkerIds: [staff.socialWorker.userId],
      partnerAgencies: ['Regional social welfare office'],
    }),
  );
  // The supervisor who approves joins the team: operation data is for the case team only.
  await addTeamMember(services, lead, caseId, { userId: staff.supervisor.userId, role: 'member' });
  await approveOperation(services, staff.supervisor, caseId, plan.id);
  if (!done) return;
  await recordOperationOutcome(
    services,
    lead,
    caseId,
    plan.id,
    OperationOutcomeInput.parse({
      carriedOutOn: day(now - 14 * DAY_MS),
      safeguardedVictimIds: victims.map((v) => v.id),
      arrestedSubjectIds: subjects.slice(0, 1).map((s) => s.id),
      evidenceSeized: 'One mobile phone and a laptop, recorded as evidence items.',
    }),
  );
}

async function prosecute(
  services: Services,
  staff: DemoStaff,
  caseId: string,
  story: CaseStory,
  subjects: Created[],
  now: number,
) {
  const prosecutor = staff.prosecutor;
  await addTeamMember(services, staff.investigator, caseId, {
    userId: prosecutor.userId,
    role: 'prosecutor',
  });
  await setCourt(
    services,
    prosecutor,
    caseId,
    CourtInput.parse({ court: 'Regional Trial Court, Branch 7', courtCaseNumber: `R-${caseId.slice(0, 6)}` }),
  );
  const { items: statutes } = await listStatutes(services, false);
  for (const code of story.charges ?? []) {
    const statute = statutes.find((s) => s.code === code);
    if (!statute || !subjects[0]) continue;
    await addCharge(
      services,
      prosecutor,
      caseId,
      ChargeInput.parse({ subjectId: subjects[0].id, statuteId: statute.id }),
    );
  }
  await addHearing(
    services,
    prosecutor,
    caseId,
    HearingInput.parse({ at: new Date(now + 5 * DAY_MS).toISOString(), kind: 'arraignment' }),
  );
}
