import { PageQuery } from '@sinag/core';
import { z } from 'zod';
import { appendAudit, auditActor, verifyAuditLog } from './log.ts';
import { defineRoute } from '../http/route.ts';

const AuditEntryView = z.object({
  seq: z.number(),
  at: z.string(),
  actorName: z.string(),
  actorUserId: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string().nullable(),
  ip: z.string().nullable(),
  details: z.unknown(),
  /** Null for the moment between an entry's commit and its sealing into the chain. */
  position: z.number().nullable(),
  hash: z.string().nullable(),
});

export const auditRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit',
    summary: 'The audit log, newest first; filter by record',
    tag: 'audit',
    access: 'audit:read',
    query: z
      .object({
        ...PageQuery,
        entityType: z.string().max(50).optional(),
        entityId: z.string().max(100).optional(),
      })
      .strict(),
    response: z.object({ items: z.array(AuditEntryView), page: z.number(), pageSize: z.number() }),
    async handler({ actor, query, services }) {
      let q = services.db
        .selectFrom('audit_log as l')
        .leftJoin('audit_seals as s', 's.seq', 'l.seq')
        .selectAll('l')
        .select(['s.position', 's.hash']);
      if (query.entityType) q = q.where('l.entity_type', '=', query.entityType);
      if (query.entityId) q = q.where('l.entity_id', '=', query.entityId);
      const rows = await q
        .orderBy('l.seq', 'desc')
        .limit(query.pageSize)
        .offset((query.page - 1) * query.pageSize)
        .execute();
      await services.db
        .transaction()
        .execute((trx) =>
          appendAudit(trx, auditActor(actor), [
            { action: 'audit.read', entityType: 'audit', details: query },
          ]),
        );
      return {
        items: rows.map((r) => ({
          seq: Number(r.seq),
          at: r.at.toISOString(),
          actorName: r.actor_name,
          actorUserId: r.actor_user_id,
          action: r.action,
          entityType: r.entity_type,
          entityId: r.entity_id,
          ip: r.ip,
          details: r.details,
          position: r.position === null ? null : Number(r.position),
          hash: r.hash,
        })),
        page: query.page,
        pageSize: query.pageSize,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/audit/verify',
    summary: 'Re-compute the audit hash chain and report the first broken entry',
    tag: 'audit',
    access: 'audit:read',
    response: z.object({
      ok: z.boolean(),
      entries: z.number(),
      brokenAt: z.number().optional(),
      reason: z.string().optional(),
    }),
    async handler({ services }) {
      return verifyAuditLog(services.db);
    },
  }),
];
