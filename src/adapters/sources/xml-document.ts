import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { collapseWhitespace } from './text-cleanup.ts';

/** A parsed XML element: attributes as `@_name`, text as `#text`, children by tag name. */
export type XmlElement = { readonly [key: string]: XmlValue };
/** What fast-xml-parser produces for one child: text, an element, or a list of either. */
export type XmlValue = string | XmlElement | XmlValue[];

/** A parsed XML document, or why the text is not well-formed XML. */
export type XmlDocumentResult =
  | { kind: 'ok'; document: XmlElement }
  | { kind: 'malformed'; message: string };

/**
 * Parses an XML document. Elements named in `arrayTags` (prefix included, e.g. "arxiv:affiliation")
 * always come back as arrays, so one and many occurrences read the same way.
 */
export function parseXmlDocument(xml: string, arrayTags: ReadonlySet<string>): XmlDocumentResult {
  const validation = XMLValidator.validate(xml);
  if (validation !== true) {
    const { msg, line } = validation.err;
    return { kind: 'malformed', message: `not well-formed XML (line ${line}): ${msg}` };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Ids such as "1401.2122" and dates must stay strings, not become numbers.
    parseTagValue: false,
    parseAttributeValue: false,
    // fast-xml-parser decodes numeric character references (&#233;) only with this flag, yet
    // they are plain XML that feeds may use. https://github.com/NaturalIntelligence/fast-xml-parser/blob/master/docs/v4/5.Entities.md
    htmlEntities: true,
    isArray: (tagName) => arrayTags.has(tagName),
  });
  try {
    const document: unknown = parser.parse(xml);
    return { kind: 'ok', document: document as XmlElement };
  } catch (error) {
    return { kind: 'malformed', message: `XML could not be parsed: ${(error as Error).message}` };
  }
}

function isElement(value: XmlValue | undefined): value is XmlElement {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The child elements named `name` (none when absent or when the child is bare text). */
export function xmlChildren(parent: XmlElement | undefined, name: string): XmlElement[] {
  const value = parent?.[name];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map((item) => (isElement(item) ? item : { '#text': typeof item === 'string' ? item : '' }));
}

/** The first child element named `name`, or undefined. */
export function xmlChild(parent: XmlElement | undefined, name: string): XmlElement | undefined {
  return xmlChildren(parent, name)[0];
}

/** The text of an element (trimmed by the parser), or of its first child named `name` when given. */
export function xmlText(parent: XmlElement | undefined, name?: string): string | null {
  const value = name === undefined ? parent : parent?.[name];
  return textOf(value);
}

/** The whitespace-collapsed text of the child named `name`, or null when it is absent or blank. */
export function xmlCleanText(parent: XmlElement | undefined, name: string): string | null {
  const text = collapseWhitespace(xmlText(parent, name) ?? '');
  return text === '' ? null : text;
}

/** The texts of every child named `name`, in document order, empty ones dropped. */
export function xmlTexts(parent: XmlElement | undefined, name: string): string[] {
  const value = parent?.[name];
  if (value === undefined) return [];
  const values = Array.isArray(value) ? value : [value];
  return values.map(textOf).filter((text): text is string => text !== null && text !== '');
}

/** An attribute of an element, or null. */
export function xmlAttribute(element: XmlElement | undefined, name: string): string | null {
  const value = element?.[`@_${name}`];
  return typeof value === 'string' ? value : null;
}

function textOf(value: XmlValue | undefined): string | null {
  if (value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return textOf(value[0]);
  const text = value['#text'];
  return typeof text === 'string' ? text : '';
}
