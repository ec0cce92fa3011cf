import { z } from 'zod';

/**
 * A structured risk assessment of a subject, in the style of KIRAT (the UK's Kent Internet Risk Assessment
 * Tool): questions grouped in four sections, each answer worth points, and the total banded into a level.
 * The questions are data, so a new questionnaire is a new version here; assessments record which one they used.
 */
export const RISK_LEVELS = ['low', 'medium', 'high', 'very-high'] as const;
export const RiskLevel = z.enum(RISK_LEVELS);
export type RiskLevel = z.infer<typeof RiskLevel>;

export const RISK_SECTIONS = [
  'previous-behaviour',
  'access-to-children',
  'current-facilitators',
  'other-factors',
] as const;
export type RiskSection = (typeof RISK_SECTIONS)[number];

export const RiskAnswer = z.enum(['yes', 'no', 'unknown']);
export type RiskAnswer = z.infer<typeof RiskAnswer>;

export interface RiskQuestion {
  id: string;
  section: RiskSection;
  text: string;
  /** Points for "yes"; "unknown" counts half, since an unchecked fact is not a reassuring one. */
  weight: number;
  /** A "yes" sets the level to at least this, whatever the total. */
  atLeast?: RiskLevel;
}

export interface RiskQuestionnaire {
  id: string;
  questions: RiskQuestion[];
  /** The lowest total for each level above low. */
  thresholds: { medium: number; high: number; 'very-high': number };
}

export const RISK_QUESTIONNAIRE: RiskQuestionnaire = {
  id: 'sinag-risk-2026-1',
  thresholds: { medium: 4, high: 9, 'very-high': 15 },
  questions: [
    {
      id: 'prior-child-offence',
      section: 'previous-behaviour',
      text: 'Convicted or charged before with a sexual offence against a child',
      weight: 4,
      atLeast: 'high',
    },
    {
      id: 'prior-referrals',
      section: 'previous-behaviour',
      text: 'Named in earlier referrals or intelligence about child exploitation',
      weight: 2,
    },
    {
      id: 'paid-for-livestream',
      section: 'previous-behaviour',
      text: 'Paid for, requested or directed livestreamed abuse',
      weight: 3,
    },
    {
      id: 'distributed-material',
      section: 'previous-behaviour',
      text: 'Produced or distributed abuse material',
      weight: 3,
    },
    {
      id: 'lives-with-children',
      section: 'access-to-children',
      text: 'Lives in a household with children',
      weight: 3,
    },
    {
      id: 'guardian-of-victim',
      section: 'access-to-children',
      text: 'Is a parent or guardian of an identified victim',
      weight: 4,
      atLeast: 'high',
    },
    {
      id: 'role-with-children',
      section: 'access-to-children',
      text: 'Has work or a volunteer role that gives access to children',
      weight: 2,
    },
    {
      id: 'online-contact',
      section: 'access-to-children',
      text: 'Is in online contact with children',
      weight: 2,
    },
    {
      id: 'active-facilitator',
      section: 'current-facilitators',
      text: 'Is in contact with a facilitator who offers children, or is one',
      weight: 4,
      atLeast: 'high',
    },
    {
      id: 'remittances',
      section: 'current-facilitators',
      text: 'Sends payments that match the pattern of paying for abuse',
      weight: 2,
    },
    {
      id: 'offender-network',
      section: 'current-facilitators',
      text: 'Belongs to a group or network of offenders',
      weight: 2,
    },
    {
      id: 'ongoing-abuse',
      section: 'other-factors',
      text: 'Abuse is believed to be ongoing',
      weight: 4,
      atLeast: 'very-high',
    },
    {
      id: 'travel',
      section: 'other-factors',
      text: 'Travels or plans to travel to where victims live',
      weight: 2,
    },
    {
      id: 'evasion',
      section: 'other-factors',
      text: 'Uses anonymisation or counter-surveillance to avoid detection',
      weight: 1,
    },
    {
      id: 'threats',
      section: 'other-factors',
      text: 'Has threatened or coerced victims or witnesses',
      weight: 3,
    },
  ],
};

export type RiskAnswers = Record<string, RiskAnswer>;

export interface RiskScore {
  questionnaire: string;
  /** Points per section. */
  sections: Record<RiskSection, number>;
  total: number;
  level: RiskLevel;
  /** The questions whose "yes" raised the level above what the total gave. */
  raisedBy: string[];
}

export type RiskValidation = { ok: true } | { ok: false; field: string; reason: string };

/** Every question answered, and nothing that is not a question. */
export function checkRiskAnswers(answers: RiskAnswers, questionnaire = RISK_QUESTIONNAIRE): RiskValidation {
  for (const q of questionnaire.questions)
    if (!(q.id in answers)) return { ok: false, field: `answers.${q.id}`, reason: 'must be answered' };
  for (const id of Object.keys(answers))
    if (!questionnaire.questions.some((q) => q.id === id))
      return { ok: false, field: `answers.${id}`, reason: 'is not a question of this assessment' };
  return { ok: true };
}

const rank = (level: RiskLevel) => RISK_LEVELS.indexOf(level);

/** Scores complete answers (see `checkRiskAnswers`). */
export function scoreRisk(answers: RiskAnswers, questionnaire = RISK_QUESTIONNAIRE): RiskScore {
  const sections = Object.fromEntries(RISK_SECTIONS.map((s) => [s, 0])) as Record<RiskSection, number>;
  const raising: RiskQuestion[] = [];
  for (const q of questionnaire.questions) {
    const answer = answers[q.id];
    const points = answer === 'yes' ? q.weight : answer === 'unknown' ? q.weight / 2 : 0;
    sections[q.section] += points;
    if (answer === 'yes' && q.atLeast) raising.push(q);
  }
  const total = RISK_SECTIONS.reduce((sum, s) => sum + sections[s], 0);
  const { thresholds } = questionnaire;
  const byTotal: RiskLevel =
    total >= thresholds['very-high']
      ? 'very-high'
      : total >= thresholds.high
        ? 'high'
        : total >= thresholds.medium
          ? 'medium'
          : 'low';
  let level = byTotal;
  for (const q of raising) if (rank(q.atLeast!) > rank(level)) level = q.atLeast!;
  const raisedBy = raising.filter((q) => rank(q.atLeast!) > rank(byTotal)).map((q) => q.id);
  return { questionnaire: questionnaire.id, sections, total, level, raisedBy };
}
