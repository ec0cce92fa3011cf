import type { EvidenceView, ProsecutionView } from '@sinag/core';
import PDFDocument from 'pdfkit';

/** Everything the court-ready report shows, already redacted: victims appear by pseudonym only. */
export interface CaseReportData {
  reference: string;
  title: string;
  status: string;
  classification: string;
  template: string;
  organisation: string;
  referrals: string[];
  generatedAt: string;
  generatedBy: string;
  prosecution: ProsecutionView;
  evidence: EvidenceView[];
  custodyChecks: { evidenceId: string; ok: boolean; reason?: string }[];
  timeline: { at: string; actor: string; kind: string; summary: string }[];
  /** The case's audit trail: who did what and when; details (which can hold stated reasons) are left out. */
  audit: {
    seq: number;
    at: string;
    actor: string;
    action: string;
    entityType: string;
    entityId: string | null;
  }[];
}

const MARGIN = 50;

/** Renders the report as a PDF with the standard fonts (no embedded files, no images). */
export function renderCaseReport(data: CaseReportData): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margin: MARGIN,
    info: {
      Title: `Case report ${data.reference}`,
      Author: 'Sinag',
      Subject: 'Court-ready case report (redacted)',
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const heading = (text: string) => {
    doc.moveDown(0.8).font('Helvetica-Bold').fontSize(14).text(text).moveDown(0.3);
    doc.font('Helvetica').fontSize(10);
  };
  const line = (label: string, value: string | null | undefined) =>
    doc
      .font('Helvetica-Bold')
      .text(`${label}: `, { continued: true })
      .font('Helvetica')
      .text(value ?? '—');
  const item = (text: string) => doc.text(text, { indent: 12 });
  const none = (what: string) => doc.font('Helvetica-Oblique').text(`No ${what} recorded.`).font('Helvetica');

  doc.font('Helvetica-Bold').fontSize(18).text(`Case report ${data.reference}`);
  doc.font('Helvetica').fontSize(10).moveDown(0.3);
  doc.text(`Generated ${data.generatedAt} by ${data.generatedBy} (${data.organisation}).`);
  doc.text('Redacted: victims appear by pseudonym only. The SHA-256 of this file and of every file exported');
  doc.text('with it is in manifest.json alongside, and in the audit entry of this export.');

  heading('1. Case');
  line('Title', data.title);
  line('Stage', data.status);
  line('Classification (TLP)', data.classification);
  line('Template', data.template);
  line('Referrals', data.referrals.join(', ') || null);
  line('Court', data.prosecution.court);
  line('Court case number', data.prosecution.courtCaseNumber);

  heading('2. Charges');
  if (!data.prosecution.charges.length) none('charges');
  for (const c of data.prosecution.charges) {
    const statute = `${c.statute.jurisdiction} ${c.statute.code}${c.statute.section ? ` ${c.statute.section}` : ''}`;
    doc
      .font('Helvetica-Bold')
      .text(`${c.subject.label}: ${statute} (${c.statute.title}), ${c.counts} count(s)`);
    doc.font('Helvetica');
    item(`Verdict: ${c.verdict ?? 'pending'}${c.verdictOn ? ` on ${c.verdictOn}` : ''}`);
    if (c.sentence) item(`Sentence: ${c.sentence}`);
    if (c.appeal)
      item(
        `Appeal: ${c.appeal.status}, filed ${c.appeal.filedOn}${c.appeal.outcome ? `: ${c.appeal.outcome}` : ''}`,
      );
  }
  heading('Hearings');
  if (!data.prosecution.hearings.length) none('hearings');
  for (const h of data.prosecution.hearings) item(`${h.at}  ${h.kind}${h.outcome ? `: ${h.outcome}` : ''}`);
  heading('Plea agreements');
  if (!data.prosecution.pleas.length) none('plea agreements');
  for (const p of data.prosecution.pleas)
    item(`${p.offeredOn}  ${p.subject.label} (${p.status}): ${p.summary}`);
  heading('Recorded disclosure interviews');
  if (!data.prosecution.disclosureInterviews.length) none('disclosure interviews');
  for (const i of data.prosecution.disclosureInterviews) {
    item(
      `${i.victimPseudonym}: recorded ${i.recordedOn} by ${i.recordedBy}; reuse the recording, do not repeat the interview`,
    );
  }

  heading('3. Evidence');
  if (!data.evidence.length) none('evidence');
  for (const e of data.evidence) {
    doc.font('Helvetica-Bold').text(`${e.label}${e.restricted ? ' (restricted)' : ''}: ${e.description}`);
    doc.font('Helvetica');
    item(`Held in ${e.heldIn.system}, ${e.heldIn.location}, reference ${e.heldIn.reference}`);
    for (const [name, value] of [
      ['MD5', e.md5],
      ['SHA-1', e.sha1],
      ['SHA-256', e.sha256],
    ] as const) {
      if (value) item(`${name} ${value}`);
    }
  }

  heading('4. Chain of custody');
  if (!data.evidence.length) none('custody logs');
  for (const e of data.evidence) {
    const check = data.custodyChecks.find((c) => c.evidenceId === e.id);
    doc
      .font('Helvetica-Bold')
      .text(
        `${e.label}: ${check?.ok ? 'chain verified' : `chain BROKEN: ${check?.reason ?? 'not checked'}`}`,
      );
    doc.font('Helvetica');
    for (const c of e.custody) {
      item(`${c.position}. ${c.at}  ${c.from} -> ${c.to}: ${c.reason}`);
      item(`   entry hash ${c.hash}`);
    }
  }

  heading('5. Timeline');
  if (!data.timeline.length) none('events');
  for (const t of data.timeline) item(`${t.at}  ${t.actor}: ${t.summary}`);

  heading('6. Audit trail');
  if (!data.audit.length) none('audit entries');
  doc.fontSize(8);
  for (const a of data.audit) {
    item(`#${a.seq}  ${a.at}  ${a.actor}  ${a.action}  ${a.entityType}${a.entityId ? ` ${a.entityId}` : ''}`);
  }
  doc.end();
  return finished;
}
