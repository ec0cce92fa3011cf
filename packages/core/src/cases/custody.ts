import { chainedHash, GENESIS_HASH } from '../audit/chain.ts';

/** The fields of a custody log entry that its hash covers. */
export interface CustodyRecord {
  evidenceId: string;
  /** 1, 2, 3, … per evidence item, with no gaps. */
  position: number;
  from: string;
  to: string;
  /** When the material changed hands (ISO 8601). */
  at: string;
  reason: string;
  recordedBy: string | null;
  recordedAt: string;
}

export type ChainedCustodyRecord = CustodyRecord & { prevHash: string; hash: string };

/** Where an item's custody chain ends, kept on the evidence item so removing the newest entries shows. */
export interface CustodyHead {
  entries: number;
  hash: string;
}

export type CustodyCheck =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/** Same rule as the audit log: each entry's hash covers its fields and the previous entry's hash. */
export function custodyEntryHash(previousHash: string, record: CustodyRecord): string {
  return chainedHash(previousHash, record);
}

/** The next entry of a chain whose head is `head`. */
export function chainCustodyEntry(
  head: CustodyHead,
  record: Omit<CustodyRecord, 'position'>,
): ChainedCustodyRecord {
  const full = { ...record, position: head.entries + 1 };
  return { ...full, prevHash: head.hash, hash: custodyEntryHash(head.hash, full) };
}

export const EMPTY_CUSTODY_HEAD: CustodyHead = { entries: 0, hash: GENESIS_HASH };

/**
 * Walks one item's entries in position order and names the first fault: a gap (an entry removed), a broken
 * link, content that no longer matches its hash, or a chain that ends before its recorded head (the newest
 * entries removed).
 */
export function verifyCustodyChain(entries: ChainedCustodyRecord[], head: CustodyHead): CustodyCheck {
  let previous = GENESIS_HASH;
  for (const [i, entry] of entries.entries()) {
    const expected = i + 1;
    const fail = (reason: string): CustodyCheck => ({
      ok: false,
      entries: entries.length,
      brokenAt: expected,
      reason,
    });
    if (entry.position !== expected) return fail(`the entry at position ${expected} is missing`);
    if (entry.prevHash !== previous) return fail('its link to the previous entry does not match');
    const { prevHash: _prev, hash, ...record } = entry;
    if (custodyEntryHash(previous, record) !== hash) return fail('its content does not match its hash');
    previous = hash;
  }
  if (head.entries !== entries.length || head.hash !== previous) {
    return {
      ok: false,
      entries: entries.length,
      brokenAt: entries.length + 1,
      reason: `the log ends at entry ${entries.length} but the item records ${head.entries}`,
    };
  }
  return { ok: true, entries: entries.length };
}
