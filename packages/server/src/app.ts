import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DestinationStream } from 'pino';
import { auditRoutes } from './audit/routes.ts';
import { authRoutes } from './auth/routes.ts';
import { caseRoutes } from './cases/routes.ts';
import { caseLifecycleRoutes } from './cases/lifecycle-routes.ts';
import { caseLegalRoutes } from './cases/legal-routes.ts';
import { caseTaskRoutes } from './cases/task-routes.ts';
import { casePeopleRoutes } from './cases/people-routes.ts';
import { operationRoutes } from './cases/operation-routes.ts';
import { aftercareRoutes } from './cases/aftercare-routes.ts';
import { evidenceRoutes } from './cases/evidence-routes.ts';
import { prosecutionRoutes } from './cases/prosecution-routes.ts';
import { sharingRoutes } from './cases/sharing-routes.ts';
import { caseReportRoutes } from './cases/report-routes.ts';
import { deconflictionRoutes } from './deconfliction/routes.ts';
import { demoRoutes } from './demo/routes.ts';
import { financeRoutes } from './finance/routes.ts';
import { AppError } from './http/errors.ts';
import { buildOpenApi } from './http/openapi.ts';
import { registerRoute } from './http/register.ts';
import type { AnyRoute } from './http/route.ts';
import { systemRoutes } from './http/system-routes.ts';
import { categorySchemeRoutes, hashSetRoutes } from './hash-sets/routes.ts';
import { linkingRoutes } from './linking/routes.ts';
import { matchingRoutes } from './matching/routes.ts';
import { importRoutes } from './imports/routes.ts';
import { ispwsPlugin } from './ispws/routes.ts';
import { publicReportRoutes } from './public-report/routes.ts';
import { referralRoutes } from './referrals/routes.ts';
import { referralWorkflowRoutes } from './referrals/workflow-routes.ts';
import { routingRoutes } from './routing/routes.ts';
import { triageRoutes } from './triage/routes.ts';
import type { Services } from './services.ts';
import { userRoutes } from './users/routes.ts';

export const routes: AnyRoute[] = [
  ...systemRoutes,
  ...authRoutes,
  ...userRoutes,
  ...referralRoutes,
  ...referralWorkflowRoutes,
  ...triageRoutes,
  ...caseRoutes,
  ...caseLifecycleRoutes,
  ...caseTaskRoutes,
  ...caseLegalRoutes,
  ...casePeopleRoutes,
  ...operationRoutes,
  ...aftercareRoutes,
  ...evidenceRoutes,
  ...prosecutionRoutes,
  ...sharingRoutes,
  ...caseReportRoutes,
  ...auditRoutes,
  ...demoRoutes,
  ...importRoutes,
  ...hashSetRoutes,
  ...matchingRoutes,
  ...categorySchemeRoutes,
  ...routingRoutes,
  ...linkingRoutes,
  ...deconflictionRoutes,
  ...financeRoutes,
];

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Fastify's own error codes, mapped onto Sinag's error format. */
function toAppError(error: FastifyError): AppError {
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('unsupported_media_type', 'Send the body as application/json.', 'Content-Type');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(
        'payload_too_large',
        'The body is larger than the configured limit (SINAG_BODY_LIMIT; SINAG_IMPORT_BODY_LIMIT for imports).',
      );
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return new AppError('validation_failed', 'The JSON body is empty.');
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    default:
      if (error instanceof SyntaxError || error.code === 'FST_ERR_CTP_INVALID_JSON_BODY') {
        return new AppError('malformed_json', `The body is not valid JSON: ${error.message}`);
      }
      if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
        return new AppError('validation_failed', error.message);
      }
      return new AppError('internal', 'Something went wrong on the server; the request was not applied.');
  }
}

declare module 'fastify' {
  interface FastifyInstance {
    registeredRoutes: { method: string; url: string }[];
  }
}

export interface AppOptions {
  /** Where logs go (tests capture them); stdout by default. */
  logStream?: DestinationStream;
}

export async function buildApp(services: Services, options: AppOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: services.config.bodyLimit,
    trustProxy: services.config.trustProxy,
    logger: {
      level: services.config.logLevel,
      ...(options.logStream ? { stream: options.logStream } : {}),
      // Log the route pattern, never the query string or body: they can carry identifiers or free text.
      serializers: {
        req: (req) => ({ method: req.method, route: req.routeOptions?.url ?? 'unmatched', ip: req.ip }),
        res: (res) => ({ statusCode: res.statusCode }),
      },
    },
  });

  // JSON only: without the text parser, any other content type is a 415.
  app.removeContentTypeParser('text/plain');
  // Every route Fastify knows, so a test can prove none escapes the access rules.
  const registered: { method: string; url: string }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) registered.push({ method, url: route.url });
  });
  app.decorate('registeredRoutes', registered);
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, context) =>
      new AppError(
        'rate_limited',
        `Too many attempts: try again in ${Math.ceil(context.ttl / 1000)} seconds.`,
        undefined,
        {
          'retry-after': String(Math.ceil(context.ttl / 1000)),
        },
      ),
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appError = error instanceof AppError ? error : toAppError(error);
    if (appError.status >= 500)
      request.log.error(
        { err: { type: error.name, code: error.code, stack: error.stack } },
        'request failed',
      );
    reply.code(appError.status).headers(appError.headers).send(appError.toJSON());
  });

  for (const route of routes.filter((r) => !r.rawBody)) registerRoute(app, services, route);
  // Routes that stream their body (file imports): any content type, read by the handler as it arrives,
  // after authentication, and never buffered whole (so no body limit applies).
  await app.register(async (raw) => {
    raw.removeAllContentTypeParsers();
    raw.addContentTypeParser('*', (_request, payload, done) => done(null, payload));
    for (const route of routes.filter((r) => r.rawBody)) registerRoute(raw, services, route);
  });
  // The public "report a concern" pages: HTML, not part of the JSON API or its OpenAPI document.
  await app.register(publicReportRoutes(services));
  // The CyberTipline-compatible reporting API: NCMEC's XML wire format and HTTP Basic auth (see ispws/).
  await app.register(ispwsPlugin, { prefix: '/ispws', services });

  const openapi = buildOpenApi(routes, services.version);
  app.get('/api/openapi.json', async () => openapi);
  const swaggerDist = path.dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'));
  await app.register(fastifyStatic, { root: swaggerDist, prefix: '/api/docs/assets/', decorateReply: false });
  app.get('/api/docs', async (_req, reply) => reply.type('text/html').send(DOCS_PAGE));

  if (existsSync(path.join(WEB_DIST, 'index.html'))) {
    await app.register(fastifyStatic, { root: WEB_DIST, prefix: '/', wildcard: false });
  }
  app.setNotFoundHandler((request, reply) => {
    // The browser app owns every other GET path (client-side routing).
    if (
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      existsSync(path.join(WEB_DIST, 'index.html'))
    ) {
      return reply.sendFile('index.html', WEB_DIST);
    }
    const error = new AppError('not_found', `No route ${request.method} ${request.url.split('?')[0]}.`);
    return reply.code(404).send(error.toJSON());
  });
  return app;
}

const DOCS_PAGE = `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>Sinag API</title>
  <link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
</head>
<body>
  <div id="docs"></div>
  <script src="/api/docs/assets/swagger-ui-bundle.js"></script>
  <script>SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#docs' });</script>
</body>
</html>`;
