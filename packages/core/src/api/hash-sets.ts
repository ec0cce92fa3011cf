import { z } from 'zod';
import { HASH_LIST_FORMATS } from '../formats/hash-sets/index.ts';
import { Uuid } from './common.ts';

/**
 * Known material (a match raises an alert) or an allow-list (known benign or viral images whose matches
 * suppress an alert).
 */
export const HASH_SET_KINDS = ['known', 'allow'] as const;
export type HashSetKind = (typeof HASH_SET_KINDS)[number];

export const DEFAULT_PDQ_THRESHOLD = 31;
/** The scheme of a set that names none: categories are kept as given, without a meaning attached. */
export const DEFAULT_CATEGORY_SCHEME = 'unclassified';

const SetName = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const Source = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .max(100, 'must be at most 100 characters')
  .describe('Where the list comes from: project-vic, icse, ncmec, own, or free text');
const SchemeId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,63}$/, 'must be 2–64 characters: lower-case letters, digits and dashes');
const PdqThreshold = z
  .number()
  .int('must be a whole number')
  .min(0, 'must be 0 or more')
  .max(64, 'must be at most 64')
  .describe('Largest Hamming distance (of 256 bits) that counts as a PDQ match');

export const HashSetCreateInput = z
  .object({
    name: SetName,
    source: Source.default('own'),
    scheme: SchemeId.default(DEFAULT_CATEGORY_SCHEME).describe('Id of the category scheme'),
    kind: z.enum(HASH_SET_KINDS).default('known'),
    pdqThreshold: PdqThreshold.default(DEFAULT_PDQ_THRESHOLD),
    enabled: z.boolean().default(true),
  })
  .strict();
export type HashSetCreateInput = z.input<typeof HashSetCreateInput>;

export const HashSetUpdateInput = z
  .object({
    name: SetName.optional(),
    source: Source.optional(),
    scheme: SchemeId.optional(),
    pdqThreshold: PdqThreshold.optional(),
    enabled: z.boolean().optional(),
  })
  .strict()
  .refine((input) => Object.values(input).some((v) => v !== undefined), 'must change at least one field');
export type HashSetUpdateInput = z.input<typeof HashSetUpdateInput>;

export const HashSetView = z.object({
  id: z.string(),
  name: z.string(),
  source: z.string(),
  scheme: z.object({ id: z.string(), name: z.string() }),
  kind: z.enum(HASH_SET_KINDS),
  pdqThreshold: z.number().int(),
  enabled: z.boolean(),
  entryCount: z.number().int(),
  /** Referral files that match an entry of the set, so far. */
  matchCount: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type HashSetView = z.infer<typeof HashSetView>;

export const HashSetList = z.object({ items: z.array(HashSetView) });
export type HashSetList = z.infer<typeof HashSetList>;

export const HashSetImportQuery = z
  .object({
    format: z
      .enum(HASH_LIST_FORMATS)
      .describe('vics (Project VIC JSON), icse (Interpol CSV), or a plain list'),
    job: Uuid.optional().describe(
      'An id for the import job, chosen by the caller so it can poll the progress while the upload runs',
    ),
  })
  .strict();

export const HashSetImportParams = z.object({ id: Uuid, jobId: Uuid }).strict();

export const IMPORT_JOB_STATUSES = ['running', 'completed', 'failed'] as const;

/** The first errors an import job keeps (the count of rejected records is always complete). */
export const IMPORT_ERRORS_KEPT = 100;

export const HashSetImportJob = z.object({
  id: z.string(),
  hashSetId: z.string(),
  format: z.enum(HASH_LIST_FORMATS),
  /** VICS: the data model version of the file ("1.2", "1.3", "2.0"). */
  dialect: z.string().nullable(),
  status: z.enum(IMPORT_JOB_STATUSES),
  /** Records read so far: imported + duplicates + rejected. */
  processed: z.number().int(),
  imported: z.number().int(),
  /** Already in the set (an earlier import, or earlier in this file). */
  duplicates: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ record: z.number().int(), line: z.number().int(), reason: z.string() })),
  /** Why a failed import stopped; what it stored before stays (a retry adds only the rest). */
  failure: z.string().nullable(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type HashSetImportJob = z.infer<typeof HashSetImportJob>;

/** The shape of a VICS 2.0 export, for the API document (records as Project VIC defines them). */
export const VicsDocument = z.object({
  '@odata.context': z.string(),
  value: z.array(z.record(z.string(), z.unknown())),
});

export const Category = z
  .object({
    value: z.string().trim().min(1, 'must not be empty').max(50),
    label: z.string().trim().min(1, 'must not be empty').max(100),
    description: z.string().trim().max(1000).default(''),
  })
  .strict();

export const CategorySchemeCreateInput = z
  .object({
    id: SchemeId,
    name: z.string().trim().min(1, 'must not be empty').max(200),
    description: z.string().trim().max(2000).default(''),
    categories: z
      .array(Category)
      .min(1, 'must list at least one category')
      .max(200)
      .refine(
        (categories) => new Set(categories.map((c) => c.value)).size === categories.length,
        'must not list a value twice',
      ),
  })
  .strict();
export type CategorySchemeCreateInput = z.input<typeof CategorySchemeCreateInput>;

export const CategoryScheme = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  builtIn: z.boolean(),
  categories: z.array(z.object({ value: z.string(), label: z.string(), description: z.string() })),
});
export type CategoryScheme = z.infer<typeof CategoryScheme>;

export const CategorySchemeList = z.object({ items: z.array(CategoryScheme) });
