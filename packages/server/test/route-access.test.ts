import { roleWithout, type Permission } from '@sinag/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ISPWS_ROUTES } from '../src/ispws/routes.ts';
import { call, createTestContext, createTestUser, DATABASE_KINDS, type TestContext } from './helpers.ts';

type Operation = { 'x-sinag-access': string; security?: unknown[] };
type OpenApi = { paths: Record<string, Record<string, Operation>> };

/** Fills path parameters with values that pass no lookup: access is checked before anything else. */
function concretePath(path: string): string {
  return path.replace(/\{id\}/g, '00000000-0000-4000-8000-000000000000').replace(/\{[^}]+\}/g, 'nobody');
}

describe.each(DATABASE_KINDS)('every route declares and enforces its access (%s)', (kind) => {
  let ctx: TestContext;
  let operations: { method: string; path: string; access: string; publicInDoc: boolean }[];

  beforeAll(async () => {
    ctx = await createTestContext(kind);
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json<OpenApi>();
    operations = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path,
        access: op['x-sinag-access'],
        publicInDoc: Array.isArray(op.security) && op.security.length === 0,
      })),
    );
  });
  afterAll(() => ctx.close());

  it('documents a fair number of routes, each with an access rule', () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const op of operations) expect(op.access, `${op.method} ${op.path}`).toBeTruthy();
  });

  it('covers the routing rules routes', () => {
    const routes = operations.map((op) => `${op.method} ${op.path}`);
    expect(routes).toEqual(
      expect.arrayContaining(['GET /api/v1/routing/rules', 'PUT /api/v1/routing/rules']),
    );
  });

  it('guards the triage routes by their own permissions', () => {
    const access = (method: string, path: string) =>
      operations.find((op) => op.method === method && op.path === path)?.access;
    expect(access('POST', '/api/v1/referrals/{id}/priority-override')).toBe('referral:triage');
    expect(access('DELETE', '/api/v1/referrals/{id}/priority-override')).toBe('referral:triage');
    expect(access('GET', '/api/v1/triage/config')).toBe('referral:read');
    expect(access('PUT', '/api/v1/triage/config')).toBe('triage:configure');
    expect(access('GET', '/api/v1/triage/config/versions')).toBe('referral:read');
    expect(access('GET', '/api/v1/triage/breaches')).toBe('triage:supervise');
  });

  it('marks exactly the deliberately public routes as public', () => {
    const publicRoutes = operations
      .filter((op) => op.access === 'public')
      .map((op) => `${op.method} ${op.path}`);
    expect(publicRoutes.sort()).toEqual([
      'GET /api/health',
      'POST /api/v1/auth/login',
      'POST /api/v1/auth/tokens',
    ]);
    for (const op of operations) expect(op.publicInDoc).toBe(op.access === 'public');
  });

  it('answers 401 without credentials on every non-public route', async () => {
    for (const op of operations.filter((o) => o.access !== 'public')) {
      const res = await ctx.app.inject({
        method: op.method as 'GET',
        url: concretePath(op.path),
        ...(op.method === 'GET' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${op.method} ${op.path}`).toBe(401);
      expect(res.json().error.code).toBe('authentication_required');
    }
  });

  it('answers 401 for an unknown or malformed bearer token', async () => {
    const unknown = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/referrals',
      headers: { authorization: 'Bearer sinag_nope' },
    });
    expect(unknown.statusCode).toBe(401);
    const malformed = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/referrals',
      headers: { authorization: 'Basic abc' },
    });
    expect(malformed.statusCode).toBe(401);
  });

  it('answers 403 on every permission-guarded route to a role without the permission', async () => {
    const guarded = operations.filter((o) => o.access !== 'public' && o.access !== 'authenticated');
    expect(guarded.length).toBeGreaterThan(5);
    for (const op of guarded) {
      const role = roleWithout(op.access as Permission);
      expect(role, `some role lacks ${op.access}`).toBeDefined();
      const user = await createTestUser(ctx.services, role!);
      const res = await call(ctx.app, user, {
        method: op.method as 'GET',
        url: concretePath(op.path),
        ...(op.method === 'GET' ? {} : { payload: {} }),
      });
      expect(res.statusCode, `${op.method} ${op.path} as ${role}`).toBe(403);
      expect(res.json().error.code).toBe('forbidden');
    }
  });

  it('has no route outside the OpenAPI document but the static assets and the docs page', async () => {
    const documented = new Set(
      operations.map((op) => `${op.method} ${op.path.replace(/\{([^}]+)\}/g, ':$1')}`),
    );
    const undocumented = ctx.app.registeredRoutes
      .filter((r) => r.method !== 'HEAD' && !documented.has(`${r.method} ${r.url}`))
      .map((r) => `${r.method} ${r.url}`);
    // Static files (the web app's bundle, Swagger UI's assets) and the pages that show the API itself.
    const allowed = [
      /^GET \/api\/openapi\.json$/,
      /^GET \/api\/docs$/,
      /^GET \/api\/docs\/assets\//,
      /^GET \/(assets\/|index\.html$|$|favicon)/,
      // The public "report a concern" form: deliberately public HTML pages, not JSON API routes
      // (public-report.test.ts proves each answers without credentials).
      /^GET \/report$/,
      /^POST \/report$/,
      /^GET \/report\/follow-up$/,
      /^POST \/report\/follow-up$/,
      // The CyberTipline-compatible reporting API: NCMEC's XML protocol with HTTP Basic auth, described by
      // NCMEC's schema (GET /ispws/xsd), not OpenAPI. ispws.test.ts proves each route answers 401
      // (responseCode 2000) without credentials and 403 (3000) to every role but platform-reporter.
      ...ISPWS_ROUTES.map((r) => `${r.method} ${r.url}`).map((r) => new RegExp(`^${r}$`)),
    ];
    expect(undocumented.filter((r) => !allowed.some((a) => a.test(r)))).toEqual([]);
  });

  it('serves the public routes without credentials', async () => {
    const health = await ctx.app.inject({ method: 'GET', url: '/api/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', database: kind });
    expect((await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).statusCode).toBe(200);
    const docs = await ctx.app.inject({ method: 'GET', url: '/api/docs' });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain('/api/openapi.json');
    const asset = await ctx.app.inject({ method: 'GET', url: '/api/docs/assets/swagger-ui-bundle.js' });
    expect(asset.statusCode).toBe(200);
  });
});
