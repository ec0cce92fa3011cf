import { sql, type Kysely } from 'kysely';

/**
 * The CyberTipline-compatible reporting API (/ispws): reports a platform has submitted but not yet finished or
 * retracted, and the files uploaded to them. A report becomes a referral only when it is finished.
 *
 * Files hold hashes, size and content type only: the uploaded bytes are hashed while streaming and discarded.
 * The report and fileDetails documents are kept encrypted (they can name a child); their SHA-256 in the clear
 * serves the 24-hour duplicate rule.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    create sequence ispws_report_id;

    create table ispws_reports (
      report_id bigint primary key default nextval('ispws_report_id'),
      organisation_id uuid not null references organisations(id),
      user_id uuid not null references users(id),
      status text not null default 'open' check (status in ('open', 'finished', 'retracted')),
      document_sha256 text not null,
      document_ciphertext text not null,
      submitted_at timestamptz not null default now(),
      finished_at timestamptz,
      retracted_at timestamptz,
      referral_id uuid references referrals(id)
    );
    alter sequence ispws_report_id owned by ispws_reports.report_id;
    create index ispws_reports_duplicates on ispws_reports (organisation_id, document_sha256, submitted_at);

    create table ispws_files (
      file_id text primary key,
      report_id bigint not null references ispws_reports(report_id),
      file_index integer not null,
      file_name text,
      media_type text,
      size_bytes bigint not null,
      md5 text not null,
      sha1 text not null,
      sha256 text not null,
      uploaded_at timestamptz not null default now(),
      details_sha256 text,
      details_ciphertext text,
      details_received_at timestamptz,
      unique (report_id, file_index)
    );
  `.execute(db);
}
