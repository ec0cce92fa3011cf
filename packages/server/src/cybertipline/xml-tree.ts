import type { XmlNode } from '@sinag/core';
import { XmlCData, XmlElement, XmlText } from 'libxml2-wasm';

/**
 * The parsed form the mappers read (`XmlNode`), built from the tree libxml2 has already parsed and
 * validated, instead of parsing the text a second time with fast-xml-parser (which cost more than parsing
 * and validating together). The shape is the one `xmlParser` gives: attributes as `@name`, text trimmed and
 * under `#text` when the element also has attributes or children, an element with neither as its text (""
 * when empty), repeated elements as arrays and the names in `repeated` always as arrays. Comments and
 * processing instructions are left out; CDATA counts as text.
 */
export function toXmlNode(element: XmlElement, repeated: ReadonlySet<string>): XmlNode {
  const out: { [key: string]: XmlNode | XmlNode[] } = {};
  let text = '';
  let fields = 0;
  for (const attribute of element.attrs) {
    out[`@${qualified(attribute.prefix, attribute.name)}`] = attribute.value;
    fields++;
  }
  for (let node = element.firstChild; node; node = node.next) {
    if (node instanceof XmlElement) {
      const name = qualified(node.prefix, node.name);
      const value = toXmlNode(node, repeated);
      const previous = out[name];
      if (previous === undefined) out[name] = repeated.has(name) ? [value] : value;
      else if (Array.isArray(previous)) previous.push(value);
      else out[name] = [previous, value];
      fields++;
    } else if (node instanceof XmlText || node instanceof XmlCData) {
      text += node.content;
    }
  }
  text = text.trim();
  if (!fields) return text;
  if (text) out['#text'] = text;
  return out;
}

const qualified = (prefix: string, name: string) => (prefix ? `${prefix}:${name}` : name);
