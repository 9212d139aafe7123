// XML as the tests read it: well-formedness checked by fast-xml-parser's validator, then a plain object tree
// (attributes under "@", repeated elements as arrays only where the caller asks for them).

import { XMLParser, XMLValidator } from 'fast-xml-parser';

export function parseXml(text, name, arrays = []) {
    const valid = XMLValidator.validate(text);
    if (valid !== true) throw new Error(`${name}: not well-formed XML: ${valid.err.msg} (line ${valid.err.line})`);
    const parser = new XMLParser({
        ignoreAttributes: false,
        attributeNamePrefix: '@',
        parseTagValue: false,
        trimValues: true,
        isArray: (tag, path) => arrays.includes(path),
    });
    return parser.parse(text);
}
