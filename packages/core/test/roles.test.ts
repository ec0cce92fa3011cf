import { describe, expect, it } from 'vitest';
import {
  hasPermission,
  PERMISSIONS,
  roleWithout,
  ROLES,
  type Permission,
  type Role,
} from '../src/auth/roles.ts';

const grants: [Role, Permission, boolean][] = [
  ['admin', 'user:manage', true],
  ['analyst', 'referral:read', true],
  ['analyst', 'user:manage', false],
  ['investigator', 'case:create', true],
  ['prosecutor', 'referral:read', false],
  ['platform-reporter', 'referral:create', true],
  ['platform-reporter', 'referral:read', false],
  ['financial-analyst', 'referral:read', false],
  ['supervisor', 'audit:read', true],
  ['analyst', 'referral:import', true],
  ['platform-reporter', 'referral:import', false],
  ['financial-analyst', 'referral:import', false],
  ['analyst', 'hashset:manage', true],
  ['investigator', 'hashset:read', true],
  ['investigator', 'hashset:manage', false],
  ['platform-reporter', 'hashset:read', false],
  ['supervisor', 'category-scheme:manage', false],
  ['admin', 'category-scheme:manage', true],
  ['analyst', 'referral:triage', true],
  ['supervisor', 'referral:triage', true],
  ['investigator', 'referral:triage', false],
  ['supervisor', 'triage:supervise', true],
  ['analyst', 'triage:supervise', false],
  ['admin', 'triage:configure', true],
  ['supervisor', 'triage:configure', false],
  ['supervisor', 'deconfliction:manage', true],
  ['admin', 'deconfliction:manage', true],
  ['analyst', 'deconfliction:manage', false],
  ['social-worker', 'aftercare:manage', true],
  ['investigator', 'aftercare:read', false],
  ['supervisor', 'aftercare:read', false],
  ['supervisor', 'operation:approve', true],
  ['investigator', 'operation:approve', false],
  ['investigator', 'vault:read', true],
  ['analyst', 'vault:read', false],
  ['prosecutor', 'vault:read', false],
  ['supervisor', 'vault:rotate', false],
  ['admin', 'vault:rotate', true],
  ['financial-analyst', 'finance:import', true],
  ['financial-analyst', 'finance:manage', true],
  ['financial-analyst', 'finance:configure', false],
  ['analyst', 'finance:read', true],
  ['analyst', 'finance:import', false],
  ['investigator', 'finance:read', true],
  ['prosecutor', 'finance:read', false],
  ['platform-reporter', 'finance:read', false],
  ['admin', 'finance:configure', true],
  ['prosecutor', 'case:prosecute', true],
  ['investigator', 'case:prosecute', false],
  ['supervisor', 'case:share', true],
  ['investigator', 'case:share', false],
  ['admin', 'statute:manage', true],
  ['supervisor', 'statute:manage', false],
];

describe('roles', () => {
  it.each(grants)('%s has %s: %s', (role, permission, expected) => {
    expect(hasPermission(role, permission)).toBe(expected);
  });

  it('leaves every permission out of some role, so each guard can be tested', () => {
    for (const permission of PERMISSIONS) {
      const role = roleWithout(permission);
      expect(role).toBeDefined();
      expect(ROLES).toContain(role);
    }
  });
});
