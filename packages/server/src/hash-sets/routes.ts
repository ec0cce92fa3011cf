import {
  CategoryScheme,
  CategorySchemeCreateInput,
  CategorySchemeList,
  HashSetCreateInput,
  HashSetImportJob,
  HashSetImportParams,
  HashSetImportQuery,
  HashSetList,
  HashSetUpdateInput,
  HashSetView,
  IdParams,
  VicsDocument,
} from '@sinag/core';
import { Readable } from 'node:stream';
import { z } from 'zod';
import { auditActor } from '../audit/log.ts';
import { defineRoute } from '../http/route.ts';
import { uploadedChunks } from '../http/upload.ts';
import { organisationActor } from '../auth/actor.ts';
import { exportHashSet } from './entries.ts';
import { getImportJob, importHashList } from './import.ts';
import { createCategoryScheme, listCategorySchemes } from './schemes.ts';
import { createHashSet, deleteHashSet, getHashSet, listHashSets, updateHashSet } from './service.ts';

/** A file name for the export: the set's name without characters that file systems or headers refuse. */
const exportFileName = (name: string) =>
  `${name.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'hash-set'}.vics.json`;

export const hashSetRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/hash-sets',
    summary: 'The hash sets (known material and allow-lists) of the caller’s organisation, by name',
    tag: 'hash-sets',
    access: 'hashset:read',
    response: HashSetList,
    async handler({ actor, services }) {
      return listHashSets(services, organisationActor(actor));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/hash-sets',
    summary: 'Create an empty hash set in the caller’s organisation; import entries into it afterwards',
    tag: 'hash-sets',
    access: 'hashset:manage',
    body: HashSetCreateInput,
    response: HashSetView,
    status: 201,
    errors: [409],
    async handler({ actor, body, reply, services }) {
      const created = await createHashSet(services, organisationActor(actor), body);
      reply.header('location', `/api/v1/hash-sets/${created.id}`);
      return created;
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/hash-sets/:id',
    summary: 'One hash set',
    tag: 'hash-sets',
    access: 'hashset:read',
    params: IdParams,
    response: HashSetView,
    errors: [404],
    async handler({ actor, params, services }) {
      return getHashSet(services, organisationActor(actor), params.id);
    },
  }),
  defineRoute({
    method: 'PATCH',
    url: '/api/v1/hash-sets/:id',
    summary: 'Rename a hash set, change its source, scheme or PDQ threshold, or enable or disable it',
    tag: 'hash-sets',
    access: 'hashset:manage',
    params: IdParams,
    body: HashSetUpdateInput,
    response: HashSetView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return updateHashSet(services, organisationActor(actor), params.id, body);
    },
  }),
  defineRoute({
    method: 'DELETE',
    url: '/api/v1/hash-sets/:id',
    summary: 'Delete a hash set with all its entries and import jobs',
    tag: 'hash-sets',
    access: 'hashset:manage',
    params: IdParams,
    response: z.object({ id: z.string(), deleted: z.literal(true), entries: z.number().int() }),
    errors: [404],
    async handler({ actor, params, services }) {
      return deleteHashSet(services, organisationActor(actor), params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/hash-sets/:id/import',
    summary:
      'Import a file into a hash set as it uploads (Project VIC JSON, ICSE CSV, or a plain list; gzip accepted). ' +
      'Entries already in the set are counted as duplicates, never added twice, so sending a file again ' +
      'completes an import that stopped. Pass `job` (a UUID you choose) to poll the progress meanwhile.',
    tag: 'hash-sets',
    access: 'hashset:manage',
    params: IdParams,
    query: HashSetImportQuery,
    rawBody:
      'The file, as is (any content type); gzip-compressed files are recognised and decompressed. ' +
      'Records that cannot be read are skipped and listed in the job; a file that is not of the stated ' +
      'format at all is refused with 400.',
    response: HashSetImportJob,
    errors: [404, 409],
    async handler({ actor, params, query, request, services }) {
      return importHashList(
        services,
        organisationActor(actor),
        params.id,
        query.format,
        uploadedChunks(request.body as Readable),
        { jobId: query.job },
      );
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/hash-sets/:id/imports/:jobId',
    summary:
      'An import job: its progress while it runs (processed, imported, duplicates, rejected), then its outcome',
    tag: 'hash-sets',
    access: 'hashset:read',
    params: HashSetImportParams,
    response: HashSetImportJob,
    errors: [404],
    async handler({ actor, params, services }) {
      return getImportJob(services, organisationActor(actor), params.id, params.jobId);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/hash-sets/:id/export',
    summary: 'A hash set as a Project VIC VICS 2.0 JSON document (#Media), streamed',
    tag: 'hash-sets',
    access: 'hashset:read',
    params: IdParams,
    response: VicsDocument,
    errors: [404],
    async handler({ actor, params, reply, services }) {
      const { set, document } = await exportHashSet(services, organisationActor(actor), params.id);
      reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', `attachment; filename="${exportFileName(set.name)}"`);
      return reply.send(Readable.from(document));
    },
  }),
];

export const categorySchemeRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/category-schemes',
    summary: 'Category schemes: what the category values of each source mean (Project VIC, DHS, UK CAID, …)',
    tag: 'hash-sets',
    access: 'hashset:read',
    response: CategorySchemeList,
    async handler({ actor, services }) {
      return listCategorySchemes(services, auditActor(actor));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/category-schemes',
    summary: 'Add a custom category scheme (shared by every organisation)',
    tag: 'hash-sets',
    access: 'category-scheme:manage',
    body: CategorySchemeCreateInput,
    response: CategoryScheme,
    status: 201,
    errors: [409],
    async handler({ actor, body, services }) {
      return createCategoryScheme(services, auditActor(actor), body);
    },
  }),
];
