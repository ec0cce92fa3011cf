import { cybertiplineParser, type XmlNode } from '@sinag/core';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { syntheticCyberTips } from '../../../bench/src/cybertip-xml.ts';
import { validateCyberTiplineXml } from '../src/cybertipline/validate.ts';

const EXAMPLES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline/examples');

const documents: [name: string, xml: string, root: 'report' | 'fileDetails'][] = [
  ...readdirSync(EXAMPLES)
    .filter((f) => !f.startsWith('INVALID'))
    .map((f): [string, string, 'report' | 'fileDetails'] => [
      f,
      readFileSync(path.join(EXAMPLES, f), 'utf8'),
      f.startsWith('buildReport') ? 'report' : 'fileDetails',
    ]),
  ...syntheticCyberTips(7, 5).flatMap((tip): [string, string, 'report' | 'fileDetails'][] => [
    [tip.name, tip.report, 'report'],
    [`${tip.name} fileDetails`, tip.fileDetails[0]!, 'fileDetails'],
  ]),
];

/** fast-xml-parser's reading, without the namespace declarations libxml2 does not list as attributes. */
function parsedByText(xml: string, root: string): XmlNode {
  const element = (cybertiplineParser.parse(xml) as Record<string, Record<string, XmlNode>>)[root]!;
  return Object.fromEntries(Object.entries(element).filter(([key]) => !key.startsWith('@xmlns')));
}

describe('the validated tree handed to the mappers', () => {
  // validateCyberTiplineXml reads libxml2's tree instead of parsing the text twice; the mappers must see
  // exactly what fast-xml-parser gave them before.
  it.each(documents)('%s reads the same as parsing the text', (_name, xml, root) => {
    const result = validateCyberTiplineXml(xml, root);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.element).toEqual(parsedByText(xml, root));
  });

  it('decodes entities and character references, and reads CDATA as text', () => {
    const xml = readFileSync(path.join(EXAMPLES, documents[0]![0]), 'utf8').replace(
      '<additionalInfo>Multiple incidents reported over the past week</additionalInfo></report>',
      '<additionalInfo>A &amp; B &#65;<![CDATA[ <kept> ]]></additionalInfo></report>',
    );
    const result = validateCyberTiplineXml(xml, 'report');
    expect(result.ok && (result.element as Record<string, unknown>).additionalInfo).toEqual([
      'A & B A <kept>',
    ]);
  });
});
