import { z } from 'zod';
import { IsoDay, Place } from './people.ts';

export const OPERATION_STATUSES = ['planned', 'approved', 'carried-out'] as const;
export const OperationStatus = z.enum(OPERATION_STATUSES);
export type OperationStatus = z.infer<typeof OperationStatus>;

const userIds = z.array(z.uuid({ message: 'must be a user id (UUID)' })).max(100);

/** A rescue operation's plan: when, where (region and city, no finer), who. */
export const OperationPlanInput = z
  .object({
    name: z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters'),
    plannedFor: IsoDay,
    ...Place,
    teamIds: userIds.min(1, 'an operation needs at least one team member'),
    socialWorkerIds: userIds.default([]),
    partnerAgencies: z.array(z.string().trim().min(1).max(200)).max(30).default([]),
  })
  .strict();
export type OperationPlanInput = z.input<typeof OperationPlanInput>;

export const OperationOutcomeInput = z
  .object({
    carriedOutOn: IsoDay,
    safeguardedVictimIds: z
      .array(z.uuid({ message: 'must be a victim id (UUID)' }))
      .max(200)
      .default([]),
    arrestedSubjectIds: z
      .array(z.uuid({ message: 'must be a subject id (UUID)' }))
      .max(200)
      .default([]),
    /** A description of what was seized; the items themselves are evidence records. */
    evidenceSeized: z.string().trim().max(5000).optional(),
  })
  .strict();
export type OperationOutcomeInput = z.input<typeof OperationOutcomeInput>;
