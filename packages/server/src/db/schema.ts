import type { ColumnType, Generated, Insertable, Selectable } from 'kysely';

/** Row types of every table, as the migrations create them. */
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json<T = unknown> = ColumnType<T, string, string>;

export interface OrganisationsTable {
  id: Generated<string>;
  name: string;
  kind: string;
  created_at: CreatedAt;
}

export interface UsersTable {
  id: Generated<string>;
  organisation_id: string;
  username: string;
  display_name: string;
  role: string;
  password_hash: string;
  is_active: Generated<boolean>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: CreatedAt;
}

export interface SessionsTable {
  id: string;
  user_id: string;
  csrf_token: string;
  created_at: CreatedAt;
  expires_at: Date;
  ip: string | null;
  user_agent: string | null;
}

export interface ApiTokensTable {
  id: Generated<string>;
  user_id: string;
  name: string;
  token_hash: string;
  prefix: string;
  created_at: CreatedAt;
  expires_at: Date | null;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

export interface ReferralsTable {
  id: Generated<string>;
  reference: Generated<string>;
  organisation_id: string;
  source: string;
  status: Generated<string>;
  received_at: Date;
  incident_type: string;
  incident_at: Date | null;
  priority_band: string;
  priority_score: number;
  priority_factors: Json;
  priority_flags: Json;
  triage_config_version: number;
  override_band: string | null;
  override_reason: string | null;
  override_by: string | null;
  override_at: Date | null;
  /** The band that counts: the override's, else the scored one (generated). */
  band: ColumnType<string, never, never>;
  /** Received + the band's target (set by a trigger); null when the band has none. */
  due_at: ColumnType<Date | null, never, never>;
  country: string | null;
  region: string | null;
  reporter_name: string;
  identifier_count: number;
  file_count: number;
  data: Json;
  created_by: string | null;
  created_at: CreatedAt;
  assigned_to: string | null;
  assigned_at: Date | null;
  closed_reason: string | null;
  closed_at: Date | null;
  closed_by: string | null;
  closed_note: string | null;
  /** Null until the routing worker has located a referral stored before routing existed. */
  geolocation: ColumnType<unknown, string | null | undefined, string | null>;
  routed_to: string | null;
  routing_reason: string | null;
  routing_rule: ColumnType<unknown, string | null | undefined, string | null>;
}

export interface ReferralExternalIdsTable {
  referral_id: string;
  system: string;
  external_id: string;
}

export interface ReferralIdentifiersTable {
  referral_id: string;
  person_index: number;
  person_role: string;
  kind: string;
  value: string;
  service: string | null;
  observed_at: Date | null;
}

/** A reported person's name key (`personNameKeys`): how payment parties are matched to referrals by name. */
export interface ReferralPersonNamesTable {
  referral_id: string;
  name_key: string;
}

export interface ReferralFilesTable {
  referral_id: string;
  file_index: number;
  name: string | null;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  pdq: string | null;
  pdq_quality: number | null;
  /** The hashes of the image's 8 rotations and flips, when Sinag had the image (an upload). */
  pdq_dihedral: string[] | null;
  size_bytes: string | number | null;
  viewed_by_esp: boolean | null;
  publicly_available: boolean | null;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  resource_id: string;
  created_at: CreatedAt;
}

export interface CasesTable {
  id: Generated<string>;
  reference: Generated<string>;
  organisation_id: string;
  title: string;
  status: Generated<string>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
  template: Generated<string>;
  classification: Generated<string>;
  lead_id: string | null;
  closed_at: Date | null;
  closed_reason: string | null;
  closed_from: string | null;
}

export interface CaseTasksTable {
  id: Generated<string>;
  case_id: string;
  title: string;
  assignee_id: string | null;
  due_at: Date | null;
  status: Generated<string>;
  fields: ColumnType<unknown, string | undefined, string>;
  field_values: ColumnType<unknown, string | undefined, string>;
  created_by: string | null;
  created_at: CreatedAt;
  completed_at: Date | null;
  completed_by: string | null;
}

export interface CasePreservationsTable {
  id: Generated<string>;
  case_id: string;
  recipient: string;
  jurisdiction: string;
  reference: string | null;
  sent_at: Date;
  cybertip_reported_at: Date | null;
  expires_at: Date;
  extensions: Generated<number>;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseWarrantsTable {
  id: Generated<string>;
  case_id: string;
  type: string;
  court: string;
  number: string;
  issued_at: Date;
  served_at: Date | null;
  return_due_at: Date | null;
  returned_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseLegalRequestsTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  recipient: string;
  reference: string | null;
  sent_at: Date;
  due_at: Date;
  answered_at: Date | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseTeamTable {
  case_id: string;
  user_id: string;
  role_on_case: Generated<string>;
  added_at: CreatedAt;
}

export interface CaseEventsTable {
  id: Generated<number | string>;
  case_id: string;
  at: CreatedAt;
  actor_id: string | null;
  actor_name: string;
  kind: string;
  summary: string;
  detail: ColumnType<unknown, string | null | undefined, never>;
}

export interface CaseReferralsTable {
  case_id: string;
  referral_id: string;
  added_by: string | null;
  added_at: CreatedAt;
}

export interface EvidenceItemsTable {
  id: Generated<string>;
  case_id: string;
  label: string;
  description: string;
  md5: string | null;
  sha1: string | null;
  sha256: string | null;
  held_system: string;
  held_location: string;
  held_reference: string;
  restricted: Generated<boolean>;
  created_by: string | null;
  created_at: CreatedAt;
  custody_entries: Generated<number>;
  custody_head: string;
}

export interface CustodyEntriesTable {
  evidence_id: string;
  position: number;
  from_party: string;
  to_party: string;
  at: ColumnType<Date, Date | string, never>;
  reason: string;
  recorded_by: string | null;
  recorded_at: ColumnType<Date, Date | string, never>;
  prev_hash: string;
  hash: string;
}

export interface StatutesTable {
  id: Generated<string>;
  jurisdiction: string;
  code: string;
  section: Generated<string>;
  title: string;
  note: string | null;
  active: Generated<boolean>;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CaseProsecutionsTable {
  case_id: string;
  court: string;
  court_case_number: string;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface CaseChargesTable {
  id: Generated<string>;
  case_id: string;
  subject_id: string;
  statute_id: string;
  counts: Generated<number>;
  verdict: string | null;
  verdict_on: string | null;
  sentence: string | null;
  appeal_status: string | null;
  appeal_filed_on: string | null;
  appeal_outcome: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseHearingsTable {
  id: Generated<string>;
  case_id: string;
  at: ColumnType<Date, Date | string, Date | string>;
  kind: string;
  outcome: string | null;
  created_by: string | null;
}

export interface PleaAgreementsTable {
  id: Generated<string>;
  case_id: string;
  subject_id: string;
  offered_on: string;
  summary: string;
  status: string;
  created_by: string | null;
}

export interface DisclosureInterviewsTable {
  victim_id: string;
  case_id: string;
  evidence_id: string;
  recorded_on: string;
  recorded_by: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseSharesTable {
  id: Generated<string>;
  case_id: string;
  kind: string;
  from_organisation_id: string;
  to_organisation_id: string;
  ceiling: string;
  state: Generated<string>;
  note: string | null;
  requested_by: string | null;
  requested_at: CreatedAt;
  decided_by: string | null;
  decided_at: Date | null;
  revoked_by: string | null;
  revoked_at: Date | null;
}

export interface AuditLogTable {
  seq: Generated<number | string>;
  at: Date;
  actor_user_id: string | null;
  actor_name: string;
  actor_org_id: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  ip: string | null;
  details: Json;
}

/** An entry's place in the hash chain, written when it is sealed (moments after its commit). */
export interface AuditSealsTable {
  position: number | string;
  seq: number | string;
  prev_hash: string;
  hash: string;
}

/** Entries committed but not yet sealed (a trigger adds them). */
export interface AuditUnsealedTable {
  seq: number | string;
}

export interface AuditHeadTable {
  id: number;
  position: number | string;
  hash: string;
}

export interface ReferralVictimsTable {
  referral_id: string;
  victim_index: number;
  pseudonym: string;
  age_years: number | null;
  age_estimate: string | null;
  sex: string | null;
  country: string | null;
  region: string | null;
  identity_ciphertext: string | null;
}

export interface ReferralDocumentsTable {
  referral_id: string;
  document_index: number;
  kind: string;
  media_type: string;
  sha256: string;
  content_ciphertext: string;
  received_at: CreatedAt;
}

/** A follow-up code of the public form, stored only as its SHA-256. */
export interface PublicReportCodesTable {
  code_hash: string;
  referral_id: string;
  created_at: CreatedAt;
}

/** A submission token of the public form (hashed): a retried submission finds what it created. */
export interface PublicSubmissionsTable {
  token_hash: string;
  kind: string;
  referral_id: string;
  created_at: CreatedAt;
}

/** Information added to a referral after intake (e.g. a reporter's follow-up through the public form). */
export interface ReferralNotesTable {
  id: Generated<string>;
  referral_id: string;
  created_at: CreatedAt;
  source: string;
  text: string;
}

/** A report submitted through /ispws, until it is finished (then a referral) or retracted. */
export interface IspwsReportsTable {
  /** bigint: a number from pg, maybe a string elsewhere; always read through String(). */
  report_id: ColumnType<string | number, string | number | undefined, never>;
  organisation_id: string;
  user_id: string;
  status: Generated<'open' | 'finished' | 'retracted'>;
  document_sha256: string;
  document_ciphertext: string;
  submitted_at: CreatedAt;
  finished_at: Date | null;
  retracted_at: Date | null;
  referral_id: string | null;
}

/** A file uploaded through /ispws: hashes, size and content type only (the bytes are never kept). */
export interface IspwsFilesTable {
  file_id: string;
  report_id: ColumnType<string | number, string | number, never>;
  file_index: number;
  file_name: string | null;
  media_type: string | null;
  size_bytes: ColumnType<string | number, number, never>;
  md5: string;
  sha1: string;
  sha256: string;
  pdq: string | null;
  pdq_quality: number | null;
  pdq_dihedral: string[] | null;
  uploaded_at: CreatedAt;
  details_sha256: string | null;
  details_ciphertext: string | null;
  details_received_at: Date | null;
}

/** What a source's category values mean; built-in schemes come with the migration. */
export interface CategorySchemesTable {
  id: string;
  name: string;
  description: string;
  built_in: Generated<boolean>;
  categories: Json<{ value: string; label: string; description: string }[]>;
  created_at: CreatedAt;
}

/** A hash set ("bank"): known material or an allow-list, owned by one organisation. */
export interface HashSetsTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  source: string;
  scheme_id: string;
  kind: 'known' | 'allow';
  pdq_threshold: number;
  enabled: boolean;
  entry_count: ColumnType<number, number | undefined, number>;
  created_by: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

/** bytea columns; hash-sets/chunks.ts moves them as hex text, decoded by the database. */
type Bytes = Uint8Array | null;

/** Entries of a hash set in import order, column by column (see migration 0007). */
export interface HashSetChunksTable {
  hash_set_id: string;
  first_id: ColumnType<number, number, never>;
  count: number;
  present: Uint8Array;
  md5: Bytes;
  sha1: Bytes;
  sha256: Bytes;
  pdq: Bytes;
  /** The fields other than hashes, an array each (see migration 0007). */
  metadata: ColumnType<Record<string, unknown[]> | null, string | null, never>;
}

export interface HashSetEntryIdsTable {
  one: ColumnType<boolean, never, never>;
  last_id: number;
}

/** One import into a hash set: progress while it runs, and what became of each record. */
export interface HashSetImportsTable {
  id: string;
  hash_set_id: string;
  format: string;
  dialect: string | null;
  status: 'running' | 'completed' | 'failed';
  processed: Generated<number>;
  imported: Generated<number>;
  duplicates: Generated<number>;
  rejected: Generated<number>;
  errors: Json<{ record: number; line: number; reason: string }[]>;
  failure: string | null;
  created_by: string | null;
  started_at: CreatedAt;
  finished_at: Date | null;
}

export interface SettingsTable {
  key: string;
  value: Json;
}

export interface ReferralFileMatchesTable {
  referral_id: string;
  file_index: number;
  hash_set_id: string;
  entry_id: number | string;
  algorithm: 'md5' | 'sha1' | 'sha256' | 'pdq';
  /** Bits apart, for a PDQ match. */
  distance: number | null;
}

export interface MatchStateTable {
  organisation_id: string;
  sets_fingerprint: string;
}

export interface MatchQueueTable {
  referral_id: string;
  queued_at: ColumnType<Date, Date | undefined, never>;
}

export interface RoutingRulesTable {
  position: number;
  country: string | null;
  region: string | null;
  destination: string;
}

export interface RoutingQueueTable {
  referral_id: string;
  queued_at: ColumnType<Date, Date | undefined, never>;
}

export interface TriageConfigsTable {
  version: Generated<number>;
  config: Json;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface TriageQueueTable {
  referral_id: string;
  queued_at: ColumnType<Date, Date | undefined, never>;
}

export interface LinkKeysTable {
  id: Generated<number>;
  key: string;
}

export interface ReferralLinkKeysTable {
  referral_id: string;
  key_id: number;
  service: string | null;
  observed_at: Date | null;
}

export interface ClustersTable {
  id: string;
  size: number;
  updated_at: Generated<Date>;
}

export interface ReferralClustersTable {
  referral_id: string;
  cluster_id: string;
}

export interface ReferralLinksTable {
  referral_id: string;
  linked_referral_id: string;
  key_id: number;
  linked_at: Generated<Date>;
}

export interface LinkQueueTable {
  referral_id: string;
  queued_at: Generated<Date>;
}

export interface DeconflictionContactsTable {
  organisation_id: string;
  name: string;
  email: string | null;
  phone: string | null;
  updated_at: Generated<Date>;
}

export interface DeconflictionStaleTable {
  organisation_id: string;
  marked_at: Generated<Date>;
}

export interface DeconflictionPublicationsTable {
  id: Generated<string>;
  organisation: string;
  organisation_id: string | null;
  contact: Json;
  published_at: Date;
  imported_at: Date | null;
}

export interface DeconflictionHashesTable {
  publication_id: string;
  hmac: string;
}

// Migration 0015: the people of a case, operations and aftercare. Dates (`date` columns) are read as text.
type Day = ColumnType<string, string, string>;
type DayOrNull = ColumnType<string | null, string | null | undefined, string | null>;

export interface CaseSubjectsTable {
  id: Generated<string>;
  case_id: string;
  label: string;
  nationality: string | null;
  notes: string | null;
  risk_level: string | null;
  arrested_on: DayOrNull;
  arrest_region: string | null;
  arrest_city: string | null;
  arrest_agency: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface CaseSubjectIdentifiersTable {
  subject_id: string;
  kind: string;
  value: string;
  referral_id: string | null;
}

export interface SubjectRiskAssessmentsTable {
  subject_id: string;
  version: number;
  questionnaire: string;
  answers: Json;
  section_scores: Json;
  level: string;
  assessed_by: string | null;
  assessed_at: CreatedAt;
}

export interface CaseVictimsTable {
  id: Generated<string>;
  case_id: string;
  pseudonym: Generated<string>;
  age_band: string | null;
  sex: string | null;
  referral_pseudonym: string | null;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface VictimSubjectRelationsTable {
  victim_id: string;
  subject_id: string;
  relationship: string;
  is_guardian: boolean;
}

export interface VictimIdentitiesTable {
  victim_id: string;
  key_id: string;
  ciphertext: string;
  updated_by: string | null;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface ConsentRecordsTable {
  id: Generated<string>;
  victim_id: string;
  purpose: string;
  given_by: string;
  granted: boolean;
  given_on: Day;
  note: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
  withdrawn_on: DayOrNull;
  withdrawn_by: string | null;
  withdrawal_note: string | null;
}

export interface CaseOperationsTable {
  id: Generated<string>;
  case_id: string;
  name: string;
  planned_for: Day;
  region: string;
  city: string | null;
  partner_agencies: Json<string[]>;
  status: Generated<string>;
  planned_by: string | null;
  created_at: CreatedAt;
  approved_by: string | null;
  approved_at: Date | null;
  carried_out_on: DayOrNull;
  evidence_seized: string | null;
  outcome_by: string | null;
  outcome_at: Date | null;
}

export interface OperationStaffTable {
  operation_id: string;
  user_id: string;
  role: string;
}

export interface OperationSafeguardedTable {
  operation_id: string;
  victim_id: string;
}

export interface OperationArrestsTable {
  operation_id: string;
  subject_id: string;
}

export interface AftercareStagesTable {
  id: Generated<number | string>;
  victim_id: string;
  stage: string;
  entered_on: Day;
  note: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface AftercarePlacementsTable {
  id: Generated<string>;
  victim_id: string;
  kind: string;
  placed_on: Day;
  ended_on: DayOrNull;
  key_id: string;
  details_ciphertext: string;
  conflict_flag: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface AftercareServicesTable {
  id: Generated<string>;
  victim_id: string;
  service: string;
  delivered_on: Day;
  provider: string | null;
  note: string | null;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface AftercareReintegrationTable {
  victim_id: string;
  reintegrated_on: Day;
  recorded_by: string | null;
  recorded_at: CreatedAt;
}

export interface FinanceSourcesTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  created_at: CreatedAt;
}

export interface FinanceImportsTable {
  id: string;
  organisation_id: string;
  source_id: string;
  format: string;
  status: Generated<string>;
  rows: Generated<number>;
  imported: Generated<number>;
  already_present: Generated<number>;
  rejected: Generated<number>;
  rejected_rows: ColumnType<unknown, string | undefined, string>;
  created_by: string | null;
  started_at: CreatedAt;
  finished_at: Date | null;
}

export interface FinanceTransactionsTable {
  organisation_id: string;
  transaction_id: string;
  source_id: string;
  at: Date;
  utc_offset_minutes: number;
  amount: string;
  currency: string;
  channel: string;
  reference: string | null;
  sender_id: string;
  sender_name: string | null;
  sender_country: string | null;
  sender_phone: string | null;
  sender_email: string | null;
  sender_birth_year: number | null;
  sender_sex: string | null;
  receiver_id: string;
  receiver_name: string | null;
  receiver_country: string | null;
  receiver_phone: string | null;
  receiver_account: string | null;
  import_id: string;
}

export interface FinanceScreeningConfigsTable {
  organisation_id: string;
  version: number;
  config: Json;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface FinanceAlertsTable {
  id: Generated<string>;
  organisation_id: string;
  party_role: string;
  party_id: string;
  typology: string;
  party_name: string | null;
  party_country: string | null;
  counterparty_countries: ColumnType<string[], string[] | undefined, string[]>;
  score: number;
  status: Generated<string>;
  indicators: Json<{ id: string; detail: string }[]>;
  config_version: number;
  dismissed_score: number | null;
  referral_id: string | null;
  created_at: CreatedAt;
  updated_at: ColumnType<Date, Date | string | undefined, Date | string>;
}

export interface FinanceAlertTransactionsTable {
  alert_id: string;
  transaction_id: string;
  source_id: string;
}

export interface FinanceAlertLinksTable {
  alert_id: string;
  referral_id: string | null;
  case_id: string | null;
  matched_by: string;
  strength: string;
  created_by: string | null;
  created_at: CreatedAt;
}

export interface FinanceAlertActionsTable {
  id: Generated<number | string>;
  alert_id: string;
  action: string;
  reason: string | null;
  actor_id: string | null;
  actor_name: string | null;
  at: CreatedAt;
  detail: ColumnType<unknown, string | null | undefined, never>;
}

export interface Database {
  organisations: OrganisationsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  referrals: ReferralsTable;
  referral_external_ids: ReferralExternalIdsTable;
  referral_identifiers: ReferralIdentifiersTable;
  referral_person_names: ReferralPersonNamesTable;
  referral_files: ReferralFilesTable;
  referral_victims: ReferralVictimsTable;
  referral_documents: ReferralDocumentsTable;
  idempotency_keys: IdempotencyKeysTable;
  cases: CasesTable;
  case_referrals: CaseReferralsTable;
  case_team: CaseTeamTable;
  case_events: CaseEventsTable;
  case_tasks: CaseTasksTable;
  case_preservations: CasePreservationsTable;
  case_warrants: CaseWarrantsTable;
  case_legal_requests: CaseLegalRequestsTable;
  evidence_items: EvidenceItemsTable;
  custody_entries: CustodyEntriesTable;
  statutes: StatutesTable;
  case_prosecutions: CaseProsecutionsTable;
  case_charges: CaseChargesTable;
  case_hearings: CaseHearingsTable;
  plea_agreements: PleaAgreementsTable;
  disclosure_interviews: DisclosureInterviewsTable;
  case_shares: CaseSharesTable;
  audit_log: AuditLogTable;
  audit_head: AuditHeadTable;
  audit_seals: AuditSealsTable;
  audit_unsealed: AuditUnsealedTable;
  settings: SettingsTable;
  ispws_reports: IspwsReportsTable;
  ispws_files: IspwsFilesTable;
  public_report_codes: PublicReportCodesTable;
  public_submissions: PublicSubmissionsTable;
  referral_notes: ReferralNotesTable;
  category_schemes: CategorySchemesTable;
  hash_sets: HashSetsTable;
  hash_set_chunks: HashSetChunksTable;
  hash_set_entry_ids: HashSetEntryIdsTable;
  referral_file_matches: ReferralFileMatchesTable;
  match_queue: MatchQueueTable;
  triage_configs: TriageConfigsTable;
  triage_queue: TriageQueueTable;
  match_state: MatchStateTable;
  hash_set_imports: HashSetImportsTable;
  routing_rules: RoutingRulesTable;
  routing_queue: RoutingQueueTable;
  link_keys: LinkKeysTable;
  referral_link_keys: ReferralLinkKeysTable;
  clusters: ClustersTable;
  referral_clusters: ReferralClustersTable;
  referral_links: ReferralLinksTable;
  link_queue: LinkQueueTable;
  deconfliction_contacts: DeconflictionContactsTable;
  deconfliction_publications: DeconflictionPublicationsTable;
  deconfliction_hashes: DeconflictionHashesTable;
  deconfliction_stale: DeconflictionStaleTable;
  case_subjects: CaseSubjectsTable;
  case_subject_identifiers: CaseSubjectIdentifiersTable;
  subject_risk_assessments: SubjectRiskAssessmentsTable;
  case_victims: CaseVictimsTable;
  victim_subject_relations: VictimSubjectRelationsTable;
  victim_identities: VictimIdentitiesTable;
  consent_records: ConsentRecordsTable;
  case_operations: CaseOperationsTable;
  operation_staff: OperationStaffTable;
  operation_safeguarded: OperationSafeguardedTable;
  operation_arrests: OperationArrestsTable;
  aftercare_stages: AftercareStagesTable;
  aftercare_placements: AftercarePlacementsTable;
  aftercare_services: AftercareServicesTable;
  aftercare_reintegration: AftercareReintegrationTable;
  finance_sources: FinanceSourcesTable;
  finance_imports: FinanceImportsTable;
  finance_transactions: FinanceTransactionsTable;
  finance_screening_configs: FinanceScreeningConfigsTable;
  finance_alerts: FinanceAlertsTable;
  finance_alert_transactions: FinanceAlertTransactionsTable;
  finance_alert_links: FinanceAlertLinksTable;
  finance_alert_actions: FinanceAlertActionsTable;
}

export type UserRow = Selectable<UsersTable>;
export type ReferralRow = Selectable<ReferralsTable>;
export type NewReferralRow = Insertable<ReferralsTable>;
