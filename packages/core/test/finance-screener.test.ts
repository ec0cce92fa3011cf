import { describe, expect, it } from 'vitest';
import {
  createScreener,
  DEFAULT_SCREENING_CONFIG,
  INDICATOR_IDS,
  ScreeningConfig,
  type FinanceTransaction,
  type IndicatorId,
} from '../src/index.ts';
import { configWith, payment, payments, screen } from './finance-fixtures.ts';

const DAY = 86_400_000;

/**
 * A payer that fires every livestream indicator at once: night payments by remittance, growing, six each to three
 * unrelated receivers, with cover narratives, one of them already known.
 */
function everything(): FinanceTransaction[] {
  return payments(18, (i) => ({
    day: i * 1.5,
    localHour: 2,
    amount: 20 + i * 8,
    reference: 'school fees',
    receiver: { id: `R${(i % 3) + 1}`, name: `Joy Person${i % 3}` },
  }));
}
const knowsR1 = {
  knownParty: (p: { id: string }) => (p.id === 'R1' ? { detail: 'case 12', weak: false } : undefined),
};

describe('the combination rule', () => {
  it('fires every livestream indicator on the rich example', () => {
    const alert = screen(everything(), DEFAULT_SCREENING_CONFIG, knowsR1).get('sender:S1');
    expect(alert?.indicators.map((f) => f.id).sort()).toEqual(
      ['F1', 'F10', 'F11', 'F2', 'F3', 'F4', 'F6', 'F7', 'F8', 'F9'].sort(),
    );
    expect(alert).toMatchObject({ score: 100, typology: 'livestream', party: { role: 'sender', id: 'S1' } });
  });

  it.each(INDICATOR_IDS)('%s alone never raises an alert, whatever its weight', (id) => {
    const only = configWith((c) => {
      for (const other of INDICATOR_IDS) c.weights[other] = other === id ? 100 : 0;
      c.alert.threshold = 1;
    });
    const young = payments(3, (i) => ({ day: i / 8, amount: 150, sender: { birthYear: 2011 } }));
    const alerts = screen([...everything(), ...young], only, knowsR1);
    expect([...alerts.values()]).toEqual([]);
  });

  it.each([
    {
      name: 'two weak indicators below the threshold',
      weights: { F1: 6, F2: 6 },
      threshold: 50,
      alerts: false,
    },
    { name: 'the same two reaching it', weights: { F1: 25, F2: 25 }, threshold: 50, alerts: true },
    { name: 'one strong and one weak', weights: { F1: 45, F2: 6 }, threshold: 50, alerts: true },
  ])('$name', ({ weights, threshold, alerts }) => {
    const config = configWith((c) => {
      for (const id of INDICATOR_IDS)
        c.weights[id] = (weights as Partial<Record<IndicatorId, number>>)[id] ?? 0;
      c.alert.threshold = threshold;
    });
    expect(screen(payments(3), config).has('receiver:R1')).toBe(alerts);
  });

  it.each([
    { name: 'a strong match (phone, email, account)', weak: false, points: 30 },
    { name: 'a weak match (name and country only)', weak: true, points: 10 },
  ])('F11 on $name adds $points points', ({ weak, points }) => {
    const config = configWith((c) => {
      for (const id of INDICATOR_IDS) c.weights[id] = id === 'F1' ? 20 : id === 'F11' ? 30 : 0;
      c.known.weakWeight = 10;
      c.alert.threshold = 1;
    });
    const knows = { knownParty: (p: { id: string }) => (p.id === 'R1' ? { detail: 'x', weak } : undefined) };
    const alert = screen(payments(3), config, knows).get('receiver:R1');
    expect(alert?.indicators.map((f) => f.id)).toEqual(points > 20 ? ['F11', 'F1'] : ['F1', 'F11']);
    expect(alert?.score).toBe(20 + points);
  });

  it('reads a stored configuration from before the weak-match weight with its default', () => {
    const { known: _known, ...older } = structuredClone(DEFAULT_SCREENING_CONFIG);
    expect(ScreeningConfig.parse(older).known).toEqual({ weakWeight: 10 });
  });

  it('refuses a configuration where one indicator could alert alone', () => {
    const bad = configWith((c) => {
      c.alert.minIndicators = 1;
    });
    const result = ScreeningConfig.safeParse(bad);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: ['alert', 'minIndicators'],
      message: 'no single indicator raises an alert',
    });
  });

  it('caps the score at 100 and orders indicators by weight', () => {
    const alert = screen(everything(), DEFAULT_SCREENING_CONFIG, knowsR1).get('sender:S1')!;
    const weights = alert.indicators.map((f) => DEFAULT_SCREENING_CONFIG.weights[f.id]);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(alert.score).toBe(100);
  });
});

