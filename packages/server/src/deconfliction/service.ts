import {
  DeconflictionFileHeader,
  DeconflictionHashLine,
  type DeconflictionContact,
  type DeconflictionHits,
  type DeconflictionPublication,
  type DeconflictionPublishInput,
} from '@sinag/core';
import { sql, type Transaction } from 'kysely';
import { appendAudit, auditActor, type AuditActor } from '../audit/log.ts';
import type { Actor } from '../auth/actor.ts';
import type { Database } from '../db/schema.ts';
import { AppError, fromZodError } from '../http/errors.ts';
import { identifierOfKey, notVisible } from '../linking/cluster.ts';
import { contactOf } from '../linking/contacts.ts';
import type { Services } from '../services.ts';
import { SYSTEM_ACTOR } from '../users/service.ts';
import { deconflictionHmac, federationKey, keyCheck } from './hmac.ts';

/** Whose publication is worked on (an organisation's), and how the audit log names who did it. */
export interface DeconflictionActor {
  organisationId: string;
  by: AuditActor;
}

export const deconflictionActor = (actor: Actor): DeconflictionActor => ({
  organisationId: actor.organisationId,
  by: auditActor(actor),
});

/** Strong link keys only: an IP without its time would match strangers behind one carrier-grade NAT. */
const STRONG = sql`k.key not like 'ip:%'`;

async function organisationName(trx: Transaction<Database>, id: string): Promise<string> {
  const row = await trx
    .selectFrom('organisations')
    .select('name')
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  return row.name;
}

async function storedContact(trx: Transaction<Database>, org: string): Promise<DeconflictionContact | null> {
  const row = await trx
    .selectFrom('deconfliction_contacts')
    .select(['name as contact_name', 'email as contact_email', 'phone as contact_phone'])
    .where('organisation_id', '=', org)
    .executeTakeFirst();
  return row ? contactOf(row) : null;
}

