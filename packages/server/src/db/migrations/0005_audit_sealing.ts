import { sql, type Kysely } from 'kysely';

/**
 * Audit entries are written with the change they record and sealed into the hash chain just after, in
 * batches: holding the chain's head from the first append until commit made every audited write wait for
 * the one before it. An entry now takes its number from a sequence, and a statement-level trigger queues it
 * for sealing in the same transaction; a seal (chain position, previous hash, hash) is a row of its own,
 * so both tables stay insert-only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence audit_log_seq owned by audit_log.seq;
    select setval('audit_log_seq', coalesce((select max(seq) from audit_log), 0) + 1, false);
    alter table audit_log alter column seq set default nextval('audit_log_seq');

    create table audit_seals (
      position bigint primary key,
      seq bigint not null unique,
      prev_hash text not null,
      hash text not null
    );
    insert into audit_seals (position, seq, prev_hash, hash) select seq, seq, prev_hash, hash from audit_log;
    alter table audit_log drop column prev_hash, drop column hash;
    create trigger audit_seals_append_only before update or delete on audit_seals
      for each row execute function audit_log_is_append_only();
    alter table audit_head rename column seq to position;

    create table audit_unsealed (seq bigint primary key);
    create function audit_log_queue_for_sealing() returns trigger language plpgsql as $$
    begin
      insert into audit_unsealed (seq) select seq from appended;
      return null;
    end;
    $$;
    create trigger audit_log_queue_for_sealing after insert on audit_log
      referencing new table as appended for each statement
      execute function audit_log_queue_for_sealing();
  `.execute(db);
}
