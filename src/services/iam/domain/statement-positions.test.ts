import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { statementPositions } from './statement-positions.js';

test('array and single-statement forms, escapes and nesting; both ends inclusive, 1-based', () => {
  const text =
    '{"Statement":[{"Effect":"Allow","Action":"a:b","Resource":"x\\"}"},\n  {"Effect":"Deny","Condition":{"A":{"b:c":["}"]}}}],"Version":"2012-10-17"}';
  assert.deepEqual(statementPositions(text), [
    { start: { Line: 1, Column: 15 }, end: { Line: 1, Column: 65 } },
    { start: { Line: 2, Column: 3 }, end: { Line: 2, Column: 51 } },
  ]);
  assert.deepEqual(statementPositions('{ "Statement" : {"Effect":"Allow"} }'), [
    { start: { Line: 1, Column: 17 }, end: { Line: 1, Column: 34 } },
  ]);
});

test('property: each span covers exactly the text of its statement, however the document is laid out', () => {
  const statement = fc.dictionary(
    fc.constantFrom('Sid', 'Effect', 'Action', 'Resource', 'Condition'),
    fc.jsonValue({ maxDepth: 3 }),
    { minKeys: 1 },
  );
  fc.assert(
    fc.property(fc.array(statement, { minLength: 1, maxLength: 4 }), fc.nat(4), (statements, indent) => {
      const text = JSON.stringify({ Version: '2012-10-17', Statement: statements }, null, indent);
      const lines = text.split('\n');
      const offset = (p: { Line: number; Column: number }) =>
        lines.slice(0, p.Line - 1).reduce((n, line) => n + line.length + 1, 0) + p.Column - 1;
      const spans = statementPositions(text);
      assert.equal(spans.length, statements.length);
      spans.forEach((span, i) => {
        const covered = text.slice(offset(span.start), offset(span.end) + 1);
        assert.equal(JSON.stringify(JSON.parse(covered)), JSON.stringify(statements[i]));
      });
    }),
    { numRuns: 300 },
  );
});
