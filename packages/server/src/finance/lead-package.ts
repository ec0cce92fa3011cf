import { DEFAULT_TRANSACTION_COLUMNS, type FinanceAlertDetail, type LeadPackage } from '@sinag/core';
import { createHash } from 'node:crypto';
import { audited } from '../audit/log.ts';
import type { Services } from '../services.ts';
import type { FinanceActor } from './actor.ts';
import { alertDetail } from './alerts.ts';
import { alertTransactions, type StoredTransaction } from './transactions.ts';

type LeadPackageFile = LeadPackage['files'][number];

const csvCell = (value: unknown) => {
  const text = value === undefined || value === null ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** A payment as a row of the default layout, its timestamp in the offset it was given with. */
function defaultLayoutRow(t: StoredTransaction): string[] {
  const local = new Date(t.at + t.utcOffsetMinutes * 60_000).toISOString().slice(0, 19);
  const sign = t.utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.utcOffsetMinutes);
  const offset = `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  const { sender: s, receiver: r } = t;
  return [
    t.transactionId,
    `${local}${offset}`,
    String(t.amount),
    t.currency,
    t.channel,
    t.reference ?? '',
    s.id,
    s.name ?? '',
    s.country ?? '',
    s.phone ?? '',
    s.email ?? '',
    s.birthYear?.toString() ?? '',
    s.sex ?? '',
    r.id,
    r.name ?? '',
    r.country ?? '',
    r.phone ?? '',
    r.account ?? '',
  ];
}

function file(name: string, mediaType: string, content: string): LeadPackageFile {
  return {
    name,
    mediaType,
    sha256: createHash('sha256').update(content, 'utf8').digest('hex'),
    bytes: Buffer.byteLength(content, 'utf8'),
    content,
  };
}

/**
 * A lead package for a financial intelligence unit, as one JSON download: the alert with its indicators
 * (alert.json), the payments behind it in the default CSV layout (transactions.csv) and as JSON
 * (transactions.json), each with its SHA-256 in the manifest. Exporting is audited.
 */
export async function leadPackage(services: Services, who: FinanceActor, id: string): Promise<LeadPackage> {
  return audited(services.db, who.by, async (trx) => {
    const alert: FinanceAlertDetail = await alertDetail(trx, who, id);
    const transactions = await alertTransactions(trx, who.organisationId, id);
    const { transactions: _partyPayments, actions: _actions, ...summary } = alert;
    const csv =
      [
        DEFAULT_TRANSACTION_COLUMNS.join(','),
        ...transactions.map((t) => defaultLayoutRow(t).map(csvCell).join(',')),
      ].join('\n') + '\n';
    const files = [
      file('alert.json', 'application/json', JSON.stringify(summary, null, 2) + '\n'),
      file('transactions.csv', 'text/csv', csv),
      file(
        'transactions.json',
        'application/json',
        JSON.stringify(
          transactions.map(({ sourceId: _s, ...t }) => t),
          null,
          2,
        ) + '\n',
      ),
    ];
    return {
      result: {
        format: 'sinag-lead-package/1' as const,
        createdAt: new Date().toISOString(),
        alertId: id,
        files,
        manifest: files.map((f) => `${f.sha256}  ${f.name}\n`).join(''),
      },
      events: [
        {
          action: 'finance.alert.export',
          entityType: 'finance-alert',
          entityId: id,
          details: { transactions: transactions.length },
        },
      ],
    };
  });
}
