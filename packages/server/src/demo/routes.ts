import { z } from 'zod';
import { auditActor } from '../audit/log.ts';
import { defineRoute } from '../http/route.ts';
import { loadDemo } from './service.ts';

export const demoRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/demo/load',
    summary:
      'Load the synthetic demo centre: staff, worked referrals, cases and screened payments (once; force adds referrals)',
    tag: 'admin',
    access: 'demo:load',
    body: z
      .object({
        count: z.number().int().min(1).max(10000).default(300),
        force: z.boolean().default(false),
        seed: z.number().int().optional(),
      })
      .strict(),
    response: z.object({
      loaded: z.boolean(),
      referrals: z.number(),
      worked: z.number(),
      cases: z.number(),
      paymentAlerts: z.number(),
    }),
    async handler({ actor, body, services }) {
      return loadDemo(services, auditActor(actor), body);
    },
  }),
];