describe('the incremental screener', () => {
  it('reports an alert once, then again only when it changes', () => {
    const screener = createScreener(DEFAULT_SCREENING_CONFIG);
    const txs = everything();
    for (const tx of txs.slice(0, 8)) screener.push(tx);
    const first = screener.flush();
    expect(first.map((a) => a.party.id)).toContain('S1');
    expect(screener.flush()).toEqual([]);
    screener.push(txs[8]!);
    const again = screener.flush().find((a) => a.party.id === 'S1');
    expect(again?.transactionIds.at(-1)).toBe(txs[8]!.transactionId);
  });

  it('asks about each party once, with what the payment says about it', () => {
    const asked: string[] = [];
    const screener = createScreener(DEFAULT_SCREENING_CONFIG, {
      knownParty: (p) => {
        asked.push(`${p.role}:${p.id}:${p.phone ?? ''}${p.account ?? ''}`);
        return undefined;
      },
    });
    for (const tx of payments(4, () => ({
      receiver: { account: '09171234567' },
      sender: { phone: '+12025550123' },
    })))
      screener.push(tx);
    expect(asked).toEqual(['sender:S1:+12025550123', 'receiver:R1:09171234567']);
  });

  it('screens a payment slightly out of order, and skips one older than the window', () => {
    const screener = createScreener(configWith((c) => (c.alert.threshold = 1)));
    screener.push(payment({ day: 40 }));
    screener.push(payment({ day: 39.9 }));
    screener.push(payment({ day: 1 }));
    expect(screener.late).toBe(1);
    const alert = screener.flush().find((a) => a.party.id === 'R1');
    expect(alert?.indicators.find((f) => f.id === 'F1')?.detail).toMatch(/^2 small/);
  });

  it('forgets payments that leave the window', () => {
    const screener = createScreener(configWith((c) => (c.alert.threshold = 1)));
    for (const tx of payments(3)) screener.push(tx);
    expect(screener.flush().length).toBeGreaterThan(0);
    screener.push(payment({ day: 45 }));
    const later = screener.flush().find((a) => a.party.id === 'R1');
    expect(later?.indicators.map((f) => f.id)).not.toContain('F1');
    expect(later?.transactionIds).toHaveLength(1);
  });

  it('keeps memory bounded by the parties active in the window over a long stream', () => {
    const screener = createScreener(DEFAULT_SCREENING_CONFIG);
    // 2 years: every day 100 new senders each pay a new receiver abroad on 3 days running.
    const perDay = 100;
    let peak = 0;
    let created = 0;
    const start = Date.UTC(2025, 0, 1);
    for (let day = 0; day < 730; day++) {
      for (let k = 0; k < perDay * 3; k++) {
        const cohort = day - (k % 3);
        if (cohort < 0) continue;
        const n = cohort * perDay + Math.floor(k / 3);
        if (k % 3 === 0) created += 2;
        screener.push({
          transactionId: `T${day}-${k}`,
          at: start + day * DAY + k * 1000,
          utcOffsetMinutes: 0,
          amount: 40,
          currency: 'USD',
          channel: 'remittance',
          sender: { id: `S${n}`, country: 'GB' },
          receiver: { id: `R${n}`, country: 'PH' },
        });
      }
      screener.flush();
      peak = Math.max(peak, screener.activeParties());
    }
    // In the window: 30 days plus the quarter window between sweeps, plus the 3 days of a cohort.
    const bound = (DEFAULT_SCREENING_CONFIG.windowDays * 1.25 + 3) * perDay * 2;
    expect(created).toBe(730 * perDay * 2);
    expect(peak).toBeLessThanOrEqual(bound);
    expect(peak).toBeLessThan(created / 10);
  }, 30_000);

  it('keeps at most maxEventsPerParty payments of a busy party', () => {
    const config = configWith((c) => {
      c.maxEventsPerParty = 16;
      c.alert.threshold = 1;
    });
    const alert = screen(
      payments(40, (i) => ({ day: i / 10 })),
      config,
    ).get('receiver:R1');
    expect(alert?.indicators.find((f) => f.id === 'F1')?.detail).toMatch(/^16 small/);
    expect(alert?.transactionIds).toHaveLength(16);
  });
});
