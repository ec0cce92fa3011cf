import { describe, expect, it } from 'vitest';
import {
  addPeriod,
  deadlineState,
  extensionRefusal,
  preservationExpiry,
  warrantReturnDue,
  type PreservationJurisdiction,
  type WarrantType,
} from '../src/index.ts';

const at = (iso: string) => new Date(iso);

describe('addPeriod', () => {
  it.each([
    ['2026-01-15T08:00:00Z', { months: 6 }, '2026-07-15T08:00:00.000Z'],
    ['2026-08-31T00:00:00Z', { months: 6 }, '2027-02-28T00:00:00.000Z'],
    ['2027-08-31T00:00:00Z', { months: 6 }, '2028-02-29T00:00:00.000Z'],
    ['2026-12-10T23:30:00Z', { months: 12 }, '2027-12-10T23:30:00.000Z'],
    ['2026-03-01T10:00:00Z', { hours: 72 }, '2026-03-04T10:00:00.000Z'],
    ['2026-03-01T10:00:00Z', { months: 1, hours: 1 }, '2026-04-01T11:00:00.000Z'],
  ])('%s + %j = %s', (start, period, expected) => {
    expect(addPeriod(at(start), period).toISOString()).toBe(expected);
  });
});

describe('preservation expiry', () => {
  it.each<[PreservationJurisdiction, string, number, string]>([
    // Philippines: 6 months from the request, one 6-month extension.
    ['PH', '2026-02-10T00:00:00Z', 0, '2026-08-10T00:00:00.000Z'],
    ['PH', '2026-02-10T00:00:00Z', 1, '2027-02-10T00:00:00.000Z'],
    ['PH', '2026-08-31T00:00:00Z', 0, '2027-02-28T00:00:00.000Z'],
    ['PH', '2026-08-31T00:00:00Z', 1, '2027-08-31T00:00:00.000Z'],
    // United States: one year after the CyberTip (REPORT Act; it was 90 days).
    ['US', '2026-05-20T12:00:00Z', 0, '2027-05-20T12:00:00.000Z'],
  ])('%s from %s with %i extensions ends %s', (jurisdiction, start, extensions, expected) => {
    expect(preservationExpiry(jurisdiction, at(start), extensions).toISOString()).toBe(expected);
  });

  const now = at('2026-06-01T00:00:00Z');
  it.each<[PreservationJurisdiction, number, string, string | undefined]>([
    ['PH', 0, '2026-08-10T00:00:00Z', undefined],
    ['PH', 1, '2027-02-10T00:00:00Z', 'Philippines rules allow 1 extension, already taken'],
    ['PH', 0, '2026-05-31T00:00:00Z', 'the preservation has expired; send a new request'],
    ['US', 0, '2027-05-20T12:00:00Z', 'United States rules allow no extension'],
  ])('%s with %i extensions, expiring %s: %s', (jurisdiction, taken, expires, refusal) => {
    expect(extensionRefusal(jurisdiction, taken, at(expires), now)).toBe(refusal);
  });
});

describe('warrant return due', () => {
  const issued = at('2026-03-02T09:00:00Z');
  const served = at('2026-03-03T15:00:00Z');
  it.each<[WarrantType, Date | undefined, string | undefined]>([
    // Disclosure within 72 hours of service; unknown until served.
    ['WDCD', served, '2026-03-06T15:00:00.000Z'],
    ['WDCD', undefined, undefined],
    // Return within 48 hours after the 10-day effectivity from issue.
    ['WICD', undefined, '2026-03-14T09:00:00.000Z'],
    ['WECD', served, '2026-03-14T09:00:00.000Z'],
    // Initial return within 10 days of issue.
    ['WSSECD', served, '2026-03-12T09:00:00.000Z'],
  ])('%s served %s: due %s', (type, servedAt, expected) => {
    expect(warrantReturnDue(type, issued, servedAt)?.toISOString()).toBe(expected);
  });
});

describe('deadline state', () => {
  const now = at('2026-06-01T00:00:00Z');
  it.each([
    ['2026-05-31T23:59:59Z', 7, 'overdue'],
    ['2026-06-01T00:00:00Z', 7, 'due-soon'],
    ['2026-06-08T00:00:00Z', 7, 'due-soon'],
    ['2026-06-08T00:00:01Z', 7, 'later'],
    ['2026-06-01T12:00:00Z', 0, 'later'],
  ])('due %s within %i days is %s', (due, within, state) => {
    expect(deadlineState(at(due), now, within)).toBe(state);
  });
});
