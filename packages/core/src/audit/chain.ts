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

/** SHA-256 over the previous link and a record's canonical JSON: the rule of every hash chain in Sinag. */
export function chainedHash(previousHash: string, record: unknown): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalJson(record)).digest('hex');
}

/** Each entry's hash covers its own fields and the previous entry's hash: a change anywhere breaks the chain. */
export function auditEntryHash(previousHash: string, record: AuditRecord): string {
  return chainedHash(previousHash, record);
}

export type ChainCheck =
  { ok: true; entries: number } | { ok: false; entries: number; brokenAt: number; reason: string };

/**
 * A sealed entry: `position` is its place in the chain (1, 2, 3, … with no gaps), given when it was sealed —
 * which can differ from the order of `seq`, since transactions commit in their own order.
 */
export type ChainedAuditRecord = AuditRecord & { position: number; prevHash: string; hash: string };

/** Where the chain ends: the newest sealed entry's position and hash. */
export interface ChainHead {
  position: number;
  hash: string;
}

/**
 * Checks entries fed in chain order (so a long log can be read page by page) and keeps the first fault:
 * a changed entry, a broken link, or a gap where an entry was removed. `finish` compares the end of the
 * chain with the recorded head, which catches the newest entries being removed.
 */
export class ChainVerifier {
  private previous = GENESIS_HASH;
  private expectedPosition = 1;
  private lastSeq = 0;
  private count = 0;
  private fault: ChainCheck | undefined;

  add(entry: ChainedAuditRecord): boolean {
    if (this.fault) return false;
    this.count++;
    const fail = (reason: string) => this.fail(entry.seq, reason);
    if (entry.position !== this.expectedPosition)
      return fail(`the entry at chain position ${this.expectedPosition} is missing`);
    if (entry.prevHash !== this.previous) return fail('its link to the previous entry does not match');
    const { position: _position, prevHash: _p, hash, ...record } = entry;
    if (auditEntryHash(this.previous, record) !== hash) return fail('its content does not match its hash');
    this.previous = hash;
    this.lastSeq = entry.seq;
    this.expectedPosition++;
    return true;
  }

  /** A seal whose entry is gone: entry `seq` was removed after it was sealed at `position`. */
  missing(seq: number, position: number): boolean {
    if (this.fault) return false;
    this.count++;
    return this.fail(seq, `entry ${seq}, sealed at chain position ${position}, is missing`);
  }

  private fail(seq: number, reason: string): false {
    this.fault = { ok: false, entries: this.count, brokenAt: seq, reason };
    return false;
  }

  finish(head: ChainHead): ChainCheck {
    if (this.fault) return this.fault;
    const last = this.expectedPosition - 1;
    if (head.position !== last || head.hash !== this.previous) {
      return {
        ok: false,
        entries: this.count,
        brokenAt: this.lastSeq + 1,
        reason: `the chain ends at position ${last} but its head records position ${head.position}`,
      };
    }
    return { ok: true, entries: this.count };
  }
}
