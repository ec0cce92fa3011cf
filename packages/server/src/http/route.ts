import type { Permission } from '@sinag/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Actor } from '../auth/actor.ts';
import type { Config } from '../config.ts';
import type { Services } from '../services.ts';

/**
 * Who may call a route: nobody needs to log in (`public`), any logged-in user (`authenticated`),
 * or users whose role grants the permission.
 */
export type Access = 'public' | 'authenticated' | Permission;

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

export interface RouteContext<B, Q, P, A> {
  body: Infer<B>;
  query: Infer<Q>;
  params: Infer<P>;
  actor: A;
  request: FastifyRequest;
  reply: FastifyReply;
  services: Services;
}

export interface RouteSpec<B = unknown, Q = unknown, P = unknown, A extends Access = Access> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Fastify path, e.g. /api/v1/referrals/:id */
  url: string;
  summary: string;
  tag: string;
  access: A;
  body?: B;
  query?: Q;
  params?: P;
  /** Schema of the success response, for the OpenAPI document. */
  response: z.ZodType;
  /** Success status (200 unless given). */
  status?: number;
  /** Per-address limit on calls (login and token routes), enforced by @fastify/rate-limit. */
  rateLimit?: { max: number; timeWindow: string };
  /** A larger (or smaller) body limit than the server-wide SINAG_BODY_LIMIT, e.g. for bulk imports. */
  bodyLimit?: (config: Config) => number;
  /**
   * The body is not parsed but handed to the handler as a stream (`request.body` is a Readable), e.g. a
   * file to import; the text describes it in the OpenAPI document.
   */
  rawBody?: string;
  /** Extra documented error statuses besides the ones every route can give. */
  errors?: number[];
  handler(ctx: RouteContext<B, Q, P, A extends 'public' ? Actor | undefined : Actor>): Promise<unknown>;
}

/** Identity function that keeps the types of a route's schemas flowing into its handler. */
export function defineRoute<
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  A extends Access = Access,
>(spec: RouteSpec<B, Q, P, A>): RouteSpec<B, Q, P, A> {
  return spec;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyRoute = RouteSpec<any, any, any, any>;
