import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Vault } from '../src/vault/vault.ts';
import {
  call,
  createTestContext,
  createTestUser,
  DATABASE_KINDS,
  sampleReferral,
  type TestContext,
} from './helpers.ts';

const CHILD_NAME = 'Ligaya-Test-Child-Name';

describe.each(DATABASE_KINDS)('children named in referrals (%s)', (kind) => {
  let ctx: TestContext;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
  });
  afterAll(() => ctx.close());

  it('appear by pseudonym only; their identity is encrypted and bound to its record', async () => {
    const analyst = await createTestUser(ctx.services, 'analyst');
    const payload = sampleReferral({
      victims: [
        {
          ageYears: 9,
          sex: 'female',
          location: { country: 'PH', region: 'VII' },
          identity: {
            names: [CHILD_NAME],
            schoolName: 'Test Elementary School',
            identifiers: [{ kind: 'email', value: 'Child.Account@Example.org' }],
          },
        },
      ],
    });
    const created = await call(ctx.app, analyst, { method: 'POST', url: '/api/v1/referrals', payload });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;

    const detail = await call(ctx.app, analyst, { method: 'GET', url: `/api/v1/referrals/${id}` });
    expect(detail.body).not.toContain(CHILD_NAME);
    expect(detail.body).not.toContain('Test Elementary School');
    const victims = detail.json().victims as { pseudonym: string; ageYears: number; region: string }[];
    expect(victims).toEqual([expect.objectContaining({ ageYears: 9, region: 'VII', sex: 'female' })]);
    expect(victims[0]!.pseudonym).toMatch(/^V-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const row = await ctx.services.db
      .selectFrom('referral_victims')
      .selectAll()
      .where('referral_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.identity_ciphertext).toMatch(new RegExp(`^v2:${ctx.services.vault.keyId}:`));
    expect(row.identity_ciphertext).not.toContain(CHILD_NAME);
    const identity = JSON.parse(ctx.services.vault.decrypt(row.identity_ciphertext!, `victim:${id}:0`));
    expect(identity.names).toEqual([CHILD_NAME]);
    expect(identity.identifiers[0].normalised).toBe('child.account@example.org');
    // Bound to its record: the same ciphertext does not open under another referral's context.
    expect(() =>
      ctx.services.vault.decrypt(row.identity_ciphertext!, `victim:00000000-0000-4000-8000-000000000000:0`),
    ).toThrow();

    const stored = await ctx.services.db
      .selectFrom('referrals')
      .select('data')
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(stored.data)).not.toContain(CHILD_NAME);
    const audit = await ctx.services.db.selectFrom('audit_log').select('details').execute();
    expect(JSON.stringify(audit)).not.toContain(CHILD_NAME);
    expect(ctx.logs.join('')).not.toContain(CHILD_NAME);
  });
});

describe('Vault', () => {
  const payloadOf = (token: string) => token.split(':').at(-1)!;

  it('round-trips, and refuses a tampered ciphertext, another context or the wrong key', () => {
    const vault = new Vault(randomBytes(32));
    const token = vault.encrypt('secret', 'ctx');
    expect(token.startsWith(`v2:${vault.keyId}:`)).toBe(true);
    expect(vault.decrypt(token, 'ctx')).toBe('secret');
    const raw = Buffer.from(payloadOf(token), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 1;
    expect(() => vault.decrypt(`v2:${vault.keyId}:${raw.toString('base64')}`, 'ctx')).toThrow();
    expect(() => vault.decrypt(token, 'another record')).toThrow();
    expect(() => new Vault(randomBytes(32)).decrypt(token, 'ctx')).toThrow(
      `The encryption key ${vault.keyId} is not configured.`,
    );
    expect(() => new Vault(randomBytes(16))).toThrow(/32 bytes/);
  });

  it('reads under previous keys, also ciphertexts written before they named their key', () => {
    const oldKey = randomBytes(32);
    const old = new Vault(oldKey);
    const token = old.encrypt('secret', 'ctx');
    const legacy = `v1:${payloadOf(token)}`;
    const rotated = new Vault(randomBytes(32), [oldKey]);
    expect(rotated.keyId).not.toBe(old.keyId);
    expect(rotated.hasKey(old.keyId)).toBe(true);
    expect(rotated.decrypt(token, 'ctx')).toBe('secret');
    expect(rotated.decrypt(legacy, 'ctx')).toBe('secret');
    expect(token.startsWith(rotated.currentPrefix)).toBe(false);
    expect(rotated.encrypt('secret', 'ctx').startsWith(rotated.currentPrefix)).toBe(true);
    expect(() => new Vault(randomBytes(32)).decrypt(legacy, 'ctx')).toThrow();
    expect(() => rotated.decrypt('v3:abc', 'ctx')).toThrow('Unknown ciphertext format.');
  });
});
