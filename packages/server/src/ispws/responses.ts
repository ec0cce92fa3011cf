import type { RESPONSE_CODES } from '../cybertipline/validate.ts';

export type ResponseCode = (typeof RESPONSE_CODES)[keyof typeof RESPONSE_CODES];

/** NCMEC's description of each response code, and the HTTP status /ispws answers it with. */
const CODES: Record<ResponseCode, { description: string; status: number }> = {
  0: { description: 'Success', status: 200 },
  1000: { description: 'Server error', status: 500 },
  2000: { description: 'Authentication required', status: 401 },
  3000: { description: 'User is not authorized to perform this action', status: 403 },
  4000: { description: 'Invalid request', status: 400 },
  4100: { description: 'Validation failed', status: 400 },
  4110: { description: 'Malformed XML submittal', status: 400 },
  5001: { description: 'Report does not exist', status: 404 },
  5002: { description: 'File does not exist', status: 404 },
  5101: { description: 'Report already retracted', status: 409 },
  5102: { description: 'Report already finished', status: 409 },
};

export const XML_CONTENT_TYPE = 'text/xml; charset=utf-8';

/**
 * A request /ispws refuses: NCMEC's response code, a detail that names the problem, and optionally a
 * different HTTP status (413, 415, 429) or headers (WWW-Authenticate, Retry-After).
 */
export class IspwsError extends Error {
  constructor(
    readonly code: Exclude<ResponseCode, 0>,
    readonly detail: string,
    readonly options: { status?: number; headers?: Record<string, string>; reportId?: string } = {},
  ) {
    super(`${CODES[code].description}: ${detail}`);
  }

  get status(): number {
    return this.options.status ?? CODES[this.code].status;
  }

  toXml(): string {
    return reportResponse({
      code: this.code,
      description: this.message,
      reportId: this.options.reportId,
    });
  }
}

// Characters XML 1.0 cannot carry at all (a validator's message may quote them from the input).
const NOT_XML =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function escapeXml(value: string): string {
  return value
    .replace(NOT_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

const DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** `reportResponse`, in the element order of the schema. */
export function reportResponse(response: {
  code: ResponseCode;
  description?: string;
  reportId?: string;
  fileId?: string;
  hash?: string;
}): string {
  const description = response.description ?? CODES[response.code].description;
  return (
    `${DECLARATION}<reportResponse>` +
    `<responseCode>${response.code}</responseCode>` +
    `<responseDescription>${escapeXml(description)}</responseDescription>` +
    (response.reportId !== undefined ? `<reportId>${escapeXml(response.reportId)}</reportId>` : '') +
    (response.fileId !== undefined ? `<fileId>${escapeXml(response.fileId)}</fileId>` : '') +
    (response.hash !== undefined ? `<hash>${escapeXml(response.hash)}</hash>` : '') +
    `</reportResponse>\n`
  );
}

/** `reportDoneResponse`: the answer to a successful finish, listing the report's files. */
export function reportDoneResponse(reportId: string, fileIds: string[]): string {
  return (
    `${DECLARATION}<reportDoneResponse>` +
    `<responseCode>0</responseCode>` +
    `<reportId>${escapeXml(reportId)}</reportId>` +
    `<files>${fileIds.map((id) => `<fileId>${escapeXml(id)}</fileId>`).join('')}</files>` +
    `</reportDoneResponse>\n`
  );
}
