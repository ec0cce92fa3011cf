import { describe, expect, it } from 'vitest';
import type { Classification } from '../src/cases/schema.ts';
import {
  nextShareState,
  sharedEvent,
  sharedParts,
  type ShareAction,
  type ShareCeiling,
  type ShareKind,
  type ShareState,
} from '../src/cases/sharing.ts';

describe('what a share lets through', () => {
  const cases: [ShareCeiling, Classification, string[]][] = [
    ['CLEAR', 'AMBER', ['summary']],
    ['GREEN', 'AMBER', ['summary', 'prosecution']],
    ['AMBER', 'AMBER', ['summary', 'prosecution', 'timeline', 'evidence']],
    ['AMBER', 'GREEN', ['summary', 'prosecution', 'timeline', 'evidence']],
    ['AMBER', 'RED', []],
    ['CLEAR', 'RED', []],
  ];
  it.each(cases)('a %s share of a %s case shows %j', (ceiling, classification, parts) => {
    expect(sharedParts(ceiling, classification)).toEqual(parts);
  });

  it.each([
    ['stage.change', true],
    ['charge.add', true],
    ['evidence.add', true],
    ['operation.plan', false],
    ['task.complete', false],
    ['aftercare.stage', false],
    ['placement.change', false],
    ['vault.read', false],
    ['consent.withdraw', false],
    ['restricted.evidence.add', false],
  ])('a timeline event of kind %s is shared: %s', (kind, shared) => {
    expect(sharedEvent(kind)).toBe(shared);
  });
});

describe('share states', () => {
  const cases: [ShareKind, ShareState, ShareAction, ShareState | string][] = [
    ['share', 'requested', 'accept', 'accepted'],
    ['share', 'requested', 'reject', 'rejected'],
    ['share', 'requested', 'revoke', 'revoked'],
    ['share', 'accepted', 'revoke', 'revoked'],
    ['referral', 'accepted', 'revoke', 'revoked'],
    ['transfer', 'requested', 'revoke', 'revoked'],
    ['transfer', 'accepted', 'revoke', 'a transfer that is accepted cannot be revoked'],
    ['share', 'accepted', 'accept', 'the share is already accepted'],
    ['share', 'rejected', 'accept', 'the share is already rejected'],
    ['share', 'revoked', 'revoke', 'a share that is revoked cannot be revoked'],
    ['referral', 'revoked', 'reject', 'the referral is already revoked'],
  ];
  it.each(cases)('a %s that is %s, on %s → %s', (kind, state, action, expected) => {
    const next = nextShareState(kind, state, action);
    expect(next.ok ? next.state : next.reason).toBe(expected);
  });
});
