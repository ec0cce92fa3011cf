import { sql, type Kysely } from 'kysely';

/** The default rules: each Philippine region to its regional office, then national intake, then abroad. */
const PH_REGIONS: [string, string][] = [
  ['NCR', 'National Capital Region (NCR)'],
  ['CAR', 'Cordillera Administrative Region (CAR)'],
  ['I', 'Ilocos Region (I)'],
  ['II', 'Cagayan Valley (II)'],
  ['III', 'Central Luzon (III)'],
  ['IV-A', 'CALABARZON (IV-A)'],
  ['MIMAROPA', 'MIMAROPA Region'],
  ['V', 'Bicol Region (V)'],
  ['VI', 'Western Visayas (VI)'],
  ['VII', 'Central Visayas (VII)'],
  ['VIII', 'Eastern Visayas (VIII)'],
  ['IX', 'Zamboanga Peninsula (IX)'],
  ['X', 'Northern Mindanao (X)'],
  ['XI', 'Davao Region (XI)'],
  ['XII', 'SOCCSKSARGEN (XII)'],
  ['XIII', 'Caraga (XIII)'],
  ['BARMM', 'Bangsamoro Autonomous Region in Muslim Mindanao (BARMM)'],
];
const DEFAULT_RULES: [string | null, string | null, string][] = [
  ...PH_REGIONS.map(([code, name]): [string, string, string] => ['PH', code, `${name} regional office`]),
  ['PH', null, 'National intake: region not determined'],
  ['unknown', null, 'National intake: location not determined'],
  [null, null, 'International liaison queue'],
];

/**
 * Routing: the ordered rules (the first that matches a referral's location routes it), where each referral
 * was routed and why, the geolocation it was routed by, and the queue of referrals the routing worker
 * (geo/routing-worker.ts) geolocates or re-routes — all those stored before this migration to begin with.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create table routing_rules (
      position integer primary key check (position > 0),
      country text,
      region text,
      destination text not null
    );

    alter table referrals
      add column geolocation jsonb,
      add column routed_to text,
      add column routing_reason text,
      add column routing_rule jsonb;
    -- The queue's first page, filtered by destination or region, in its default order.
    create index referrals_routed_to on referrals (organisation_id, routed_to, band, due_at, received_at desc, id);
    create index referrals_region on referrals (organisation_id, region, band, due_at, received_at desc, id);

    create table routing_queue (
      referral_id uuid primary key references referrals(id) on delete cascade,
      queued_at timestamptz not null default now()
    );
    create index routing_queue_order on routing_queue (queued_at);
    insert into routing_queue (referral_id) select id from referrals;
  `.execute(db);
  await sql`
    insert into routing_rules (position, country, region, destination)
    values ${sql.join(DEFAULT_RULES.map((rule, i) => sql`(${i + 1}, ${rule[0]}, ${rule[1]}, ${rule[2]})`))}
  `.execute(db);
}
