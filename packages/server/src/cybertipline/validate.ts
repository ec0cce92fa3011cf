import { cybertiplineParser, hasDoctype, type XmlNode } from '@sinag/core';
import { XmlDocument, XmlParseError, XmlValidateError, XsdValidator } from 'libxml2-wasm';
import { readFileSync } from 'node:fs';

export const CYBERTIPLINE_XSD_PATH = new URL('../../resources/cybertipline.xsd', import.meta.url);

/** NCMEC's response codes for a document that is not accepted. */
export const RESPONSE_CODES = {
  success: 0,
  authenticationFailed: 2000,
  notAuthorised: 3000,
  validationFailed: 4100,
  malformedXml: 4110,
  reportNotFound: 5001,
  fileNotFound: 5002,
  alreadyRetracted: 5101,
  alreadyFinished: 5102,
} as const;

export type CyberTiplineRoot = 'report' | 'fileDetails';

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
    doc = XmlDocument.fromString(xml);
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
  } finally {
    doc.dispose();
  }
  const parsed = cybertiplineParser.parse(xml) as Record<string, XmlNode>;
  return { ok: true, root: expected, element: parsed[expected]! };
}
