import { z } from 'zod';
import { ColumnMapping, TRANSACTION_FILE_FORMATS } from '../finance/mapping.ts';
import { CHANNELS, INDICATOR_IDS, PartyRole } from '../finance/transaction.ts';
import { PageQuery, pageOf, Uuid } from './common.ts';

const Reason = z.string().trim().min(3, 'must say why (3 characters or more)').max(2000);

/** `?mapping=` carries a column mapping as JSON text (URL-encoded). */
const MappingParam = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON column mapping' });
      return z.NEVER;
    }
  })
  .pipe(ColumnMapping);

export const FinanceImportQuery = z
  .object({
    source: z
      .string()
      .trim()
      .min(1, 'must name the source')
      .max(100, 'must be at most 100 characters')
      .regex(/^[A-Za-z0-9._ -]+$/, 'may hold letters, digits, space, dot, dash and underscore')
      .describe(
        'Who the file comes from (a bank, remitter or e-wallet); transaction ids are unique per source',
      ),
    format: z
      .enum(TRANSACTION_FILE_FORMATS)
      .optional()
      .describe(
        'csv or ndjson; by default from Content-Type (text/csv, application/x-ndjson), else the first byte',
      ),
    mapping: MappingParam.optional().describe('A column mapping for another layout, as JSON text'),
  })
  .strict();

/** Bad rows listed in an import's answer; the rest are counted. */
export const FINANCE_REJECTIONS_LISTED = 1000;

export const FinanceImportResult = z.object({
  importId: Uuid,
  source: z.string(),
  rows: z.number().int(),
  imported: z.number().int(),
  alreadyPresent: z.number().int(),
  rejected: z.array(z.object({ line: z.number().int(), reason: z.string() })),
  /** All bad rows, including those beyond the listed ones. */
  rejectedCount: z.number().int(),
  screening: z.object({
    configVersion: z.number().int(),
    transactionsScreened: z.number().int(),
    alertsRaised: z.number().int(),
    alertsUpdated: z.number().int(),
  }),
});
export type FinanceImportResult = z.infer<typeof FinanceImportResult>;

export const ALERT_STATUSES = ['open', 'escalated', 'dismissed', 'referred'] as const;
export const AlertStatus = z.enum(ALERT_STATUSES);
export type AlertStatus = z.infer<typeof AlertStatus>;

export const AlertTypology = z.enum(['livestream', 'sextortion']);

export const AlertLink = z.object({
  kind: z.enum(['referral', 'case']),
  id: Uuid,
  reference: z.string(),
  /** How the party matched: the identifier kind and value, or "analyst" for a link made by hand. */
  matchedBy: z.string(),
  strength: z.enum(['strong', 'weak', 'manual']),
});
export type AlertLink = z.infer<typeof AlertLink>;

/** An alert as the issue gives it, plus what the screens need. */
export const FinanceAlert = z.object({
  id: Uuid,
  party: z.object({ role: PartyRole, id: z.string() }),
  score: z.number().int().min(0).max(100),
  indicators: z.array(z.object({ id: z.enum(INDICATOR_IDS), detail: z.string() })),
  transactionIds: z.array(z.string()),
  status: AlertStatus,
  typology: AlertTypology,
  partyName: z.string().nullable(),
  partyCountry: z.string().nullable(),
  /** Countries of the counterparties in the alert's transactions. */
  counterpartyCountries: z.array(z.string()),
  configVersion: z.number().int(),
  links: z.array(AlertLink),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type FinanceAlert = z.infer<typeof FinanceAlert>;

export const FinanceTransactionView = z.object({
  source: z.string(),
  transactionId: z.string(),
  at: z.string(),
  utcOffsetMinutes: z.number().int(),
  amount: z.number(),
  currency: z.string(),
  channel: z.enum(CHANNELS),
  reference: z.string().nullable(),
  senderId: z.string(),
  senderName: z.string().nullable(),
  senderCountry: z.string().nullable(),
  receiverId: z.string(),
  receiverName: z.string().nullable(),
  receiverCountry: z.string().nullable(),
  /** Whether this payment is one of the alert's evidence. */
  inAlert: z.boolean(),
});
export type FinanceTransactionView = z.infer<typeof FinanceTransactionView>;

export const FinanceAlertAction = z.object({
  action: z.string(),
  reason: z.string().nullable(),
  by: z.string().nullable(),
  at: z.string(),
});

export const FinanceAlertDetail = FinanceAlert.extend({
  /** The party's payments (as sender or receiver), newest last, at most 2,000: for the chart and the network. */
  transactions: z.array(FinanceTransactionView),
  transactionsTotal: z.number().int(),
  actions: z.array(FinanceAlertAction),
  dismissedScore: z.number().int().nullable(),
});
export type FinanceAlertDetail = z.infer<typeof FinanceAlertDetail>;

export const FinanceAlertListQuery = z
  .object({
    minScore: z.coerce
      .number()
      .int()
      .min(0)
      .max(100)
      .optional()
      .describe('Only alerts scoring at least this'),
    party: z.string().trim().min(1).max(200).optional().describe('A sender or receiver id from the data'),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'must be an ISO 3166-1 alpha-2 country code')
      .transform((c) => c.toUpperCase())
      .optional()
      .describe('The party’s country or a counterparty’s'),
    status: AlertStatus.optional(),
    typology: AlertTypology.optional(),
    referral: Uuid.optional().describe('Only alerts linked to this referral'),
    ...PageQuery,
  })
  .strict();
export type FinanceAlertListQuery = z.input<typeof FinanceAlertListQuery>;

export const FinanceAlertPage = pageOf(FinanceAlert);
export type FinanceAlertPage = z.infer<typeof FinanceAlertPage>;

export const DismissAlertInput = z.object({ reason: Reason }).strict();
export const EscalateAlertInput = z.object({ reason: Reason.optional() }).strict();
export const LinkAlertToCaseInput = z.object({ caseId: Uuid, reason: Reason.optional() }).strict();

export const AlertReferralResult = z.object({ alertId: Uuid, referralId: Uuid, reference: z.string() });

export const ScreeningConfigView = z.object({
  version: z.number().int(),
  config: z.record(z.string(), z.unknown()),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type ScreeningConfigView = z.infer<typeof ScreeningConfigView>;

/** A lead package for a financial intelligence unit: one JSON download holding its files and their hashes. */
export const LeadPackage = z.object({
  format: z.literal('sinag-lead-package/1'),
  createdAt: z.string(),
  alertId: Uuid,
  files: z.array(
    z.object({
      name: z.string(),
      mediaType: z.string(),
      sha256: z.string(),
      bytes: z.number().int(),
      content: z.string(),
    }),
  ),
  /** `sha256sum` format: with the files written out, `sha256sum -c` checks them. */
  manifest: z.string(),
});
export type LeadPackage = z.infer<typeof LeadPackage>;
