/**
 * The /ispws load generator, in its own thread so the clients do not share the server's event loop. Each of
 * C clients runs its share of report flows one after another, as a platform's CyberTipline integration does:
 * submit → upload → fileinfo → finish, with HTTP Basic auth on every request. Only 127.0.0.1 is called.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { serveJobs } from './jobs.ts';
import { FLOW_STEPS, type FlowStep, type IspwsFlowReport, type IspwsFlowRequest } from './ispws-protocol.ts';

const MAX_FAILURES_SHOWN = 5;

const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

async function runFlows(request: IspwsFlowRequest): Promise<IspwsFlowReport> {
  const { baseUrl, reports, concurrency, uploadBytes } = request;
  if (new URL(baseUrl).hostname !== '127.0.0.1')
    throw new Error(`the load generator only targets 127.0.0.1, not ${baseUrl}`);
  const authorization = `Basic ${Buffer.from(`${request.username}:${request.password}`).toString('base64')}`;
  const flowMs = new Float64Array(reports.length);
  const stepMs = Object.fromEntries(FLOW_STEPS.map((s) => [s, [] as number[]])) as IspwsFlowReport['stepMs'];
  const failures: IspwsFlowReport['failures'] = [];
  let ok = 0;
  let stop = false;

  const step = async (index: number, name: FlowStep, init: { body: BodyInit; type?: string }) => {
    const started = performance.now();
    const response = await fetch(`${baseUrl}/${name}`, {
      method: 'POST',
      headers: { authorization, ...(init.type ? { 'content-type': init.type } : {}) },
      body: init.body,
    });
    const text = await response.text();
    stepMs[name].push(performance.now() - started);
    if (response.status !== 200 || field(text, 'responseCode') !== '0') {
      stop = true;
      if (failures.length < MAX_FAILURES_SHOWN)
        failures.push({ index, step: name, status: response.status, body: text.slice(0, 500) });
      return undefined;
    }
    return text;
  };

  const flow = async (i: number) => {
    const { report, fileDetails } = reports[i]!;
    const started = performance.now();
    const submitted = await step(i, 'submit', { body: report, type: 'text/xml; charset=utf-8' });
    const reportId = submitted && field(submitted, 'reportId');
    if (!reportId) return;
    const form = new FormData();
    form.append('id', reportId);
    form.append('file', new Blob([randomBytes(uploadBytes)], { type: 'image/jpeg' }), `upload-${i}.jpg`);
    const uploaded = await step(i, 'upload', { body: form });
    const fileId = uploaded && field(uploaded, 'fileId');
    if (!fileId) return;
    const details = fileDetails
      .replace(/<reportId>[^<]*<\/reportId>/, `<reportId>${reportId}</reportId>`)
      .replace(/<fileId>[^<]*<\/fileId>/, `<fileId>${fileId}</fileId>`);
    if (!(await step(i, 'fileinfo', { body: details, type: 'text/xml; charset=utf-8' }))) return;
    const finished = await step(i, 'finish', {
      body: new URLSearchParams({ id: reportId }).toString(),
      type: 'application/x-www-form-urlencoded',
    });
    if (!finished) return;
    flowMs[i] = performance.now() - started;
    ok++;
  };

  // Client k runs flows k, k+C, k+2C, … one after another: at most C flows (and C requests) in flight.
  const client = async (k: number) => {
    for (let i = k; i < reports.length && !stop; i += concurrency) await flow(i);
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, reports.length) }, (_, k) => client(k)));
  const seconds = (performance.now() - started) / 1000;
  return { seconds, ok, flowMs: Array.from(flowMs), stepMs, failures };
}

serveJobs(runFlows);
