import { z } from 'zod';

/** The formats `POST /api/v1/imports/cybertip` reads. */
export const IMPORT_FORMATS = ['cybertipline-xml', 'cybertip-json'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** One CyberTip to import: a `report` XML with its `fileDetails` documents, or a JSON export. */
export const ImportDocument = z
  .object({
    /** What the caller calls it (a file path); only echoed back in the result. */
    name: z.string().min(1).max(4096),
    format: z.enum(IMPORT_FORMATS),
    content: z.string().min(1, 'must not be empty'),
    /** `fileDetails` XML documents of the report's files (XML reports only). */
    fileDetails: z.array(z.string().min(1)).max(10000).optional(),
    /**
     * The CyberTip id of an XML report, when the caller knows it (a `report` document does not contain its
     * own id; NCMEC assigns it). Without it, the `reportId` of the `fileDetails` is used, if they agree.
     */
    reportId: z
      .string()
      .regex(/^\d{1,19}$/, 'must be the numeric CyberTip id')
      .optional(),
  })
  .strict();
export type ImportDocument = z.input<typeof ImportDocument>;

export const CyberTipImportRequest = z
  .object({
    documents: z.array(ImportDocument).min(1, 'must name at least one document').max(10000),
    /** Validate and map only; store nothing (the batch is still audited as a dry run). */
    dryRun: z.boolean().default(false),
  })
  .strict();
export type CyberTipImportRequest = z.input<typeof CyberTipImportRequest>;

/**
 * What became of a document: stored now, stored before (same document, or the same CyberTip id in either
 * format), refused (with the reason), or — on a dry run — valid and new, so it would be imported.
 */
export const IMPORT_STATUSES = ['imported', 'already-present', 'rejected', 'valid'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

export const ImportResult = z.object({
  name: z.string(),
  status: z.enum(IMPORT_STATUSES),
  reason: z.string().optional(),
  /** The referral it is (or was already) in; left out when that referral belongs to another organisation. */
  referralId: z.string().optional(),
  reference: z.string().optional(),
});
export type ImportResult = z.infer<typeof ImportResult>;

export const ImportCounts = z.object({
  imported: z.number().int(),
  alreadyPresent: z.number().int(),
  rejected: z.number().int(),
  valid: z.number().int(),
});
export type ImportCounts = z.infer<typeof ImportCounts>;

export const CyberTipImportResponse = z.object({
  dryRun: z.boolean(),
  /** One per document, in the order sent. */
  results: z.array(ImportResult),
  counts: ImportCounts,
});
export type CyberTipImportResponse = z.infer<typeof CyberTipImportResponse>;
