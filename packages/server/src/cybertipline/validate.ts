import { CYBERTIPLINE_REPEATED, hasDoctype, type XmlNode } from '@sinag/core';
import { XmlDocument, XmlParseError, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { readFileSync } from 'node:fs';
import { toXmlNode } from './xml-tree.ts';

export const CYBERTIPLINE_XSD_PATH = new URL('../../resources/cybertipline.xsd', import.meta.url);

/** NCMEC's response codes (its published list), as /ispws answers them. */
export const RESPONSE_CODES = {
  success: 0,
  serverError: 1000,
  authenticationFailed: 2000,
  notAuthorised: 3000,
  invalidRequest: 4000,
  validationFailed: 4100,
  malformedXml: 4110,
  reportNotFound: 5001,
  fileNotFound: 5002,
  alreadyRetracted: 5101,
  alreadyFinished: 5102,
} as const;

/** Documents a platform sends, and the responses /ispws sends back (tests validate those too). */
export type CyberTiplineRoot = 'report' | 'fileDetails' | 'reportResponse' | 'reportDoneResponse';

export type ValidationResult =
  { ok: true; root: CyberTiplineRoot; element: XmlNode } | { ok: false; code: 4100 | 4110; message: string };

let validator: XsdValidator | undefined;
let schemaText: string | undefined;

export function cybertiplineXsd(): string {
  schemaText ??= readFileSync(CYBERTIPLINE_XSD_PATH, 'utf8');
  return schemaText;
}

function xsdValidator(): XsdValidator {
  if (!validator) {
    const schema = XmlDocument.fromString(cybertiplineXsd());
    validator = XsdValidator.fromDoc(schema);
    schema.dispose();
  }
  return validator;
}

/**
 * Checks a document against the CyberTipline schema with libxml2 (element order matters: the schema uses
 * sequences), refusing DTDs outright, then parses it for mapping. `expected` names the root it must have.
 */
export function validateCyberTiplineXml(xml: string, expected: CyberTiplineRoot): ValidationResult {
  if (hasDoctype(xml))
    return { ok: false, code: 4110, message: 'DTDs and entity declarations are not accepted.' };
  let doc: XmlDocument;
  try {
    // From a buffer: libxml2-wasm's string path costs more than encoding the text ourselves. The text is
    // already Unicode, so it is UTF-8 whatever its declaration says.
    doc = XmlDocument.fromBuffer(Buffer.from(xml, 'utf8'), { encoding: 'utf-8' });
  } catch (error) {
    const detail = error instanceof XmlParseError ? error.message.trim() : 'unreadable document';
    return { ok: false, code: 4110, message: `Malformed XML: ${detail}` };
  }
  try {
    const root = doc.root.name;
    if (root !== expected) {
      return { ok: false, code: 4100, message: `The root element must be <${expected}>, not <${root}>.` };
    }
    try {
      xsdValidator().validate(doc);
    } catch (error) {
      if (!(error instanceof XmlValidateError)) throw error;
      const first = error.details[0];
      const message = (first?.message ?? error.message).trim();
      return { ok: false, code: 4100, message: first?.line ? `Line ${first.line}: ${message}` : message };
    }
    // The mappers' form, read from libxml2's tree rather than by parsing the text again (see xml-tree.ts).
    return { ok: true, root: expected, element: toXmlNode(doc.root, CYBERTIPLINE_REPEATED) };
  } finally {
    doc.dispose();
  }
}
