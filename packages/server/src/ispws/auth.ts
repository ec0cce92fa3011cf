import { createHmac, randomBytes } from 'node:crypto';
import type { Actor } from '../auth/actor.ts';
import { checkCredentials } from '../auth/service.ts';
import { AppError } from '../http/errors.ts';
import { owningOrganisation } from '../referrals/service.ts';
import type { Services } from '../services.ts';
import { IspwsError } from './responses.ts';

/** The platform behind a request: its account, and the organisation name its reports carry. */
export interface IspwsCaller {
  actor: Actor;
  organisationName: string;
  /** Where its referrals go: the intake organisation (a platform's users cannot read referrals). */
  owningOrganisationId: string;
}

const CHALLENGE = { 'www-authenticate': 'Basic realm="Sinag", charset="UTF-8"' };
const REQUIRED_ROLE = 'platform-reporter';

/** After this many failed attempts from one address within a minute, it is turned away without a check. */
const MAX_FAILURES_PER_MINUTE = 20;

interface Cached {
  caller: IspwsCaller;
  expiresAt: number;
}

/**
 * HTTP Basic authentication for /ispws, with the same checks as a token request (`checkCredentials`: every
 * attempt audited, accounts locked after repeated failures), then the platform-reporter role.
 *
 * A successful check is cached in memory for `ttlMs` (60 s): the password hash is argon2id, ~30 ms of CPU
 * by design, and NCMEC's protocol sends the password with every request (a report is 3+ requests). The
 * cache is keyed by an HMAC of username and password under a key that never leaves this process, holds at
 * most `maxEntries` callers (least recently used go first), and forgets a username on any failed attempt.
 * The cost: a deactivated account or a changed password takes effect here within `ttlMs`.
 */
export class BasicAuthenticator {
  private readonly key = randomBytes(32);
  private readonly cache = new Map<string, Cached>();
  private readonly failures = new Map<string, { count: number; resetAt: number }>();

  constructor(
    private readonly services: Services,
    private readonly ttlMs = 60_000,
    private readonly maxEntries = 1000,
  ) {}

  async authenticate(header: string | undefined, ip: string | null): Promise<IspwsCaller> {
    const credentials = parseBasic(header);
    const caller = await this.verify(credentials, ip);
    if (caller.actor.role !== REQUIRED_ROLE) {
      throw new IspwsError(
        3000,
        `this account's role (${caller.actor.role}) may not use the platform reporting API; it needs the ${REQUIRED_ROLE} role (sinag platform add).`,
      );
    }
    return { ...caller, actor: { ...caller.actor, ip } };
  }

  private async verify(
    { username, password }: { username: string; password: string },
    ip: string | null,
  ): Promise<IspwsCaller> {
    const cacheKey = createHmac('sha256', this.key)
      .update(username)
      .update('\0')
      .update(password)
      .digest('hex');
    const now = Date.now();
    const hit = this.cache.get(cacheKey);
    if (hit && hit.expiresAt > now) {
      // Re-insert: a Map keeps insertion order, so the first key is always the least recently used.
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, hit);
      return hit.caller;
    }
    if (hit) this.cache.delete(cacheKey);

    const address = ip ?? 'unknown';
    const failures = this.failures.get(address);
    if (failures && failures.resetAt > now && failures.count >= MAX_FAILURES_PER_MINUTE) {
      const seconds = Math.ceil((failures.resetAt - now) / 1000);
      throw new IspwsError(2000, `too many failed attempts from this address: try again in ${seconds} s.`, {
        status: 429,
        headers: { 'retry-after': String(seconds) },
      });
    }

    let actor: Actor;
    try {
      actor = await checkCredentials(this.services, username, password, ip, 'token');
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      this.forget(username);
      this.countFailure(address, now);
      const retryAfter = error.headers['retry-after'];
      throw new IspwsError(2000, error.message, {
        headers: { ...CHALLENGE, ...(retryAfter ? { 'retry-after': retryAfter } : {}) },
      });
    }
    const organisation = await this.services.db
      .selectFrom('organisations')
      .select('name')
      .where('id', '=', actor.organisationId)
      .executeTakeFirstOrThrow();
    const caller: IspwsCaller = {
      actor,
      organisationName: organisation.name,
      owningOrganisationId: await owningOrganisation(this.services, actor),
    };
    this.cache.set(cacheKey, { caller, expiresAt: now + this.ttlMs });
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value!);
    return caller;
  }

  private forget(username: string): void {
    for (const [key, entry] of this.cache) {
      if (entry.caller.actor.username === username) this.cache.delete(key);
    }
  }

  private countFailure(address: string, now: number): void {
    const entry = this.failures.get(address);
    if (!entry || entry.resetAt <= now) this.failures.set(address, { count: 1, resetAt: now + 60_000 });
    else entry.count++;
    if (this.failures.size > 10_000) {
      for (const [key, value] of this.failures) if (value.resetAt <= now) this.failures.delete(key);
    }
  }
}

/** Username and password from `Authorization: Basic base64(username:password)`. */
function parseBasic(header: string | undefined): { username: string; password: string } {
  const missing = (detail: string) => new IspwsError(2000, detail, { headers: CHALLENGE });
  if (!header) {
    throw missing(
      'send HTTP Basic credentials: the username and password `sinag platform add` printed for your platform.',
    );
  }
  const match = /^Basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(header);
  if (!match) throw missing('the Authorization header must be "Basic <base64 of username:password>".');
  const decoded = Buffer.from(match[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) throw missing('the Basic credentials must be "username:password", base64-encoded.');
  // The limits of a login (LoginInput), checked before anything is looked up.
  if (colon > 100 || decoded.length - colon - 1 > 1000)
    throw missing('the username or password is too long.');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
