import { z } from 'zod';
import { DEADLINE_STATES, PreservationJurisdiction, WarrantType } from '../cases/legal-clocks.ts';
import { Classification } from '../cases/schema.ts';
import { TASK_STATUSES, TaskField } from '../cases/tasks.ts';
import { CASE_TEMPLATE_IDS, CaseStage } from '../cases/templates.ts';
import { PageQuery, pageOf, Uuid } from './common.ts';

const text = (max: number) =>
  z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`);
const reason = text(500);
const isoDateTime = z.iso.datetime({
  offset: true,
  message: 'must be an ISO 8601 date-time with a time zone',
});
/** A client-chosen id for a new record: sending the same one again returns the record instead of a copy. */
const newId = Uuid.optional().describe('Chosen by the client so a retried submission is not stored twice');

export const CaseItemParams = z.object({ id: Uuid, itemId: Uuid }).strict();

export const PersonRef = z.object({ id: z.string(), name: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

// Lifecycle

export const StageChangeInput = z
  .object({
    stage: CaseStage,
    reason: reason.optional().describe('Required when going back to an earlier stage'),
  })
  .strict();
export const ReasonInput = z.object({ reason }).strict();
export const LeadInput = z.object({ userId: Uuid }).strict();
export const TeamMemberInput = z
  .object({
    userId: Uuid,
    role: z.enum(['member', 'social-worker', 'prosecutor', 'analyst']).default('member'),
  })
  .strict();
export const TeamMemberParams = z.object({ id: Uuid, userId: Uuid }).strict();
export const ClassificationInput = z
  .object({ classification: Classification, reason: reason.optional() })
  .strict();

export const CaseTeamMember = z.object({
  userId: z.string(),
  name: z.string(),
  role: z.string(),
  addedAt: z.string(),
});
export type CaseTeamMember = z.infer<typeof CaseTeamMember>;

export const CaseEventView = z.object({
  id: z.string(),
  at: z.string(),
  actor: z.string(),
  kind: z.string(),
  summary: z.string(),
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type CaseEventView = z.infer<typeof CaseEventView>;
export const TimelineQuery = z.object({ ...PageQuery }).strict();
export const TimelinePage = pageOf(CaseEventView);
export type TimelinePage = z.infer<typeof TimelinePage>;

// Tasks

const taskValue = z.union([z.string().max(2000), z.number(), z.null()]);

export const TaskInput = z
  .object({
    id: newId,
    title: text(200),
    assigneeId: Uuid.nullable().optional(),
    dueAt: isoDateTime.nullable().optional(),
    fields: z.array(TaskField).max(20, 'at most 20 fields').default([]),
  })
  .strict()
  .refine((t) => new Set(t.fields.map((f) => f.name)).size === t.fields.length, {
    message: 'field names must differ',
    path: ['fields'],
  });
export type TaskInput = z.input<typeof TaskInput>;

export const TaskUpdate = z
  .object({
    title: text(200).optional(),
    assigneeId: Uuid.nullable().optional(),
    dueAt: isoDateTime.nullable().optional(),
    /** Values of the task's fields; null clears one. */
    values: z.record(z.string(), taskValue).optional(),
  })
  .strict();
export type TaskUpdate = z.input<typeof TaskUpdate>;

export const TaskView = z.object({
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  title: z.string(),
  assignee: PersonRef.nullable(),
  dueAt: z.string().nullable(),
  status: z.enum(TASK_STATUSES),
  fields: z.array(TaskField),
  values: z.record(z.string(), z.union([z.string(), z.number()])),
  completedAt: z.string().nullable(),
  createdAt: z.string(),
});
export type TaskView = z.infer<typeof TaskView>;
export const TaskList = z.object({ items: z.array(TaskView) });
export type TaskList = z.infer<typeof TaskList>;
export const MyTasksQuery = z
  .object({ status: z.enum([...TASK_STATUSES, 'all']).default('open'), ...PageQuery })
  .strict();
export const TaskPage = pageOf(TaskView);
export type TaskPage = z.infer<typeof TaskPage>;

// Legal process

export const PreservationInput = z
  .object({
    id: newId,
    recipient: text(200).describe('The platform or provider asked to keep the data'),
    jurisdiction: PreservationJurisdiction,
    sentAt: isoDateTime,
    cyberTipReportedAt: isoDateTime.optional().describe('When the provider filed its CyberTip (US rule)'),
    reference: text(100).optional(),
  })
  .strict();
export type PreservationInput = z.input<typeof PreservationInput>;

export const PreservationView = z.object({
  id: z.string(),
  recipient: z.string(),
  jurisdiction: PreservationJurisdiction,
  reference: z.string().nullable(),
  sentAt: z.string(),
  cyberTipReportedAt: z.string().nullable(),
  expiresAt: z.string(),
  extensions: z.number().int(),
  /** Whether the jurisdiction's rules allow another extension now. */
  canExtend: z.boolean(),
});
export type PreservationView = z.infer<typeof PreservationView>;

export const WarrantInput = z
  .object({
    id: newId,
    type: WarrantType,
    court: text(200),
    number: text(100),
    issuedAt: isoDateTime,
    servedAt: isoDateTime.optional(),
  })
  .strict();
export type WarrantInput = z.input<typeof WarrantInput>;
export const WarrantUpdate = z
  .object({ servedAt: isoDateTime.optional(), returnedAt: isoDateTime.optional() })
  .strict()
  .refine((u) => u.servedAt || u.returnedAt, { message: 'give servedAt or returnedAt', path: ['servedAt'] });

export const WarrantView = z.object({
  id: z.string(),
  type: WarrantType,
  court: z.string(),
  number: z.string(),
  issuedAt: z.string(),
  servedAt: z.string().nullable(),
  returnDueAt: z.string().nullable(),
  returnedAt: z.string().nullable(),
});
export type WarrantView = z.infer<typeof WarrantView>;

export const LEGAL_REQUEST_KINDS = ['subpoena', 'platform-request', 'remitter-request'] as const;
export const LegalRequestInput = z
  .object({
    id: newId,
    kind: z.enum(LEGAL_REQUEST_KINDS),
    recipient: text(200),
    reference: text(100).optional(),
    sentAt: isoDateTime,
    dueAt: isoDateTime,
  })
  .strict()
  .refine((r) => Date.parse(r.dueAt) >= Date.parse(r.sentAt), {
    message: 'must not be before sentAt',
    path: ['dueAt'],
  });
export type LegalRequestInput = z.input<typeof LegalRequestInput>;
export const LegalRequestUpdate = z.object({ answeredAt: isoDateTime }).strict();

export const LegalRequestView = z.object({
  id: z.string(),
  kind: z.enum(LEGAL_REQUEST_KINDS),
  recipient: z.string(),
  reference: z.string().nullable(),
  sentAt: z.string(),
  dueAt: z.string(),
  answeredAt: z.string().nullable(),
});
export type LegalRequestView = z.infer<typeof LegalRequestView>;

export const LegalProcess = z.object({
  preservations: z.array(PreservationView),
  warrants: z.array(WarrantView),
  requests: z.array(LegalRequestView),
});
export type LegalProcess = z.infer<typeof LegalProcess>;

// Deadlines

export const DEADLINE_KINDS = ['task', 'preservation', 'warrant', 'request'] as const;
export const DeadlinesQuery = z
  .object({
    within: z.coerce.number().int().min(0).max(90, 'must be at most 90 days').default(7),
    scope: z
      .enum(['mine', 'organisation'])
      .default('mine')
      .describe(
        'mine: cases I lead or am on the team of, and tasks assigned to me; organisation: every case',
      ),
  })
  .strict();

export const DeadlineItem = z.object({
  kind: z.enum(DEADLINE_KINDS),
  id: z.string(),
  caseId: z.string(),
  caseReference: z.string(),
  title: z.string(),
  dueAt: z.string(),
  state: z.enum(DEADLINE_STATES),
});
export type DeadlineItem = z.infer<typeof DeadlineItem>;
export const Deadlines = z.object({
  items: z.array(DeadlineItem),
  overdue: z.number().int(),
  dueSoon: z.number().int(),
  within: z.number().int(),
  /** More were due than the list shows (it keeps the earliest). */
  truncated: z.boolean(),
});
export type Deadlines = z.infer<typeof Deadlines>;

export const CaseListFilters = {
  template: z.enum(CASE_TEMPLATE_IDS).optional(),
  lead: Uuid.optional().describe('Cases this user leads'),
  mine: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional()
    .describe('Cases I lead or am on the team of'),
  format: z.enum(['json', 'csv']).default('json'),
};
