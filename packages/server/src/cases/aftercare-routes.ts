import {
  AftercareList,
  AftercareServiceInput,
  AftercareStageInput,
  AftercareView,
  IdParams,
  PlacementEndInput,
  PlacementInput,
  PlacementParams,
  ReintegrationInput,
  VictimParams,
} from '@sinag/core';
import { defineRoute } from '../http/route.ts';
import {
  endPlacement,
  listAftercare,
  recordPlacement,
  recordReintegration,
  recordService,
  recordStage,
} from './aftercare.ts';

/** Aftercare: social workers' permissions only (admins hold every permission). */
export const aftercareRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/aftercare',
    summary: 'Aftercare of each victim of a case: stage, placements, services, reintegration',
    tag: 'aftercare',
    access: 'aftercare:read',
    params: IdParams,
    response: AftercareList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listAftercare(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims/:victimId/aftercare/stages',
    summary: 'Record that a victim’s case management entered a protocol stage',
    tag: 'aftercare',
    access: 'aftercare:manage',
    params: VictimParams,
    body: AftercareStageInput,
    response: AftercareView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return recordStage(services, actor, params.id, params.victimId, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims/:victimId/aftercare/placements',
    summary: 'Place a victim (refused if the caregiver is a subject of the case)',
    tag: 'aftercare',
    access: 'aftercare:manage',
    params: VictimParams,
    body: PlacementInput,
    response: AftercareView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return recordPlacement(services, actor, params.id, params.victimId, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims/:victimId/aftercare/placements/:placementId/end',
    summary: 'End a placement',
    tag: 'aftercare',
    access: 'aftercare:manage',
    params: PlacementParams,
    body: PlacementEndInput,
    response: AftercareView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return endPlacement(services, actor, params.id, params.victimId, params.placementId, body.endedOn);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims/:victimId/aftercare/services',
    summary: 'Record a service delivered to a victim',
    tag: 'aftercare',
    access: 'aftercare:manage',
    params: VictimParams,
    body: AftercareServiceInput,
    response: AftercareView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return recordService(services, actor, params.id, params.victimId, body);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/cases/:id/victims/:victimId/aftercare/reintegration',
    summary: 'Record a victim’s reintegration date',
    tag: 'aftercare',
    access: 'aftercare:manage',
    params: VictimParams,
    body: ReintegrationInput,
    response: AftercareView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return recordReintegration(services, actor, params.id, params.victimId, body.reintegratedOn);
    },
  }),
];
