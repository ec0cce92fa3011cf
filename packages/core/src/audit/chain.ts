import { createHash } from 'node:crypto';

/** The fields of an audit entry that its hash covers. */
export interface AuditRecord {
  seq: number;
  at: string;
  actorUserId: string | null;
  actorName: string;
  actorOrgId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  ip: string | null;
  details: unknown;
}

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same value always gives the same text (jsonb reorders keys). */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Each entry's hash covers its own fields and the previous entry's hash: a change anywhere breaks the chain. */
export function auditEntryHash(previousHash: string, record: AuditRecord): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(record)).digest('hex');
}

export type ChainCheck =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

export type ChainedAuditRecord = AuditRecord & { prevHash: string; hash: string };

/**
 * Checks entries fed in sequence order (so a long log can be read page by page) and keeps the first fault:
 * a changed entry, a broken link, or a gap where an entry was removed. `finish` compares the end of the
 * chain with the recorded head, which catches the newest entries being removed.
 */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  private expectedSeq = 1;
  private count = 0;
  private fault: ChainCheck | undefined;

  add(entry: ChainedAuditRecord): boolean {
    if (this.fault) return false;
    this.count++;
    const fail = (reason: string) => {
      this.fault = { ok: false, entries: this.count, brokenAt: entry.seq, reason };
      return false;
    };
    if (entry.seq !== this.expectedSeq) return fail(`entry ${this.expectedSeq} is missing`);
    if (entry.prevHash !== this.previous) return fail('its link to the previous entry does not match');
    const { prevHash: _p, hash, ...record } = entry;
    if (auditEntryHash(this.previous, record) !== hash) return fail('its content does not match its hash');
    this.previous = hash;
    this.expectedSeq++;
    return true;
  }

  finish(head: { seq: number; hash: string }): ChainCheck {
    if (this.fault) return this.fault;
    if (head.seq !== this.expectedSeq - 1 || head.hash !== this.previous) {
      return {
        ok: false,
        entries: this.count,
        brokenAt: this.expectedSeq,
        reason: `the log ends at entry ${this.expectedSeq - 1} but its head records entry ${head.seq}`,
      };
    }
    return { ok: true, entries: this.count };
  }
}
