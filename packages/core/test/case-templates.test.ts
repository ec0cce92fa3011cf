import { describe, expect, it } from 'vitest';
import {
  CASE_TEMPLATE_IDS,
  CASE_TEMPLATES,
  nextStage,
  stageMove,
  TaskField,
  taskValuesProblem,
  type CaseStage,
  type CaseStatus,
  type CaseTemplateId,
} from '../src/index.ts';

describe('case templates', () => {
  it.each(CASE_TEMPLATE_IDS)('%s starts at intake, keeps the lifecycle order and has valid tasks', (id) => {
    const template = CASE_TEMPLATES[id];
    const order = ['intake', 'investigation', 'operation', 'prosecution', 'aftercare'];
    expect(template.stages[0]).toBe('intake');
    const positions = template.stages.map((s) => order.indexOf(s));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
    expect(template.tasks.length).toBeGreaterThan(0);
    for (const task of template.tasks) {
      expect(task.dueDays).toBeGreaterThan(0);
      for (const field of task.fields) expect(TaskField.safeParse(field).success).toBe(true);
    }
  });
});

describe('stage moves', () => {
  it.each<[CaseTemplateId, CaseStatus, CaseStage, string]>([
    ['livestream-for-pay', 'intake', 'investigation', 'forward'],
    ['livestream-for-pay', 'investigation', 'operation', 'forward'],
    [
      'livestream-for-pay',
      'intake',
      'operation',
      'refused: the next stage is investigation; stages are not skipped',
    ],
    ['livestream-for-pay', 'prosecution', 'investigation', 'back'],
    ['livestream-for-pay', 'intake', 'intake', 'refused: the case is already at intake'],
    ['sextortion', 'investigation', 'prosecution', 'forward'],
    ['sextortion', 'investigation', 'operation', 'refused: a sextortion case has no operation stage'],
    ['foreign-offender', 'operation', 'aftercare', 'forward'],
    ['foreign-offender', 'closed', 'intake', 'refused: the case is closed; reopen it first'],
  ])('%s: %s → %s is %s', (template, from, to, expected) => {
    const move = stageMove(template, from, to);
    expect(move.kind === 'refused' ? `refused: ${move.reason}` : move.kind).toBe(expected);
  });

  it.each<[CaseTemplateId, CaseStatus, CaseStage | undefined]>([
    ['livestream-for-pay', 'intake', 'investigation'],
    ['sextortion', 'investigation', 'prosecution'],
    ['foreign-offender', 'investigation', 'operation'],
    ['foreign-offender', 'aftercare', undefined],
  ])('%s: after %s comes %s', (template, from, next) => {
    expect(nextStage(template, from)).toBe(next);
  });
});

describe('task values', () => {
  const fields: TaskField[] = [
    { name: 'court', label: 'Court', type: 'text' },
    { name: 'servedOn', label: 'Served on', type: 'date' },
    { name: 'count', label: 'Accounts', type: 'number' },
    { name: 'risk', label: 'Risk', type: 'choice', options: ['low', 'high'] },
  ];
  const full = { court: 'RTC Branch 1', servedOn: '2026-03-01', count: 3, risk: 'high' };
  it.each<[string, Record<string, unknown>, boolean, string | undefined]>([
    ['all filled, completing', full, true, undefined],
    ['one missing, saving', { court: 'RTC' }, false, undefined],
    [
      'one missing, completing',
      { ...full, count: undefined },
      true,
      'count: Accounts must be filled before completing the task',
    ],
    [
      'an empty text, completing',
      { ...full, court: '' },
      true,
      'court: Court must be filled before completing the task',
    ],
    ['a bad date', { servedOn: '01/03/2026' }, false, 'servedOn: Served on must be a date as YYYY-MM-DD'],
    ['a number as text', { count: '3' }, false, 'count: Accounts must be a number'],
    ['an unknown choice', { risk: 'medium' }, false, 'risk: Risk must be one of: low, high'],
    ['an unknown field', { colour: 'red' }, false, 'colour: is not a field of this task'],
  ])('%s', (_what, values, complete, expected) => {
    const problem = taskValuesProblem(fields, values, complete);
    expect(problem && `${problem.field}: ${problem.message}`).toBe(expected);
  });

  it('refuses a choice field without options and options on a text field', () => {
    expect(TaskField.safeParse({ name: 'a', label: 'A', type: 'choice' }).success).toBe(false);
    expect(TaskField.safeParse({ name: 'a', label: 'A', type: 'text', options: ['x'] }).success).toBe(false);
  });
});
