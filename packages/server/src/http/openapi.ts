import { z } from 'zod';
import type { AnyRoute } from './route.ts';

const ErrorBody = z.object({
  error: z.object({
    code: z.string().describe('Stable machine-readable code, e.g. validation_failed'),
    message: z.string().describe('What went wrong, naming the field'),
    field: z.string().optional().describe('Path of the offending field, e.g. incident.type'),
  }),
});

const STANDARD_ERRORS: Record<number, string> = {
  400: 'Invalid input: the message names the field and the reason',
  401: 'No valid session cookie or API token',
  403: 'The caller lacks the permission, or the CSRF token is missing',
  404: 'Not found, or not visible to the caller',
  413: 'Body larger than the configured limit',
  415: 'Wrong content type',
};

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  const { $schema: _s, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<
    string,
    unknown
  >;
  return rest;
}

function pathParams(url: string): { openapiPath: string; names: string[] } {
  const names: string[] = [];
  const openapiPath = url.replace(/:([A-Za-z0-9_]+)/g, (_, name: string) => {
    names.push(name);
    return `{${name}}`;
  });
  return { openapiPath, names };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApi(routes: AnyRoute[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const { openapiPath, names } = pathParams(route.url);
    const parameters: unknown[] = names.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    }));
    if (route.query) {
      const query = jsonSchema(route.query as z.ZodType, 'input') as {
        properties?: Record<string, { description?: string }>;
        required?: string[];
      };
      for (const [name, schema] of Object.entries(query.properties ?? {})) {
        parameters.push({
          name,
          in: 'query',
          required: query.required?.includes(name) ?? false,
          schema,
          ...(schema.description ? { description: schema.description } : {}),
        });
      }
    }
    const errors = [
      ...new Set([400, ...(route.access === 'public' ? [] : [401, 403]), ...(route.errors ?? [])]),
    ];
    const responses: Record<string, unknown> = {
      [String(route.status ?? 200)]: {
        description: 'Success',
        content: { 'application/json': { schema: jsonSchema(route.response, 'output') } },
      },
    };
    for (const status of errors.sort()) {
      responses[String(status)] = {
        description: STANDARD_ERRORS[status] ?? 'Error',
        content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } },
      };
    }
    (paths[openapiPath] ??= {})[route.method.toLowerCase()] = {
      summary: route.summary,
      tags: [route.tag],
      ...(parameters.length ? { parameters } : {}),
      ...(route.rawBody
        ? {
            requestBody: {
              required: true,
              description: route.rawBody,
              content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
            },
          }
        : {}),
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body as z.ZodType, 'input') } },
            },
          }
        : {}),
      responses,
      // Public routes say so explicitly; the rest inherit the document-wide security.
      ...(route.access === 'public' ? { security: [] } : {}),
      'x-sinag-access': route.access,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Sinag API',
      version,
      description:
        'Referral intake, triage and case management for the response to online sexual exploitation of children. ' +
        'Authenticate with a session cookie (browser; writes need the X-CSRF-Token header) or a personal API token ' +
        '(`Authorization: Bearer …`, from POST /api/v1/auth/tokens).',
    },
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }, { sessionCookie: [] }],
    components: {
      securitySchemes: {
        bearerAuth: { type: 'http', scheme: 'bearer' },
        sessionCookie: { type: 'apiKey', in: 'cookie', name: 'sinag_session' },
      },
      schemas: { Error: jsonSchema(ErrorBody, 'output') },
    },
    paths,
  };
}
