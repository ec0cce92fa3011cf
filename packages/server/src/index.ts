export { buildApp, routes } from './app.ts';
export { auditActor, appendAudit, startAuditSealer, verifyAuditLog, type AuditActor } from './audit/log.ts';
export { loadConfig, ConfigError, type Config } from './config.ts';
export { openDatabase, migrateToLatest, type Db, type DatabaseKind } from './db/database.ts';
export { loadDemo, type DemoResult } from './demo/service.ts';
export { createReferral, createReferralsBulk } from './referrals/service.ts';
export {
  importCyberTips,
  type ImportActor,
  type ImportOptions,
  type ImportStage,
} from './imports/service.ts';
export { issueToken } from './auth/service.ts';
export { createUser, findUserId, intakeOrganisationId, SYSTEM_ACTOR, bootstrap } from './users/service.ts';
export {
  openServices,
  readServerLock,
  startServer,
  LOCK_FILE,
  type RunningServer,
  type ServerLock,
} from './server.ts';
export { Geolocator, GeolocationDatabaseMissing } from './geo/geolocator.ts';
export { HashSetIndex } from './matching/hash-set-index.ts';
export { startBackgroundWork } from './background-work.ts';
export { queueRescoring, rescoreQueued } from './triage/rescore.ts';
export { linkQueuedReferrals } from './linking/worker.ts';
export { clusterFacts, type ClusterFacts } from './linking/facts.ts';
export { exportPublication, importPublication, type DeconflictionActor } from './deconfliction/service.ts';
export type { Services } from './services.ts';
export { createServerEvents, type HashSetsChanged, type ServerEvents } from './events.ts';
export { organisationActor, type OrganisationActor } from './auth/actor.ts';
export { createHashSet, findHashSetByName, listHashSets } from './hash-sets/service.ts';
export { uploadedChunks } from './http/upload.ts';
export { importHashList, type ImportOptions as HashListImportOptions } from './hash-sets/import.ts';
export {
  exportHashSet,
  streamEnabledHashSetEntries,
  streamEntryHashes,
  type MatchableSet,
} from './hash-sets/entries.ts';
export type { EntryHashes } from './hash-sets/entries.ts';
export { VERSION } from './version.ts';
export { rotateVault } from './vault/rotate.ts';
export { financeActor, type FinanceActor } from './finance/actor.ts';
export { importTransactionFile, type FinanceImportOptions } from './finance/import.ts';
export { screenFrom } from './finance/screening.ts';
