import { describe, expect, it } from 'vitest';
import { checkPlacement, type SubjectForConflict } from '../src/cases/aftercare.ts';
import {
  checkRiskAnswers,
  RISK_QUESTIONNAIRE,
  scoreRisk,
  type RiskAnswer,
  type RiskAnswers,
} from '../src/cases/risk-assessment.ts';

/** Every question answered `rest`, except the ones given. */
function answers(given: Record<string, RiskAnswer>, rest: RiskAnswer = 'no'): RiskAnswers {
  return Object.fromEntries(RISK_QUESTIONNAIRE.questions.map((q) => [q.id, given[q.id] ?? rest]));
}

describe('risk assessment', () => {
  /** [what, answers, total, level, raised by]. */
  const table: [string, RiskAnswers, number, string, string[]][] = [
    ['nothing known against', answers({}), 0, 'low', []],
    ['one minor factor', answers({ evasion: 'yes', 'online-contact': 'yes' }), 3, 'low', []],
    ['medium at the threshold', answers({ 'prior-referrals': 'yes', remittances: 'yes' }), 4, 'medium', []],
    [
      'unknowns count half',
      answers({ 'paid-for-livestream': 'unknown', 'distributed-material': 'unknown', travel: 'unknown' }),
      4,
      'medium',
      [],
    ],
    [
      'a prior child offence alone is at least high',
      answers({ 'prior-child-offence': 'yes' }),
      4,
      'high',
      ['prior-child-offence'],
    ],
    [
      'ongoing abuse is very high whatever the total',
      answers({ 'ongoing-abuse': 'yes' }),
      4,
      'very-high',
      ['ongoing-abuse'],
    ],
    [
      'high by total needs no raise',
      answers({ 'paid-for-livestream': 'yes', 'lives-with-children': 'yes', threats: 'yes' }),
      9,
      'high',
      [],
    ],
    [
      'very high by total',
      answers({
        'paid-for-livestream': 'yes',
        'distributed-material': 'yes',
        'lives-with-children': 'yes',
        threats: 'yes',
        travel: 'yes',
        evasion: 'yes',
      }),
      15,
      'very-high',
      [],
    ],
    ['everything unknown', answers({}, 'unknown'), 20.5, 'very-high', []],
  ];
  it.each(table)('%s', (_what, given, total, level, raisedBy) => {
    const score = scoreRisk(given);
    expect(score).toMatchObject({ total, level, raisedBy, questionnaire: RISK_QUESTIONNAIRE.id });
    const sum = Object.values(score.sections).reduce((a, b) => a + b, 0);
    expect(sum).toBe(total);
  });

  it('scores by section', () => {
    const score = scoreRisk(answers({ 'prior-referrals': 'yes', 'lives-with-children': 'unknown' }));
    expect(score.sections).toEqual({
      'previous-behaviour': 2,
      'access-to-children': 1.5,
      'current-facilitators': 0,
      'other-factors': 0,
    });
  });

  const checks: [string, RiskAnswers, object][] = [
    ['complete', answers({}), { ok: true }],
    [
      'a missing question',
      (({ travel: _t, ...rest }) => rest)(answers({})),
      { ok: false, field: 'answers.travel', reason: 'must be answered' },
    ],
    ['an unknown question', { ...answers({}), height: 'yes' }, { ok: false, field: 'answers.height' }],
  ];
  it.each(checks)('checks answers: %s', (_what, given, expected) => {
    expect(checkRiskAnswers(given)).toMatchObject(expected);
  });
});

describe('placement conflict check', () => {
  const uncle: SubjectForConflict = {
    id: 's-uncle',
    label: 'Pedro  Santos',
    identifiers: [{ kind: 'phone', value: '+639171234567' }],
    relationship: 'relative',
  };
  const customer: SubjectForConflict = {
    id: 's-customer',
    label: 'J. Doe',
    identifiers: [{ kind: 'email', value: 'jd@example.com' }],
    relationship: 'foreign-customer',
  };
  const mother: SubjectForConflict = { ...customer, id: 's-mother', label: 'Maria', isGuardian: true };
  const aunt = { name: 'Ana Reyes', identifiers: [{ kind: 'phone', value: '+639170000000' }] };

  const table: [string, Parameters<typeof checkPlacement>, string, string?][] = [
    ['a shelter, no subjects', ['shelter', undefined, []], 'clear'],
    ['a shelter, with subjects', ['shelter', undefined, [uncle, customer]], 'clear'],
    ['relatives, only a foreign customer is a subject', ['relatives', aunt, [customer]], 'clear'],
    ['foster family, a relative is a subject', ['foster-family', aunt, [uncle]], 'clear'],
    ['relatives, a relative is a subject', ['relatives', aunt, [uncle, customer]], 'flagged'],
    ['relatives, the guardian is a subject', ['relatives', aunt, [mother]], 'flagged'],
    [
      'the caregiver named as a subject',
      ['relatives', { ...aunt, subjectId: 's-customer' }, [uncle, customer]],
      'refused',
      's-customer',
    ],
    [
      'the caregiver has a subject’s name',
      ['foster-family', { name: 'pedro santos', identifiers: [] }, [uncle]],
      'refused',
      's-uncle',
    ],
    [
      'the caregiver shares a subject’s phone',
      ['relatives', { name: 'P.', identifiers: [{ kind: 'phone', value: '+639171234567' }] }, [uncle]],
      'refused',
      's-uncle',
    ],
    [
      'same value, another kind, is no match',
      ['foster-family', { name: 'P.', identifiers: [{ kind: 'email', value: '+639171234567' }] }, [uncle]],
      'clear',
    ],
  ];
  it.each(table)('%s', (_what, args, outcome, subjectId) => {
    const result = checkPlacement(...args);
    expect(result.outcome).toBe(outcome);
    if (subjectId) expect(result).toMatchObject({ subjectId });
  });
});
