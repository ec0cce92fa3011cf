import type { FinanceTransaction } from '@sinag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { knownParties } from '../src/finance/known-parties.ts';
import { createReferralsBulk } from '../src/referrals/service.ts';
import { intakeOrganisationId, SYSTEM_ACTOR } from '../src/users/service.ts';
import { createTestContext, DATABASE_KINDS, sampleReferral, type TestContext } from './helpers.ts';

/** A payment between the two parties (only the fields the look-up reads matter). */
function payment(
  sender: Partial<FinanceTransaction['sender']>,
  receiver: Partial<FinanceTransaction['receiver']>,
): FinanceTransaction {
  return {
    transactionId: `t-${Math.random()}`,
    at: Date.parse('2026-10-01T00:00:00Z'),
    utcOffsetMinutes: 0,
    amount: 20,
    currency: 'USD',
    channel: 'remittance',
    sender: { id: 'S-unknown', ...sender },
    receiver: { id: 'R-unknown', ...receiver },
  };
}

describe.each(DATABASE_KINDS)('known payment parties (%s)', (kind) => {
  let ctx: TestContext;
  let organisationId: string;
  let first: string;
  let second: string;

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    organisationId = await intakeOrganisationId(ctx.services);
    const person = (name: string, identifiers: { kind: string; value: string }[]) => ({
      data: sampleReferral({
        reportedPersons: [{ role: 'reported', name, identifiers, location: { country: 'PH' } }],
        files: [],
      }),
    });
    // Both name the phone; the earlier one is the answer.
    const created = await createReferralsBulk(
      ctx.services,
      { organisationId, createdBy: null },
      SYSTEM_ACTOR,
      [
        {
          data: {
            ...person('Maria Santos', [
              { kind: 'phone', value: '+639171110001' },
              { kind: 'payment-account', value: 'WALLET-77' },
            ]).data,
            receivedAt: '2026-09-01T00:00:00Z',
          },
        },
        person('Jose Reyes', [
          { kind: 'phone', value: '+639171110001' },
          { kind: 'email', value: 'payer@example.org' },
        ]),
      ],
    );
    const references = await Promise.all(
      created.map(async ({ id }) => {
        const row = await ctx.services.db
          .selectFrom('referrals')
          .select('reference')
          .where('id', '=', id)
          .executeTakeFirstOrThrow();
        return row.reference;
      }),
    );
    first = references[0]!;
    second = references[1]!;
  });
  afterAll(() => ctx.close());

  it.each([
    ['a phone, from the earliest referral', { id: 'R1', phone: '+639171110001' }, 'phone in referral FIRST'],
    ['an email', { id: 'S1', email: 'payer@example.org' }, 'email in referral SECOND'],
    ['an account', { id: 'R2', account: 'WALLET-77' }, 'account in referral FIRST'],
    ['a party id as an account', { id: 'WALLET-77' }, 'account in referral FIRST'],
    [
      'a name and country only weakly',
      { id: 'R3', name: 'SANTOS, María', country: 'PH' },
      'name and country match a person in referral FIRST (weak)',
    ],
    [
      'nothing for a stranger',
      { id: 'R4', phone: '+639170000000', name: 'Maria Santos', country: 'US' },
      undefined,
    ],
  ])('knows %s', async (_, party, detail) => {
    const known = knownParties(ctx.services.db, organisationId);
    const role = party.id.startsWith('S') ? 'sender' : 'receiver';
    await known.prepare([role === 'sender' ? payment(party, {}) : payment({}, party)]);
    const answer = known.describe({ role, ...party });
    expect(answer?.detail).toBe(detail?.replace('FIRST', first).replace('SECOND', second));
  });

  it('answers for the page just prepared when earlier answers are dropped to bound memory', async () => {
    const known = knownParties(ctx.services.db, organisationId, 2);
    await known.prepare([payment({ id: 'S9', email: 'payer@example.org' }, { id: 'R9' })]);
    await known.prepare([payment({ id: 'S8' }, { id: 'R8', phone: '+639171110001' })]);
    expect(known.describe({ role: 'receiver', id: 'R8', phone: '+639171110001' })?.detail).toBe(
      `phone in referral ${first}`,
    );
    await known.prepare([payment({ id: 'S9', email: 'payer@example.org' }, { id: 'R9' })]);
    expect(known.describe({ role: 'sender', id: 'S9', email: 'payer@example.org' })?.detail).toBe(
      `email in referral ${second}`,
    );
  });

  it("does not know another organisation's referrals", async () => {
    const other = await ctx.services.db
      .insertInto('organisations')
      .values({ name: 'Other Bank', kind: 'financial-institution' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const known = knownParties(ctx.services.db, other.id);
    await known.prepare([payment({ id: 'S1', email: 'payer@example.org' }, {})]);
    expect(known.describe({ role: 'sender', id: 'S1', email: 'payer@example.org' })).toBeUndefined();
  });
});
