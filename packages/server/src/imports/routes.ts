import { CyberTipImportRequest, CyberTipImportResponse } from '@sinag/core';
import { auditActor } from '../audit/log.ts';
import { defineRoute } from '../http/route.ts';
import { owningOrganisation } from '../referrals/service.ts';
import { importCyberTips } from './service.ts';

export const importRoutes = [
  defineRoute({
    method: 'POST',
    url: '/api/v1/imports/cybertip',
    summary:
      'Import a batch of CyberTips (CyberTipline report XML with its fileDetails, or NCMEC JSON exports). ' +
      'Each document is imported once however often it is sent; each gets its own status. dryRun validates only.',
    tag: 'imports',
    access: 'referral:import',
    body: CyberTipImportRequest,
    response: CyberTipImportResponse,
    // Batches of documents are large: SINAG_IMPORT_BODY_LIMIT (50 MiB by default), not SINAG_BODY_LIMIT.
    bodyLimit: (config) => config.importBodyLimit,
    async handler({ actor, body, services }) {
      const organisationId = await owningOrganisation(services, actor);
      return importCyberTips(
        services,
        { owner: { organisationId, createdBy: actor.userId }, by: auditActor(actor) },
        body,
      );
    },
  }),
];
