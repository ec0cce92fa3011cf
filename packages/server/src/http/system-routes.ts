import { HealthResponse } from '@sinag/core';
import { defineRoute } from './route.ts';

export const systemRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/health',
    summary: 'Liveness and which database is in use',
    tag: 'system',
    access: 'public',
    response: HealthResponse,
    async handler({ services }) {
      await services.db.selectFrom('settings').select('key').limit(1).execute();
      return { status: 'ok' as const, database: services.dbKind, version: services.version };
    },
  }),
];
