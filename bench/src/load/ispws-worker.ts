/**
 * The /ispws load generator, in its own thread so the clients do not share the server's event loop. Each of
 * C clients runs its share of report flows one after another, as a platform's CyberTipline integration does:
 * submit → upload → fileinfo → finish, with HTTP Basic auth on every request. Only 127.0.0.1 is called.
 */
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { LoopbackClient, multipartBody } from './http.ts';
import { serveJobs } from './jobs.ts';
import { FLOW_STEPS, type FlowStep, type IspwsFlowReport, type IspwsFlowRequest } from './ispws-protocol.ts';

const MAX_FAILURES_SHOWN = 5;

const field = (xml: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(xml)?.[1];

async function runFlows(request: IspwsFlowRequest): Promise<IspwsFlowReport> {
  const { baseUrl, reports, concurrency, uploadBytes } = request;
  const http = new LoopbackClient(new URL(baseUrl), concurrency);
  const authorization = `Basic ${Buffer.from(`${request.username}:${request.password}`).toString('base64')}`;
  const flowMs = new Float64Array(reports.length);
  const stepMs = Object.fromEntries(FLOW_STEPS.map((s) => [s, [] as number[]])) as IspwsFlowReport['stepMs'];
  const failures: IspwsFlowReport['failures'] = [];
  let ok = 0;
  let stop = false;

  const step = async (index: number, name: FlowStep, init: { body: string | Buffer; type: string }) => {
    const started = performance.now();
    const { status, text } = await http.post(
      `${baseUrl}/${name}`,
      { authorization, 'content-type': init.type },
      init.body,
    );
    stepMs[name].push(performance.now() - started);
    if (status !== 200 || field(text, 'responseCode') !== '0') {
      stop = true;
      if (failures.length < MAX_FAILURES_SHOWN)
        failures.push({ index, step: name, status, body: text.slice(0, 500) });
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
    const form = multipartBody(
      { id: reportId },
      { field: 'file', name: `upload-${i}.jpg`, type: 'image/jpeg', bytes: randomBytes(uploadBytes) },
    );
    const uploaded = await step(i, 'upload', form);
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
  http.close();
  return { seconds, ok, flowMs: Array.from(flowMs), stepMs, failures };
}

serveJobs(runFlows);
