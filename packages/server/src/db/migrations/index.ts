import type { Migration } from 'kysely/migration';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_victims_and_documents.ts';
import * as m0003 from './0003_ispws.ts';
import * as m0004 from './0004_public_reports.ts';
import * as m0005 from './0005_audit_sealing.ts';
import * as m0006 from './0006_perceptual_hashes.ts';
import * as m0007 from './0007_hash_sets.ts';
import * as m0008 from './0008_file_matches.ts';
import * as m0009 from './0009_triage.ts';
import * as m0010 from './0010_linking.ts';
import * as m0011 from './0011_routing.ts';
import * as m0012 from './0012_referral_workflow.ts';
import * as m0013 from './0013_case_backbone.ts';
import * as m0014 from './0014_case_workflow.ts';
import * as m0015 from './0015_case_people.ts';
import * as m0016 from './0016_case_justice.ts';
import * as m0017 from './0017_finance.ts';
import * as m0018 from './0018_reference_numbers.ts';
import * as m0019 from './0019_case_audit_index.ts';
import * as m0020 from './0020_deconfliction_republish.ts';
import * as m0021 from './0021_open_referrals_index.ts';
import * as m0022 from './0022_finance_identifier_collation.ts';
import * as m0023 from './0023_finance_party_hash_indexes.ts';
import * as m0024 from './0024_finance_party_btree_indexes.ts';
import * as m0025 from './0025_referral_person_names.ts';

/** Numbered migrations, applied in order on PGlite and PostgreSQL alike. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_victims_and_documents': m0002,
  '0003_ispws': m0003,
  '0004_public_reports': m0004,
  '0005_audit_sealing': m0005,
  '0006_perceptual_hashes': m0006,
  '0007_hash_sets': m0007,
  '0008_file_matches': m0008,
  '0009_triage': m0009,
  '0010_linking': m0010,
  '0011_routing': m0011,
  '0012_referral_workflow': m0012,
  '0013_case_backbone': m0013,
  '0014_case_workflow': m0014,
  '0015_case_people': m0015,
  '0016_case_justice': m0016,
  '0017_finance': m0017,
  '0018_reference_numbers': m0018,
  '0019_case_audit_index': m0019,
  '0020_deconfliction_republish': m0020,
  '0021_open_referrals_index': m0021,
  '0022_finance_identifier_collation': m0022,
  '0023_finance_party_hash_indexes': m0023,
  '0024_finance_party_btree_indexes': m0024,
  '0025_referral_person_names': m0025,
};
