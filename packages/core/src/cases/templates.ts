import { z } from 'zod';
import type { CaseStatus } from './schema.ts';
import type { TaskField } from './tasks.ts';

/** The stages a case passes through before it is closed (closing and reopening are separate actions). */
export const CaseStage = z.enum(['intake', 'investigation', 'operation', 'prosecution', 'aftercare']);
export type CaseStage = z.infer<typeof CaseStage>;

/** A task every case of a template starts with; its due date counts from the day the case is opened. */
export interface StandardTask {
  title: string;
  dueDays: number;
  fields: TaskField[];
}

export interface CaseTemplate {
  label: string;
  /** The stages this kind of case goes through, in order; a stage left out is skipped. */
  stages: CaseStage[];
  tasks: StandardTask[];
}

const text = (name: string, label: string): TaskField => ({ name, label, type: 'text' });
const date = (name: string, label: string): TaskField => ({ name, label, type: 'date' });
const number = (name: string, label: string): TaskField => ({ name, label, type: 'number' });
const choice = (name: string, label: string, options: string[]): TaskField => ({
  name,
  label,
  type: 'choice',
  options,
});

// Fields and tasks several templates share.
const PLATFORM = text('platform', 'Platform or provider');
const RISK = choice('risk', 'Initial risk to the child', ['low', 'medium', 'high', 'very high']);
const preservation = (dueDays: number): StandardTask => ({
  title: 'Send preservation requests to the platforms',
  dueDays,
  fields: [PLATFORM, date('preservationSentOn', 'Preservation request sent on')],
});
const REMITTANCES: StandardTask = {
  title: 'Request remittance records',
  dueDays: 7,
  fields: [text('remitter', 'Remittance company'), number('transactions', 'Transactions identified')],
};
// RA 11862: the police open an investigation within 10 days of a report.
const POLICE: StandardTask = {
  title: 'Open the police investigation',
  dueDays: 10,
  fields: [text('blotterNumber', 'Blotter entry number')],
};

/**
 * The case templates, as data: which stages each kind of case goes through and the tasks it starts with.
 * Due days follow the legal clocks (preservation first, a police investigation opened within 10 days under
 * RA 11862) and the IJM practice of safeguarding a child before anything that could alert the offender.
 */
export const CASE_TEMPLATES = {
  'livestream-for-pay': {
    label: 'Livestreamed abuse for pay',
    stages: ['intake', 'investigation', 'operation', 'prosecution', 'aftercare'],
    tasks: [
      preservation(1),
      { title: 'Assess the risk to the children', dueDays: 2, fields: [RISK] },
      REMITTANCES,
      POLICE,
      {
        title: 'Apply for a warrant to disclose computer data',
        dueDays: 14,
        fields: [text('court', 'Court')],
      },
    ],
  },
  'abuse-material-distribution': {
    label: 'Abuse material distribution',
    stages: ['intake', 'investigation', 'operation', 'prosecution', 'aftercare'],
    tasks: [
      preservation(1),
      {
        title: 'Compare the file hashes with the known-material sets',
        dueDays: 3,
        fields: [number('knownMatches', 'Files matching a known set')],
      },
      { title: 'Try to identify the children shown', dueDays: 14, fields: [RISK] },
      POLICE,
    ],
  },
  sextortion: {
    label: 'Sextortion',
    // A sextortion case rarely needs a rescue operation: the child is reached through the report.
    stages: ['intake', 'investigation', 'prosecution', 'aftercare'],
    tasks: [
      {
        title: 'Contact the child and guardian through a social worker',
        dueDays: 1,
        fields: [date('contactedOn', 'Contacted on'), RISK],
      },
      {
        title: 'Ask the platform to take the images down',
        dueDays: 1,
        fields: [PLATFORM, text('takedownReference', 'Take-down reference')],
      },
      preservation(2),
      {
        title: 'Trace the payment demands',
        dueDays: 7,
        fields: [
          choice('paymentChannel', 'Payment channel', [
            'e-wallet',
            'bank',
            'remittance',
            'gift card',
            'crypto',
          ]),
        ],
      },
    ],
  },
  'foreign-offender': {
    label: 'Foreign offender (demand side)',
    // The offender is abroad: the Philippine side investigates and protects, the prosecution happens there.
    stages: ['intake', 'investigation', 'operation', 'aftercare'],
    tasks: [
      {
        title: 'Notify the offender’s country through its liaison officer',
        dueDays: 2,
        fields: [text('agency', 'Agency notified'), text('agencyReference', 'Their reference')],
      },
      preservation(1),
      REMITTANCES,
      { title: 'Identify the facilitator and the children', dueDays: 14, fields: [RISK] },
    ],
  },
} satisfies Record<string, CaseTemplate>;

export type CaseTemplateId = keyof typeof CASE_TEMPLATES;
export const CASE_TEMPLATE_IDS = Object.keys(CASE_TEMPLATES) as [CaseTemplateId, ...CaseTemplateId[]];
export const CaseTemplateId = z.enum(CASE_TEMPLATE_IDS);
export const DEFAULT_CASE_TEMPLATE: CaseTemplateId = 'livestream-for-pay';

export function caseTemplate(id: CaseTemplateId): CaseTemplate {
  return CASE_TEMPLATES[id];
}

/** What a move from one stage to another is under a template: forward one step, back, or not allowed. */
export type StageMove = { kind: 'forward' } | { kind: 'back' } | { kind: 'refused'; reason: string };

/**
 * Forward goes to the next stage of the template only (no stage is skipped silently); back may go to any
 * earlier stage (the caller must give a reason). Closing and reopening are their own actions.
 */
export function stageMove(template: CaseTemplateId, from: CaseStatus, to: CaseStage): StageMove {
  const stages: readonly CaseStage[] = CASE_TEMPLATES[template].stages;
  if (from === 'closed') return { kind: 'refused', reason: 'the case is closed; reopen it first' };
  const at = stages.indexOf(from);
  const target = stages.indexOf(to);
  if (target < 0) return { kind: 'refused', reason: `a ${template} case has no ${to} stage` };
  if (target === at) return { kind: 'refused', reason: `the case is already at ${to}` };
  if (target < at) return { kind: 'back' };
  const next = stages[at + 1];
  if (target === at + 1 || at < 0) return { kind: 'forward' };
  return { kind: 'refused', reason: `the next stage is ${next}; stages are not skipped` };
}

/** The stage after `from` in the template, or undefined at its last stage. */
export function nextStage(template: CaseTemplateId, from: CaseStatus): CaseStage | undefined {
  const stages: readonly CaseStage[] = CASE_TEMPLATES[template].stages;
  const at = stages.indexOf(from as CaseStage);
  return at < 0 ? undefined : stages[at + 1];
}
