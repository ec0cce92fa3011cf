import { sql, type Kysely } from 'kysely';

/**
 * Identifier linking and deconfliction. Each referral's linkable identifiers become link keys
 * (`referral_link_keys`, by key id so indexes stay small and no identifier appears in a URL); referrals that
 * share a key under the linking rules are in one cluster (`referral_clusters`, only referrals that link:
 * a referral without a row is alone), whose size is kept on the cluster row for the queue filter.
 * `referral_links` records which key joined which referral to which, to explain a cluster. New referrals
 * wait in `link_queue` (filled in the statement that stores them); existing ones are queued here.
 * Deconfliction publications hold keyed hashes only, never identifiers.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table link_keys (
      id bigint generated always as identity primary key,
      key text not null unique
    );

    create table referral_link_keys (
      referral_id uuid not null references referrals(id) on delete cascade,
      key_id bigint not null references link_keys(id),
      -- IPs only: the service that saw the address and when; they decide whether two sightings link.
      service text,
      observed_at timestamptz
    );
    create index referral_link_keys_key on referral_link_keys (key_id, observed_at);
    create index referral_link_keys_referral on referral_link_keys (referral_id);

    create table clusters (
      id uuid primary key,
      size integer not null check (size >= 2),
      updated_at timestamptz not null default now()
    );
    create index clusters_size on clusters (size);

    create table referral_clusters (
      referral_id uuid primary key references referrals(id) on delete cascade,
      cluster_id uuid not null references clusters(id)
    );
    create index referral_clusters_cluster on referral_clusters (cluster_id);

    create table referral_links (
      referral_id uuid not null references referrals(id) on delete cascade,
      linked_referral_id uuid not null references referrals(id) on delete cascade,
      key_id bigint not null references link_keys(id),
      linked_at timestamptz not null default now(),
      primary key (referral_id, linked_referral_id, key_id)
    );
    create index referral_links_linked on referral_links (linked_referral_id);

    create table link_queue (
      referral_id uuid primary key references referrals(id) on delete cascade,
      queued_at timestamptz not null default now()
    );
    create index link_queue_order on link_queue (queued_at);
    -- Referrals stored before linking existed are linked like new ones.
    insert into link_queue (referral_id) select id from referrals where identifier_count > 0;

    -- Who to call about an organisation's open cases, shown to other organisations on a deconfliction hit.
    create table deconfliction_contacts (
      organisation_id uuid primary key references organisations(id) on delete cascade,
      name text not null,
      email text,
      phone text,
      updated_at timestamptz not null default now()
    );

    -- One publication per organisation (this installation's, or imported from another sharing the key).
    create table deconfliction_publications (
      id uuid primary key default gen_random_uuid(),
      organisation text not null unique,
      organisation_id uuid references organisations(id) on delete cascade,
      contact jsonb not null,
      published_at timestamptz not null,
      imported_at timestamptz
    );
    create table deconfliction_hashes (
      publication_id uuid not null references deconfliction_publications(id) on delete cascade,
      hmac text not null,
      primary key (hmac, publication_id)
    );
    create index deconfliction_hashes_publication on deconfliction_hashes (publication_id);
  `.execute(db);
}
