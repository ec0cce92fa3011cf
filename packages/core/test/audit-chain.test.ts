import { describe, expect, it } from 'vitest';
import {
  auditEntryHash,
  canonicalJson,
  ChainVerifier,
  GENESIS_HASH,
  type ChainedAuditRecord,
} from '../src/audit/chain.ts';

function chain(n: number): ChainedAuditRecord[] {
  let previous = GENESIS_HASH;
  return Array.from({ length: n }, (_, i) => {
    const record = {
      seq: i + 1,
      at: new Date(Date.UTC(2026, 0, 1, 0, i)).toISOString(),
      actorUserId: 'u1',
      actorName: 'analyst',
      actorOrgId: 'o1',
      action: 'referral.read',
      entityType: 'referral',
      entityId: `r${i}`,
      ip: '127.0.0.1',
      details: { b: 1, a: [1, { y: 2, x: 1 }] },
    };
    const hash = auditEntryHash(previous, record);
    const entry = { ...record, position: i + 1, prevHash: previous, hash };
    previous = hash;
    return entry;
  });
}

/** An entry altered and given a matching hash: only the next entry's link shows the change. */
function rehashed(entry: ChainedAuditRecord, change: Partial<ChainedAuditRecord>): ChainedAuditRecord {
  const { position, prevHash, hash: _old, ...record } = { ...entry, ...change };
  return { ...record, position, prevHash, hash: auditEntryHash(prevHash, record) };
}

function verify(
  entries: ChainedAuditRecord[],
  head = { position: entries.at(-1)?.position ?? 0, hash: entries.at(-1)?.hash ?? GENESIS_HASH },
) {
  const verifier = new ChainVerifier();
  for (const entry of entries) if (!verifier.add(entry)) break;
  return verifier.finish(head);
}

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { f: 1, e: 0 }], c: undefined } })).toBe(
      '{"a":{"d":[2,{"e":0,"f":1}]},"b":1}',
    );
  });
});

describe('ChainVerifier', () => {
  it('accepts an intact chain, and an empty one', () => {
    expect(verify(chain(10))).toEqual({ ok: true, entries: 10 });
    expect(verify([])).toEqual({ ok: true, entries: 0 });
  });

  const tampered: [string, (entries: ChainedAuditRecord[]) => ChainedAuditRecord[], number][] = [
    ['a changed field', (e) => e.map((x) => (x.seq === 4 ? { ...x, actorName: 'someone else' } : x)), 4],
    ['changed details', (e) => e.map((x) => (x.seq === 7 ? { ...x, details: { b: 2 } } : x)), 7],
    ['a removed entry', (e) => e.filter((x) => x.seq !== 5), 6],
    [
      'a re-hashed entry that breaks the next link',
      (e) => e.map((x) => (x.seq === 3 ? rehashed(x, { action: 'x' }) : x)),
      4,
    ],
  ];

  it.each(tampered)('names the first broken entry after %s', (_name, change, brokenAt) => {
    const result = verify(change(chain(10)), { position: 10, hash: chain(10)[9]!.hash });
    expect(result).toMatchObject({ ok: false, brokenAt });
  });

  it('detects removal of the newest entries through the head', () => {
    const entries = chain(10);
    expect(verify(entries.slice(0, 8), { position: 10, hash: entries[9]!.hash })).toMatchObject({
      ok: false,
      brokenAt: 9,
    });
  });
});
