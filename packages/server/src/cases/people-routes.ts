import {
  ArrestInput,
  CaseIdentifierList,
  CaseVictimIdentity,
  ConsentInput,
  ConsentList,
  ConsentParams,
  ConsentView,
  ConsentWithdrawalInput,
  IdParams,
  RevealedIdentity,
  RevealInput,
  RISK_QUESTIONNAIRE,
  RISK_SECTIONS,
  RiskAssessmentInput,
  RiskAssessmentList,
  RiskAssessmentView,
  RiskQuestionnaireView,
  SubjectIdentifiersInput,
  SubjectInput,
  SubjectList,
  SubjectParams,
  SubjectView,
  VaultRotationResult,
  VictimInput,
  VictimList,
  VictimParams,
  VictimRelationsInput,
  VictimView,
} from '@sinag/core';
import { auditActor } from '../audit/log.ts';
import { defineRoute } from '../http/route.ts';
import { onceFrom } from './idempotency.ts';
import { listConsents, recordConsent, withdrawConsent } from './consent.ts';
import { rotateVault } from '../vault/rotate.ts';
import {
  addSubjectIdentifiers,
  assessRisk,
  createSubject,
  listAssessments,
  listCaseIdentifiers,
  listSubjects,
  recordArrest,
} from './subjects.ts';
import {
  createVictim,
  listVictims,
  revealVictimIdentity,
  setVictimIdentity,
  updateVictimRelations,
} from './victims.ts';

/** Subjects, victims, the identity vault and consent: case routes, each behind `caseAccess`. */
export const casePeopleRoutes = [
  defineRoute({
    method: 'GET',
    url: '/api/v1/risk-questionnaire',
    summary: 'The questions and sections of the subject risk assessment',
    tag: 'case people',
    access: 'case:read',
    response: RiskQuestionnaireView,
    async handler() {
      return {
        id: RISK_QUESTIONNAIRE.id,
        sections: [...RISK_SECTIONS],
        questions: RISK_QUESTIONNAIRE.questions,
      };
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/identifiers',
    summary: 'The identifiers of a case’s referrals, to link subjects to',
    tag: 'case people',
    access: 'case:read',
    params: IdParams,
    response: CaseIdentifierList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listCaseIdentifiers(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/subjects',
    summary: 'Subjects of a case with identifiers, risk level, arrest and relations to victims',
    tag: 'case people',
    access: 'case:read',
    params: IdParams,
    response: SubjectList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listSubjects(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/subjects',
    summary: 'Add a subject (suspect) to a case. An Idempotency-Key header makes retries safe.',
    tag: 'case people',
    access: 'case:manage',
    params: IdParams,
    body: SubjectInput,
    response: SubjectView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, request, services }) {
      return createSubject(services, actor, params.id, body, onceFrom(request, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/subjects/:subjectId/identifiers',
    summary: 'Link more identifiers to a subject',
    tag: 'case people',
    access: 'case:manage',
    params: SubjectParams,
    body: SubjectIdentifiersInput,
    response: SubjectView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return addSubjectIdentifiers(services, actor, params.id, params.subjectId, body.identifiers);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/cases/:id/subjects/:subjectId/arrest',
    summary: 'Record a subject’s arrest (date, region and city, agency)',
    tag: 'case people',
    access: 'case:manage',
    params: SubjectParams,
    body: ArrestInput,
    response: SubjectView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return recordArrest(services, actor, params.id, params.subjectId, body);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/subjects/:subjectId/risk-assessments',
    summary: 'Every risk assessment of a subject, newest first',
    tag: 'case people',
    access: 'case:read',
    params: SubjectParams,
    response: RiskAssessmentList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listAssessments(services, actor, params.id, params.subjectId);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/subjects/:subjectId/risk-assessments',
    summary: 'Assess a subject’s risk: a new version, scored from the answers',
    tag: 'case people',
    access: 'case:manage',
    params: SubjectParams,
    body: RiskAssessmentInput,
    response: RiskAssessmentView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return assessRisk(services, actor, params.id, params.subjectId, body.answers);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/victims',
    summary: 'Victims of a case, by pseudonym',
    tag: 'case people',
    access: 'case:read',
    params: IdParams,
    response: VictimList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listVictims(services, actor, params.id);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims',
    summary:
      'Add a victim under a new pseudonym; any identity goes into the vault. Idempotency-Key makes retries safe.',
    tag: 'case people',
    access: 'case:manage',
    params: IdParams,
    body: VictimInput,
    response: VictimView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, request, services }) {
      return createVictim(services, actor, params.id, body, onceFrom(request, body));
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/cases/:id/victims/:victimId/relations',
    summary: 'Set how a victim is related to each subject',
    tag: 'case people',
    access: 'case:manage',
    params: VictimParams,
    body: VictimRelationsInput,
    response: VictimView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return updateVictimRelations(services, actor, params.id, params.victimId, body.relations);
    },
  }),
  defineRoute({
    method: 'PUT',
    url: '/api/v1/cases/:id/victims/:victimId/identity',
    summary: 'Write a victim’s identity into the identity vault',
    tag: 'case people',
    access: 'case:manage',
    params: VictimParams,
    body: CaseVictimIdentity,
    response: VictimView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return setVictimIdentity(services, actor, params.id, params.victimId, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims/:victimId/identity/reveal',
    summary: 'Read a victim’s identity from the vault, stating why (the reason is audited)',
    tag: 'case people',
    access: 'vault:read',
    params: VictimParams,
    body: RevealInput,
    response: RevealedIdentity,
    errors: [404],
    async handler({ actor, params, body, services }) {
      return revealVictimIdentity(services, actor, params.id, params.victimId, body.reason);
    },
  }),
  defineRoute({
    method: 'GET',
    url: '/api/v1/cases/:id/victims/:victimId/consents',
    summary: 'Consent records of a victim, withdrawn ones included',
    tag: 'case people',
    access: 'case:read',
    params: VictimParams,
    response: ConsentList,
    errors: [404],
    async handler({ actor, params, services }) {
      return listConsents(services, actor, params.id, params.victimId);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims/:victimId/consents',
    summary: 'Record a consent decision of a victim or guardian',
    tag: 'case people',
    access: 'consent:record',
    params: VictimParams,
    body: ConsentInput,
    response: ConsentView,
    status: 201,
    errors: [404, 409],
    async handler({ actor, params, body, request, services }) {
      return recordConsent(services, actor, params.id, params.victimId, body, onceFrom(request, body));
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/cases/:id/victims/:victimId/consents/:consentId/withdraw',
    summary: 'Withdraw a consent (the record is kept)',
    tag: 'case people',
    access: 'consent:record',
    params: ConsentParams,
    body: ConsentWithdrawalInput,
    response: ConsentView,
    errors: [404, 409],
    async handler({ actor, params, body, services }) {
      return withdrawConsent(services, actor, params.id, params.victimId, params.consentId, body);
    },
  }),
  defineRoute({
    method: 'POST',
    url: '/api/v1/vault/rotate',
    summary: 'Re-encrypt everything Sinag encrypts under the current key',
    tag: 'case people',
    access: 'vault:rotate',
    response: VaultRotationResult,
    async handler({ actor, services }) {
      return rotateVault(services, auditActor(actor));
    },
  }),
];
