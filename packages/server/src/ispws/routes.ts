import multipart from '@fastify/multipart';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { cybertiplineXsd } from '../cybertipline/validate.ts';
import type { Services } from '../services.ts';
import { BasicAuthenticator, type IspwsCaller } from './auth.ts';
import { digestStream } from './digest.ts';
import { IspwsError, reportDoneResponse, reportResponse, XML_CONTENT_TYPE } from './responses.ts';
import {
  addFile,
  checkReportOpen,
  describeFile,
  finishReport,
  parseReportId,
  retractReport,
  submitReport,
} from './service.ts';

/** Every route of the platform reporting API, for docs and the access tests. */
export const ISPWS_ROUTES = [
  { method: 'GET', url: '/ispws/status' },
  { method: 'GET', url: '/ispws/xsd' },
  { method: 'POST', url: '/ispws/submit' },
  { method: 'POST', url: '/ispws/upload' },
  { method: 'POST', url: '/ispws/fileinfo' },
  { method: 'POST', url: '/ispws/finish' },
  { method: 'POST', url: '/ispws/retract' },
] as const;

const CONTENT_TYPES =
  'send text/xml (submit, fileinfo), multipart/form-data (upload) or application/x-www-form-urlencoded (finish, retract)';

/** A form field or part value is small: report ids and names. */
const FIELD_LIMITS = { fieldNameSize: 100, fieldSize: 1000, fields: 10, parts: 12 };

/** Fastify's and @fastify/multipart's errors as NCMEC response codes; anything unexpected is a 1000. */
function toIspwsError(error: FastifyError): IspwsError {
  if (error instanceof IspwsError) return error;
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new IspwsError(4000, `this Content-Type is not accepted: ${CONTENT_TYPES}.`, { status: 415 });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new IspwsError(4000, 'the body is larger than the configured limit (SINAG_BODY_LIMIT).', {
        status: 413,
      });
    case 'FST_INVALID_MULTIPART_CONTENT_TYPE':
      return new IspwsError(4000, `the body must be multipart/form-data with the fields id and file.`, {
        status: 415,
      });
  }
  if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new IspwsError(4000, error.message, { status: error.statusCode });
  }
  return new IspwsError(1000, 'the request was not applied; try again.');
}

/** Reading a multipart body: busboy's framing errors ("Unexpected end of form") carry no status. */
async function readingMultipart<T>(read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof IspwsError || (error as FastifyError).statusCode) throw error;
    throw new IspwsError(4000, `the multipart body is malformed: ${(error as Error).message}`);
  }
}

function send(reply: FastifyReply, status: number, xml: string) {
  return reply.code(status).type(XML_CONTENT_TYPE).send(xml);
}

/** The XML document of a submit or fileinfo body. */
function documentBody(request: FastifyRequest, what: string): string {
  if (typeof request.body !== 'string' || !request.body.trim()) {
    throw new IspwsError(4000, `send the ${what} document as the body, with Content-Type: text/xml.`);
  }
  return request.body;
}

/** The `id` form field of finish and retract: urlencoded (as NCMEC documents it) or multipart. */
async function formReportId(request: FastifyRequest): Promise<string> {
  let id: unknown;
  if (request.isMultipart()) {
    const parts = request.parts({ limits: { ...FIELD_LIMITS, files: 0 } });
    for (;;) {
      const { value: part, done } = await readingMultipart(() => parts.next());
      if (done) break;
      if (part.type === 'field' && part.fieldname === 'id') id = part.value;
    }
  } else if (request.body && typeof request.body === 'object') {
    id = (request.body as Record<string, unknown>).id;
  }
  if (id === undefined) {
    throw new IspwsError(
      4000,
      'send the report id as the form field id (application/x-www-form-urlencoded).',
    );
  }
  return parseReportId(id, 'the form field id');
}

/**
 * The CyberTipline-compatible reporting API, under /ispws: NCMEC's flow and wire format (XML documents
 * checked against NCMEC's schema, `reportResponse` answers with NCMEC's response codes), authenticated with
 * HTTP Basic as a platform-reporter account. Its own content-type parsers, error handler and 404 live in
 * this plugin only; the JSON API is unaffected.
 */
