import type { FinanceAlertDetail, FinanceTransactionView } from '@sinag/core';

export interface Counterparty {
  id: string;
  name: string | null;
  country: string | null;
  payments: number;
  /** Totals per currency: amounts in different currencies are never added together. */
  totals: Record<string, number>;
  inAlert: number;
}

/** The other side of each payment of the alert's party. */
export const counterpartyOf = (alert: FinanceAlertDetail, t: FinanceTransactionView) =>
  alert.party.role === 'receiver'
    ? { id: t.senderId, name: t.senderName, country: t.senderCountry }
    : { id: t.receiverId, name: t.receiverName, country: t.receiverCountry };

/** The party's counterparties, most payments first. */
export function counterparties(alert: FinanceAlertDetail): Counterparty[] {
  const byId = new Map<string, Counterparty>();
  for (const t of alert.transactions) {
    const other = counterpartyOf(alert, t);
    const entry = byId.get(other.id) ?? { ...other, payments: 0, totals: {}, inAlert: 0 };
    entry.payments++;
    entry.totals[t.currency] = (entry.totals[t.currency] ?? 0) + t.amount;
    if (t.inAlert) entry.inAlert++;
    byId.set(other.id, entry);
  }
  return [...byId.values()].sort((a, b) => b.payments - a.payments);
}

export const formatTotals = (totals: Record<string, number>) =>
  Object.entries(totals)
    .map(
      ([currency, amount]) => `${amount.toLocaleString(undefined, { maximumFractionDigits: 2 })} ${currency}`,
    )
    .join(' + ');
