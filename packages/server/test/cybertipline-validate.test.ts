import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CYBERTIPLINE_XSD_PATH, validateCyberTiplineXml } from '../src/cybertipline/validate.ts';

const FIXTURES = path.resolve(import.meta.dirname, '../../../../shared/fixtures/cybertipline');
const EXAMPLES = path.join(FIXTURES, 'examples');
const example = (name: string) => readFileSync(path.join(EXAMPLES, name), 'utf8');

describe('CyberTipline schema validation', () => {
  it('ships exactly the published schema', () => {
    expect(readFileSync(CYBERTIPLINE_XSD_PATH, 'utf8')).toBe(
      readFileSync(path.join(FIXTURES, 'cybertipline.xsd'), 'utf8'),
    );
  });

  it.each(readdirSync(EXAMPLES).filter((f) => !f.startsWith('INVALID')))('accepts %s', (name) => {
    const root = name.startsWith('buildReport') ? 'report' : 'fileDetails';
    expect(validateCyberTiplineXml(example(name), root)).toMatchObject({ ok: true, root });
  });

  it('rejects the invalid example with 4100, naming the element and the rule', () => {
    const result = validateCyberTiplineXml(example('INVALID-report-misspelt-incident-type.xml'), 'report');
    expect(result).toMatchObject({ ok: false, code: 4100 });
    if (!result.ok) expect(result.message).toMatch(/Element 'incidentType'.*enumeration/);
  });

  const cases: [string, string, number, RegExp][] = [
    ['malformed XML', '<report><incidentSummary></report>', 4110, /Malformed XML/],
    [
      'a DTD with entities',
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "x">]><report>&a;</report>',
      4110,
      /DTD/,
    ],
    [
      'an external entity',
      '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><report>&x;</report>',
      4110,
      /DTD/,
    ],
    [
      'the wrong root',
      '<fileDetails><reportId>1</reportId></fileDetails>',
      4100,
      /root element must be <report>/,
    ],
    [
      'elements out of order',
      '<report><reporter/><incidentSummary><incidentType>Child Sex Tourism</incidentType><incidentDateTime>2024-01-01T00:00:00Z</incidentDateTime></incidentSummary></report>',
      4100,
      /reporter/,
    ],
    ['a missing required element', '<report><reporter/></report>', 4100, /reporter|incidentSummary/],
  ];

  it.each(cases)('rejects %s', (_name, xml, code, message) => {
    const result = validateCyberTiplineXml(xml, 'report');
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message).toMatch(message);
  });

  it('rejects absurd nesting', () => {
    const deep = `<report>${'<a>'.repeat(5000)}${'</a>'.repeat(5000)}</report>`;
    expect(validateCyberTiplineXml(deep, 'report').ok).toBe(false);
  });
});
