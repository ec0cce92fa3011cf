import { z } from 'zod';
import { DEFAULT_TRANSACTION_COLUMNS } from './transaction.ts';

export const TransactionColumnName = z.enum(DEFAULT_TRANSACTION_COLUMNS);

/** Fields every transaction must have; the others may be empty. */
export const REQUIRED_COLUMNS = [
  'transaction_id',
  'timestamp',
  'amount',
  'currency',
  'channel',
  'sender_id',
  'receiver_id',
] as const;

/** The file kinds payments are imported from; the web app needs this list without the reader's Node streams. */
export const TRANSACTION_FILE_FORMATS = ['csv', 'ndjson'] as const;
export type TransactionFileFormat = (typeof TRANSACTION_FILE_FORMATS)[number];

export const TIMESTAMP_FORMATS = ['iso8601', 'local', 'epoch-seconds', 'epoch-milliseconds'] as const;

const UtcOffset = z
  .string()
  .regex(/^[+-]\d{2}:\d{2}$/, 'must be an offset such as +08:00 or -05:00')
  .describe('The offset of times written without one (local format, or epoch times); +00:00 if not given');

/**
 * How another layout maps onto the default one: which source column (CSV header name, or JSON key) feeds each
 * field, fixed values for fields the source does not carry, and how its timestamps are written.
 * A field that is neither mapped nor fixed is read from the column of its default name.
 */
export const ColumnMapping = z
  .object({
    columns: z
      .partialRecord(TransactionColumnName, z.string().trim().min(1, 'must name a column'))
      .default({})
      .describe('Field of the default layout → the source column that feeds it'),
    constants: z
      .partialRecord(TransactionColumnName, z.string())
      .default({})
      .describe('Field → a value used for every row (e.g. "channel": "remittance" for one remitter’s file)'),
    timestamp: z
      .object({
        format: z
          .enum(TIMESTAMP_FORMATS)
          .default('iso8601')
          .describe(
            'iso8601: 2026-03-01T21:15:00+08:00 (offset required); local: 2026-03-01 21:15[:00] in `utcOffset`; ' +
              'epoch-seconds / epoch-milliseconds since 1970 UTC, shown in `utcOffset`',
          ),
        utcOffset: UtcOffset.optional(),
      })
      .strict()
      .default({ format: 'iso8601' }),
    delimiter: z.string().length(1, 'must be one character').default(',').describe('CSV only'),
  })
  .strict();
export type ColumnMapping = z.output<typeof ColumnMapping>;
export type ColumnMappingInput = z.input<typeof ColumnMapping>;

export const DEFAULT_MAPPING: ColumnMapping = ColumnMapping.parse({});
