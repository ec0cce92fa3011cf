import { describe, expect, it } from 'vitest';
import { auditEntryHash, chainedHash, GENESIS_HASH, type AuditRecord } from '../src/audit/chain.ts';
import {
  chainCustodyEntry,
  custodyEntryHash,
  EMPTY_CUSTODY_HEAD,
  verifyCustodyChain,
  type ChainedCustodyRecord,
  type CustodyHead,
} from '../src/cases/custody.ts';

function log(n: number): { entries: ChainedCustodyRecord[]; head: CustodyHead } {
  let head = EMPTY_CUSTODY_HEAD;
  const entries: ChainedCustodyRecord[] = [];
  for (let i = 0; i < n; i++) {
    const entry = chainCustodyEntry(head, {
      evidenceId: 'e1',
      from: i === 0 ? 'Seizing officer' : `Custodian ${i}`,
      to: `Custodian ${i + 1}`,
      at: new Date(Date.UTC(2026, 0, 1 + i)).toISOString(),
      reason: 'Transfer for forensic examination',
      recordedBy: 'u1',
      recordedAt: new Date(Date.UTC(2026, 0, 1 + i, 1)).toISOString(),
    });
    entries.push(entry);
    head = { entries: entry.position, hash: entry.hash };
  }
  return { entries, head };
}

/** An entry changed and given a hash that matches its new content: only the next link shows it. */
function rehashed(entry: ChainedCustodyRecord, change: Partial<ChainedCustodyRecord>): ChainedCustodyRecord {
  const { prevHash, hash: _old, ...record } = { ...entry, ...change };
  return { ...record, prevHash, hash: custodyEntryHash(prevHash, record) };
}

describe('custody chain', () => {
  it('uses the audit log’s hashing rule', () => {
    const record = { seq: 1, action: 'x' } as unknown as AuditRecord;
    expect(chainedHash(GENESIS_HASH, record)).toBe(auditEntryHash(GENESIS_HASH, record));
    const first = log(1).entries[0]!;
    const { prevHash: _p, hash, ...fields } = first;
    expect(hash).toBe(chainedHash(GENESIS_HASH, fields));
    expect(first).toMatchObject({ position: 1, prevHash: GENESIS_HASH });
  });

  const { entries, head } = log(4);
  const cases: [string, ChainedCustodyRecord[], CustodyHead, ReturnType<typeof verifyCustodyChain>][] = [
    ['an intact log', entries, head, { ok: true, entries: 4 }],
    ['an empty log with an empty head', [], EMPTY_CUSTODY_HEAD, { ok: true, entries: 0 }],
    [
      'a changed reason',
      entries.map((e, i) => (i === 1 ? { ...e, reason: 'Other' } : e)),
      head,
      { ok: false, entries: 4, brokenAt: 2, reason: 'its content does not match its hash' },
    ],
    [
      'a changed recipient given a fresh hash',
      entries.map((e, i) => (i === 2 ? rehashed(e, { to: 'Somebody else' }) : e)),
      head,
      { ok: false, entries: 4, brokenAt: 4, reason: 'its link to the previous entry does not match' },
    ],
    [
      'a removed middle entry',
      entries.filter((_, i) => i !== 1),
      head,
      { ok: false, entries: 3, brokenAt: 2, reason: 'the entry at position 2 is missing' },
    ],
    [
      'the newest entry removed',
      entries.slice(0, 3),
      head,
      { ok: false, entries: 3, brokenAt: 4, reason: 'the log ends at entry 3 but the item records 4' },
    ],
    [
      'entries of another item spliced in',
      entries.map((e, i) => (i === 0 ? { ...e, evidenceId: 'e2' } : e)),
      head,
      { ok: false, entries: 4, brokenAt: 1, reason: 'its content does not match its hash' },
    ],
  ];
  it.each(cases)('%s', (_name, given, givenHead, expected) => {
    expect(verifyCustodyChain(given, givenHead)).toEqual(expected);
  });
});
