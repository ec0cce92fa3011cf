import { XMLParser } from 'fast-xml-parser';

/** A parsed XML element: text, or an object of children and `@attributes` (text under `#text`). */
export type XmlNode = string | { [key: string]: XmlNode | XmlNode[] | undefined };

export function xmlParser(repeated: ReadonlySet<string>): XMLParser {
  return new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    textNodeName: '#text',
    // Keep every value as text: "0012" is an id, not a number.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // DOCTYPEs are refused before parsing; only the five predefined entities are decoded.
    processEntities: true,
    htmlEntities: false,
    isArray: (name) => repeated.has(name),
  });
}

/** The text of an element, with or without attributes. */
export function text(node: XmlNode | XmlNode[] | undefined): string | undefined {
  if (node === undefined) return undefined;
  if (Array.isArray(node)) return text(node[0]);
  if (typeof node === 'string') return node === '' ? undefined : node;
  const value = node['#text'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

export function attr(node: XmlNode | XmlNode[] | undefined, name: string): string | undefined {
  if (!node || typeof node === 'string' || Array.isArray(node)) return undefined;
  const value = node[`@${name}`];
  return typeof value === 'string' ? value : undefined;
}

export function child(node: XmlNode | undefined, name: string): XmlNode | undefined {
  if (!node || typeof node === 'string') return undefined;
  const value = node[name];
  return Array.isArray(value) ? value[0] : value;
}

export function children(node: XmlNode | undefined, name: string): XmlNode[] {
  if (!node || typeof node === 'string') return [];
  const value = node[name];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The texts of a repeated element, one per line. */
export function allText(node: XmlNode | undefined, name: string): string | undefined {
  return children(node, name).map(text).filter(Boolean).join('\n') || undefined;
}

export function bool(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  return value === 'true' || value === '1';
}

/** Names of the child elements that are present (for "flag" elements such as annotations). */
export function flags(node: XmlNode | undefined): string[] {
  if (!node || typeof node === 'string') return [];
  return Object.keys(node).filter(
    (k) => !k.startsWith('@') && k !== '#text' && bool(text(node[k] as XmlNode)) !== false,
  );
}

/** Refuses what an intake parser must never process: DTDs (entity expansion, external entities). */
export function hasDoctype(xml: string): boolean {
  return /<!DOCTYPE/i.test(xml);
}
