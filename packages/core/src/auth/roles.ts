import { z } from 'zod';

/** Roles a user can hold. Each grants a fixed set of permissions (see PERMISSIONS_BY_ROLE). */
export const ROLES = [
  'admin',
  'supervisor',
  'analyst',
  'investigator',
  'prosecutor',
  'social-worker',
  'financial-analyst',
  'platform-reporter',
] as const;
export const Role = z.enum(ROLES);
export type Role = z.infer<typeof Role>;

export const PERMISSIONS = [
  'referral:read',
  'referral:create',
  // Bulk import of CyberTip files: national-centre work, not for platforms or banks (its answer also says
  // whether a CyberTip is already held).
  'referral:import',
  'case:read',
  'case:create',
  // Working a case: its stage, team, tasks and records. Parts with their own rules (operations, the identity
  // vault, aftercare) check more than this.
  'case:manage',
  'user:read',
  'user:manage',
  'org:manage',
  'audit:read',
  'demo:load',
  // Hash sets (known material and allow-lists): hashes and metadata only, never media.
  'hashset:read',
  'hashset:manage',
  // Category schemes are shared reference data, so only admins add them.
  'category-scheme:manage',
  // Routing rules decide which office works a referral: admins edit them; whoever reads referrals reads them.
  'routing:manage',
  // Triage: an analyst works the queue (assigns, closes with a reason, overrides a band with a reason); a
  // supervisor watches the response clocks; the factor table and band targets are configuration only admins
  // change.
  'referral:triage',
  'triage:supervise',
  'triage:configure',
  // Publishing keyed hashes of open cases' identifiers to other organisations, and importing theirs.
  'deconfliction:manage',
  // The identity vault: revealing a child's identity (also needs a stated reason), recording consent, and
  // re-encrypting the vault under a new key.
  'vault:read',
  'consent:record',
  'vault:rotate',
  // Rescue operations: a supervisor approves a plan someone else made.
  'operation:approve',
  // Aftercare (placement, services, reintegration) is social workers' work and seen by no one else.
  'aftercare:read',
  'aftercare:manage',
  // Financial intelligence: reading screening alerts (national-centre analysts and investigators too), importing
  // payment files and working alerts (financial analysts), and the screening configuration (admins).
  'finance:read',
  'finance:import',
  'finance:manage',
  'finance:configure',
  // Prosecution: charges, hearings, verdicts, and the recorded disclosure interview (restricted evidence).
  'case:prosecute',
  // Sharing, referring or transferring a case to another organisation, and answering such a request.
  'case:share',
  // The statute catalogue charges are brought under is reference data: admins keep it.
  'statute:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_AND_WORK: Permission[] = [
  'referral:read',
  'referral:create',
  'case:read',
  'case:create',
  'case:manage',
];
const HASH_SETS: Permission[] = ['hashset:read', 'hashset:manage'];

export const PERMISSIONS_BY_ROLE: Record<Role, readonly Permission[]> = {
  admin: PERMISSIONS,
  // Loading Project VIC / ICSE lists and tuning thresholds is intake work: analysts and supervisors manage
  // sets; investigators only see which sets their matches come from. Nobody else needs them.
  supervisor: [
    ...READ_AND_WORK,
    'referral:import',
    'referral:triage',
    'triage:supervise',
    'user:read',
    'audit:read',
    ...HASH_SETS,
    'deconfliction:manage',
    'vault:read',
    'consent:record',
    'operation:approve',
    'finance:read',
    'case:prosecute',
    'case:share',
  ],
  analyst: [...READ_AND_WORK, 'referral:import', 'referral:triage', ...HASH_SETS, 'finance:read'],
  investigator: [
    'referral:read',
    'case:read',
    'case:create',
    'case:manage',
    'hashset:read',
    'vault:read',
    'consent:record',
    'finance:read',
  ],
  prosecutor: ['case:read', 'case:prosecute'],
  'social-worker': ['case:read', 'vault:read', 'consent:record', 'aftercare:read', 'aftercare:manage'],
  // Financial institutions file leads; they do not browse the national queue.
  'financial-analyst': ['referral:create', 'finance:read', 'finance:import', 'finance:manage'],
  // Platforms submit reports through the API and see nothing else.
  'platform-reporter': ['referral:create'],
};

/** Roles that may only use API tokens, never an interactive session. */
export const API_ONLY_ROLES: readonly Role[] = ['platform-reporter'];

export function hasPermission(role: Role, permission: Permission): boolean {
  return PERMISSIONS_BY_ROLE[role].includes(permission);
}

/** A role that lacks `permission`, for tests and docs; undefined if every role has it. */
export function roleWithout(permission: Permission): Role | undefined {
  return ROLES.find((role) => !hasPermission(role, permission));
}

export const ORGANISATION_KINDS = [
  'national-center',
  'police',
  'ngo',
  'prosecution',
  'social-welfare',
  'financial-institution',
  'platform',
  'other',
] as const;
export const OrganisationKind = z.enum(ORGANISATION_KINDS);
export type OrganisationKind = z.infer<typeof OrganisationKind>;