export async function ispwsPlugin(app: FastifyInstance, { services }: { services: Services }) {
  const authenticator = new BasicAuthenticator(services);
  const callers = new WeakMap<FastifyRequest, IspwsCaller>();
  const caller = (request: FastifyRequest) => callers.get(request)!;
  const maxUpload = services.config.ispwsMaxUploadBytes;

  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    ['text/xml', 'application/xml', 'text/plain'],
    { parseAs: 'string', bodyLimit: services.config.bodyLimit },
    (_request, body, done) => done(null, body),
  );
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 4096 },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(body as string))),
  );
  // Streams the parts to the handler; nothing is buffered or written to disk by the plugin.
  await app.register(multipart, { throwFileSizeLimit: false, limits: { ...FIELD_LIMITS, files: 1 } });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const ispwsError = toIspwsError(error);
    if (ispwsError.status >= 500) {
      request.log.error(
        { err: { type: error.name, code: error.code, stack: error.stack } },
        'request failed',
      );
    }
    // An upload refused before its body was read: close the connection rather than read the rest of it.
    if (!request.raw.complete) reply.header('connection', 'close');
    return send(reply.headers(ispwsError.options.headers ?? {}), ispwsError.status, ispwsError.toXml());
  });
  app.setNotFoundHandler((request, reply) =>
    send(
      reply,
      404,
      new IspwsError(4000, `no endpoint ${request.method} ${request.url.split('?')[0]}.`).toXml(),
    ),
  );

  // Before the body is read: an unauthenticated upload is refused without receiving it.
  app.addHook('onRequest', async (request) => {
    callers.set(request, await authenticator.authenticate(request.headers.authorization, request.ip ?? null));
    // Checked and no longer needed: nothing later (a debug log of the multipart parser) can echo it.
    delete request.headers.authorization;
  });

  app.get('/status', async (request, reply) => {
    const { actor } = caller(request);
    return send(
      reply,
      200,
      reportResponse({ code: 0, description: `Remote User : ${actor.username}, Remote Ip : ${request.ip}` }),
    );
  });

  app.get('/xsd', async (_request, reply) => send(reply, 200, cybertiplineXsd()));

  app.post('/submit', async (request, reply) => {
    const { reportId } = await submitReport(services, caller(request), documentBody(request, 'report'));
    return send(reply, 200, reportResponse({ code: 0, reportId }));
  });

  app.post('/upload', async (request, reply) => {
    if (!request.isMultipart()) {
      throw new IspwsError(4000, 'send the file as multipart/form-data with the fields id and file.', {
        status: 415,
      });
    }
    let reportId: string | undefined;
    let upload: Parameters<typeof addFile>[3] | undefined;
    const parts = request.parts({ limits: { ...FIELD_LIMITS, files: 1, fileSize: maxUpload } });
    for (;;) {
      const { value: part, done } = await readingMultipart(() => parts.next());
      if (done) break;
      if (part.type === 'field') {
        if (part.fieldname !== 'id') continue;
        reportId = parseReportId(part.value, 'the form field id');
        // Usually id comes first: a closed or unknown report is refused before any byte is read.
        if (!upload) await checkReportOpen(services, caller(request), reportId);
        continue;
      }
      if (part.fieldname !== 'file') {
        throw new IspwsError(4000, `the file goes in the form field "file", not "${part.fieldname}".`);
      }
      const digest = await readingMultipart(() => digestStream(part.file, maxUpload));
      if (!digest) {
        throw new IspwsError(
          4000,
          `the file is larger than ${maxUpload} bytes (SINAG_ISPWS_MAX_UPLOAD_BYTES) and was refused.`,
          { status: 413 },
        );
      }
      upload = {
        ...digest,
        fileName: part.filename ? part.filename.slice(0, 500) : null,
        mediaType: /^[\w.+-]+\/[\w.+-]+$/.test(part.mimetype) ? part.mimetype.slice(0, 100) : null,
      };
    }
    if (!reportId)
      throw new IspwsError(4000, 'the form field id (the reportId that submit returned) is missing.');
    if (!upload) throw new IspwsError(4000, 'the form field file is missing.', { reportId });
    const { fileId } = await addFile(services, caller(request), reportId, upload);
    return send(reply, 200, reportResponse({ code: 0, reportId, fileId, hash: upload.md5 }));
  });

  app.post('/fileinfo', async (request, reply) => {
    const { reportId, fileId } = await describeFile(
      services,
      caller(request),
      documentBody(request, 'fileDetails'),
    );
    return send(reply, 200, reportResponse({ code: 0, reportId, fileId }));
  });

  app.post('/finish', async (request, reply) => {
    const { reportId, fileIds } = await finishReport(services, caller(request), await formReportId(request));
    return send(reply, 200, reportDoneResponse(reportId, fileIds));
  });

  app.post('/retract', async (request, reply) => {
    const { reportId } = await retractReport(services, caller(request), await formReportId(request));
    return send(reply, 200, reportResponse({ code: 0, reportId }));
  });
}
