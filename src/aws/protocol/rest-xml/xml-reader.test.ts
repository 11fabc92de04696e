// The XML reader for S3 request bodies: what S3's clients send parses; anything malformed or a DOCTYPE (entity
// expansion) is S3's MalformedXML (S3 API reference, "Error responses").
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isFrameworkError } from '../../errors.js';
import { children, childText, parseXml } from './xml-reader.js';

test('documents as the SDKs and the AWS CLI send them parse, namespaces and entities included', () => {
  const root = parseXml(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Delete xmlns="http://s3.amazonaws.com/doc/2006-03-01/">' +
      '<Object><Key>a&amp;b &#x263A;</Key></Object><Object><Key><![CDATA[<c>]]></Key></Object><Quiet>true</Quiet></Delete>',
  );
  assert.equal(root.name, 'Delete');
  assert.deepEqual(
    children(root, 'Object').map((o) => childText(o, 'Key')),
    ['a&b ☺', '<c>'],
  );
  assert.equal(childText(root, 'Quiet'), 'true');
  assert.equal(parseXml('<Empty/>').children.length, 0);
});

test('malformed XML and DOCTYPEs are MalformedXML', () => {
  for (const text of [
    '',
    '<a>',
    '<a></b>',
    '<a>&bogus;</a>',
    '<a/><b/>',
    '<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>',
    '<a><!DOCTYPE x></a>',
  ])
    assert.throws(
      () => parseXml(text),
      (e) => isFrameworkError(e) && e.kind === 'serialization',
      text,
    );
});
