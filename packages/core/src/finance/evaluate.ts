import type { PlantedParty } from './synthetic/planted.ts';
import type { PartyRole, ScreeningAlert } from './transaction.ts';

export interface Recall {
  planted: number;
  found: number;
  recall: number;
}

export interface Precision {
  /** Distinct parties with an alert of this typology. */
  alerted: number;
  /** Of those, planted parties (of any kind). */
  correct: number;
  precision: number;
}

export interface AlertEvaluation {
  /** Livestream typology: its alerts, and the payers and facilitators found. */
  livestream: Precision & { payers: Recall; facilitators: Recall; recall: number };
  /** Sextortion typology: its alerts, and the extorters found. */
  sextortion: Precision & { extorters: Recall };
  /** Planted parties with no alert. */
  missed: PlantedParty[];
  /** Alerted parties that were not planted (at most 100). */
  falsePositives: { role: PartyRole; id: string; score: number }[];
}

const key = (role: PartyRole, id: string) => `${role}:${id}`;
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : 1);

/**
 * Precision and recall of alerts against the generator's labels, by party: an alert is right when its
 * party (role and id) was planted; the latest alert of a party counts. A typology's precision is over the
 * alerts of that typology; recall is over the planted parties of each kind, found by any alert.
 */
export function evaluateAlerts(
  alerts: Iterable<ScreeningAlert>,
  labels: readonly PlantedParty[],
): AlertEvaluation {
  const latest = new Map<string, ScreeningAlert>();
  for (const alert of alerts) latest.set(key(alert.party.role, alert.party.id), alert);
  const planted = new Map(labels.map((l) => [key(l.role, l.id), l]));

  const precision = (typology: ScreeningAlert['typology']): Precision => {
    let alerted = 0;
    let correct = 0;
    for (const [k, alert] of latest) {
      if (alert.typology !== typology) continue;
      alerted++;
      if (planted.has(k)) correct++;
    }
    return { alerted, correct, precision: ratio(correct, alerted) };
  };
  const recall = (kind: PlantedParty['kind']): Recall => {
    const ofKind = labels.filter((l) => l.kind === kind);
    const found = ofKind.filter((l) => latest.has(key(l.role, l.id))).length;
    return { planted: ofKind.length, found, recall: ratio(found, ofKind.length) };
  };

  const payers = recall('payer');
  const facilitators = recall('facilitator');
  const falsePositives = [...latest]
    .filter(([k]) => !planted.has(k))
    .slice(0, 100)
    .map(([, a]) => ({ ...a.party, score: a.score }));
  return {
    livestream: {
      ...precision('livestream'),
      payers,
      facilitators,
      recall: ratio(payers.found + facilitators.found, payers.planted + facilitators.planted),
    },
    sextortion: { ...precision('sextortion'), extorters: recall('extorter') },
    missed: labels.filter((l) => !latest.has(key(l.role, l.id))),
    falsePositives,
  };
}