/** Replaces the publication of `organisation` with these hashes. */
async function replacePublication(
  trx: Transaction<Database>,
  publication: {
    organisation: string;
    organisationId: string | null;
    contact: DeconflictionContact;
    publishedAt: Date;
    imported: boolean;
  },
  hmacs: string[],
): Promise<void> {
  await trx
    .deleteFrom('deconfliction_publications')
    .where('organisation', '=', publication.organisation)
    .execute();
  const { id } = await trx
    .insertInto('deconfliction_publications')
    .values({
      organisation: publication.organisation,
      organisation_id: publication.organisationId,
      contact: JSON.stringify(publication.contact),
      published_at: publication.publishedAt,
      imported_at: publication.imported ? new Date() : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const unique = [...new Set(hmacs)];
  for (let i = 0; i < unique.length; i += 10_000)
    await sql`insert into deconfliction_hashes (publication_id, hmac)
      select ${id}, unnest(${unique.slice(i, i + 10_000)}::text[])`.execute(trx);
}

/** Replaces the organisation's publication with the keyed hashes of its open cases' strong link keys. */
async function publishOpenCases(
  services: Services,
  trx: Transaction<Database>,
  org: string,
  contact: DeconflictionContact,
  by: AuditActor,
): Promise<DeconflictionPublication> {
  const key = federationKey(services);
  // Unmarked before the keys are read: a change marked meanwhile stays marked, for the next round.
  await trx.deleteFrom('deconfliction_stale').where('organisation_id', '=', org).execute();
  const { rows } = await sql<{ key: string }>`
    select distinct k.key
    from cases c join case_referrals cr on cr.case_id = c.id
      join referral_link_keys rk on rk.referral_id = cr.referral_id
      join link_keys k on k.id = rk.key_id
    where c.organisation_id = ${org} and c.status <> 'closed' and ${STRONG}`.execute(trx);
  const organisation = await organisationName(trx, org);
  const publishedAt = new Date();
  await replacePublication(
    trx,
    { organisation, organisationId: org, contact, publishedAt, imported: false },
    rows.map((r) => deconflictionHmac(key, r.key)),
  );
  await appendAudit(trx, by, [
    {
      action: 'deconfliction.publish',
      entityType: 'organisation',
      entityId: org,
      details: { hashes: rows.length, ...(by === SYSTEM_ACTOR ? { automatic: true } : {}) },
    },
  ]);
  return { organisation, contact, publishedAt: publishedAt.toISOString(), hashes: rows.length };
}

/**
 * Publishes keyed hashes of the strong identifiers of the caller's organisation's open cases, replacing
 * its previous publication. The contact given is kept for later publications, which then follow the
 * organisation's open cases by themselves (`markPublicationStale`).
 */
export async function publish(
  services: Services,
  who: DeconflictionActor,
  input: DeconflictionPublishInput,
): Promise<DeconflictionPublication> {
  federationKey(services); // refused before anything is written when deconfliction is off
  const org = who.organisationId;
  return services.db.transaction().execute(async (trx) => {
    if (input.contact) {
      const c = input.contact;
      const row = { name: c.name, email: c.email ?? null, phone: c.phone ?? null, updated_at: new Date() };
      await trx
        .insertInto('deconfliction_contacts')
        .values({ organisation_id: org, ...row })
        .onConflict((oc) => oc.column('organisation_id').doUpdateSet(row))
        .execute();
    }
    const contact = input.contact ?? (await storedContact(trx, org));
    if (!contact)
      throw new AppError(
        'validation_failed',
        'contact: required the first time your organisation publishes',
        'contact',
      );
    return publishOpenCases(services, trx, org, contact, who.by);
  });
}

/**
 * Notes that an organisation's open cases changed (one opened, closed, reopened or took more referrals): if it
 * publishes for deconfliction, the background loop (`republishStale`) publishes again, so another
 * organisation is never told to call about a closed case, nor left unaware of a new one.
 */
export async function markPublicationStale(trx: Transaction<Database>, organisationId: string) {
  await sql`
    insert into deconfliction_stale (organisation_id)
    select ${organisationId}::uuid where exists (
      select 1 from deconfliction_publications where organisation_id = ${organisationId}::uuid)
    on conflict do nothing`.execute(trx);
}

/**
 * As markPublicationStale, for the organisations with an open case that holds one of these referrals: linking
 * gave them their link keys anew.
 */
export async function markPublicationsOfReferralsStale(trx: Transaction<Database>, referralIds: string[]) {
  await sql`
    insert into deconfliction_stale (organisation_id)
    select distinct c.organisation_id from case_referrals cr join cases c on c.id = cr.case_id
    where cr.referral_id = any(${referralIds}::uuid[]) and c.status <> 'closed'
      and exists (select 1 from deconfliction_publications p where p.organisation_id = c.organisation_id)
    on conflict do nothing`.execute(trx);
}

/** Organisations published again per transaction (by default). */
export const REPUBLISH_BATCH = 10;

/** Publishes again, with its stored contact, each organisation whose open cases changed; returns how many. */
export async function republishStale(services: Services, batch = REPUBLISH_BATCH): Promise<number> {
  return services.db.transaction().execute(async (trx) => {
    const { rows } = await sql<{ organisation_id: string }>`
      select organisation_id from deconfliction_stale order by marked_at limit ${batch}
      for update skip locked`.execute(trx);
    for (const { organisation_id: org } of rows) {
      const contact = await storedContact(trx, org);
      // Deconfliction switched off since (no key): nothing can be published until it is on again.
      if (!contact || !services.config.federationKey)
        await trx.deleteFrom('deconfliction_stale').where('organisation_id', '=', org).execute();
      else await publishOpenCases(services, trx, org, contact, SYSTEM_ACTOR);
    }
    return rows.length;
  });
}

/** The caller's organisation's current publication and contact. */
export async function publicationOf(
  services: Services,
  who: DeconflictionActor,
): Promise<DeconflictionPublication> {
  const org = who.organisationId;
  return services.db.transaction().execute(async (trx) => {
    const row = await trx
      .selectFrom('deconfliction_publications as p')
      .select([
        'p.published_at',
        (eb) =>
          eb
            .selectFrom('deconfliction_hashes as h')
            .whereRef('h.publication_id', '=', 'p.id')
            .select(eb.fn.countAll<number>().as('n'))
            .as('hashes'),
      ])
      .where('p.organisation_id', '=', org)
      .executeTakeFirst();
    return {
      organisation: await organisationName(trx, org),
      contact: await storedContact(trx, org),
      publishedAt: row?.published_at.toISOString() ?? null,
      hashes: Number(row?.hashes ?? 0),
    };
  });
}

/**
 * Another organisation's open case sharing an identifier with the referral: compares the keyed hashes of
 * the referral's strong identifiers with every publication but the caller's own organisation's.
 */
export async function deconflictReferral(
  services: Services,
  actor: Actor,
  id: string,
): Promise<DeconflictionHits> {
  const key = services.config.federationKey;
  const org = actor.organisationId;
  return services.db.transaction().execute(async (trx) => {
    const referral = await trx
      .selectFrom('referrals')
      .select('id')
      .where('id', '=', id)
      .where('organisation_id', '=', org)
      .executeTakeFirst();
    if (!referral) throw notVisible();
    let hits: DeconflictionHits['hits'] = [];
    if (key) {
      const { rows: keys } = await sql<{ key: string }>`
        select distinct k.key from referral_link_keys rk join link_keys k on k.id = rk.key_id
        where rk.referral_id = ${id} and ${STRONG}`.execute(trx);
      const byHmac = new Map(keys.map((k) => [deconflictionHmac(key, k.key), k.key]));
      const { rows } = byHmac.size
        ? await sql<{
            hmac: string;
            organisation: string;
            contact: DeconflictionContact;
            published_at: Date;
            imported_at: Date | null;
          }>`
            select h.hmac, p.organisation, p.contact, p.published_at, p.imported_at
            from deconfliction_hashes h join deconfliction_publications p on p.id = h.publication_id
            where h.hmac = any(${[...byHmac.keys()]}::text[])
              and p.organisation_id is distinct from ${org}
            order by p.organisation`.execute(trx)
        : { rows: [] };
      const byOrganisation = new Map<string, DeconflictionHits['hits'][number]>();
      for (const r of rows) {
        const hit = byOrganisation.get(r.organisation) ?? {
          organisation: r.organisation,
          contact: r.contact,
          publishedAt: r.published_at.toISOString(),
          imported: r.imported_at !== null,
          identifiers: [],
        };
        hit.identifiers.push(identifierOfKey(byHmac.get(r.hmac)!));
        byOrganisation.set(r.organisation, hit);
      }
      hits = [...byOrganisation.values()];
    }
    await appendAudit(trx, auditActor(actor), [
      {
        action: 'referral.deconfliction.read',
        entityType: 'referral',
        entityId: id,
        details: { hits: hits.map((h) => h.organisation) },
      },
    ]);
    return { configured: Boolean(key), hits };
  });
}

/** The caller's organisation's publication as a file for another installation (JSON lines). */
export async function exportPublication(services: Services, who: DeconflictionActor): Promise<string> {
  const key = federationKey(services);
  const org = who.organisationId;
  return services.db.transaction().execute(async (trx) => {
    const publication = await trx
      .selectFrom('deconfliction_publications')
      .select(['id', 'organisation', 'contact', 'published_at'])
      .where('organisation_id', '=', org)
      .executeTakeFirst();
    if (!publication)
      throw new AppError(
        'not_found',
        'Your organisation has not published yet: POST /api/v1/deconfliction/publish first.',
      );
    const hashes = await trx
      .selectFrom('deconfliction_hashes')
      .select('hmac')
      .where('publication_id', '=', publication.id)
      .orderBy('hmac')
      .execute();
    const header: DeconflictionFileHeader = {
      format: 'sinag-deconfliction/1',
      organisation: publication.organisation,
      contact: publication.contact as DeconflictionContact,
      publishedAt: publication.published_at.toISOString(),
      keyCheck: keyCheck(key),
    };
    await appendAudit(trx, who.by, [
      {
        action: 'deconfliction.export',
        entityType: 'organisation',
        entityId: org,
        details: { hashes: hashes.length },
      },
    ]);
    return (
      [header, ...hashes.map((h) => ({ hmac: h.hmac }))].map((line) => JSON.stringify(line)).join('\n') + '\n'
    );
  });
}

/**
 * Imports another installation's publication file, replacing that organisation's earlier one. Refused
 * whole when a line is not valid, the key check differs (another federation key: nothing would match), or
 * it names one of this installation's own organisations.
 */
export async function importPublication(
  services: Services,
  who: DeconflictionActor,
  text: string,
): Promise<DeconflictionPublication> {
  const key = federationKey(services);
  const lines = text.split('\n').filter((l) => l.trim());
  const parse = (line: string | undefined, n: number) => {
    try {
      return JSON.parse(line ?? '') as unknown;
    } catch {
      throw new AppError('validation_failed', `line ${n}: not JSON`, `line ${n}`);
    }
  };
  const header = DeconflictionFileHeader.safeParse(parse(lines[0], 1));
  if (!header.success) throw fromZodError(header.error, 'line 1');
  if (header.data.keyCheck !== keyCheck(key))
    throw new AppError(
      'validation_failed',
      'line 1.keyCheck: the file was made with another federation key',
      'line 1.keyCheck',
    );
  const hmacs = lines.slice(1).map((line, i) => {
    const parsed = DeconflictionHashLine.safeParse(parse(line, i + 2));
    if (!parsed.success) throw fromZodError(parsed.error, `line ${i + 2}`);
    return parsed.data.hmac;
  });
  const { organisation, contact, publishedAt } = header.data;
  return services.db.transaction().execute(async (trx) => {
    const local = await trx
      .selectFrom('organisations')
      .select('id')
      .where('name', '=', organisation)
      .executeTakeFirst();
    if (local)
      throw new AppError(
        'validation_failed',
        `line 1.organisation: "${organisation}" is an organisation of this installation`,
        'line 1.organisation',
      );
    await replacePublication(
      trx,
      { organisation, organisationId: null, contact, publishedAt: new Date(publishedAt), imported: true },
      hmacs,
    );
    await appendAudit(trx, who.by, [
      {
        action: 'deconfliction.import',
        entityType: 'deconfliction-publication',
        entityId: organisation,
        details: { hashes: hmacs.length },
      },
    ]);
    return {
      organisation,
      contact,
      publishedAt: new Date(publishedAt).toISOString(),
      hashes: new Set(hmacs).size,
    };
  });
}
