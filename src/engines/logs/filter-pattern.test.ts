// Filter patterns of the term form (engines/logs/filter-pattern.ts): the documented examples, refusals, and the
// "parses or fails with our result, never anything else" property over a hostile alphabet.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { matchesFilterPattern, maxFilterPatternLength, parseFilterPattern } from './filter-pattern.js';

function matches(pattern: string, message: string): boolean {
  const parsed = parseFilterPattern(pattern);
  assert.ok(parsed.ok, `pattern ${pattern} parses`);
  return matchesFilterPattern(parsed.pattern, message);
}

test('the documented examples: "" all, ERROR, both terms, -ERROR, ?ERROR ?Exception', () => {
  const cases: [string, string, boolean][] = [
    ['', 'anything', true],
    ['ERROR', '[ERROR] disk', true],
    ['ERROR', 'error', false],
    ['ERROR Exception', 'ERROR: Exception thrown', true],
    ['ERROR Exception', 'ERROR only', false],
    ['-ERROR', 'all fine', true],
    ['-ERROR', 'ERROR here', false],
    ['?ERROR ?Exception', 'an Exception', true],
    ['?ERROR ?Exception', 'nothing', false],
    ['"disk full"', 'ERROR disk full now', true],
    ['"disk full"', 'disk is full', false],
    ['"say \\"hi\\""', 'they say "hi"', true],
    ['GET -"/health"', 'GET /index', true],
    ['GET -"/health"', 'GET /health', false],
  ];
  for (const [pattern, message, expected] of cases)
    assert.equal(matches(pattern, message), expected, `${pattern} on ${message}`);
});

test('refused: JSON and space-delimited patterns, an unterminated quote, over 1024 characters', () => {
  for (const pattern of [
    '{ $.level = "ERROR" }',
    '[ip, user]',
    '"open',
    'x'.repeat(maxFilterPatternLength + 1),
  ])
    assert.equal(parseFilterPattern(pattern).ok, false, pattern);
});

test('property: any text parses or is refused with a problem, and a parsed pattern never throws when matched', () => {
  const alphabet = fc.constantFrom('a', 'E', ' ', '"', '\\', '-', '?', '{', '[', '\t', 'é', ':');
  fc.assert(
    fc.property(
      fc.array(alphabet, { maxLength: 40 }).map((chars) => chars.join('')),
      fc.string(),
      (text, message) => {
        const parsed = parseFilterPattern(text);
        if (!parsed.ok) return typeof parsed.problem === 'string' && parsed.problem.length > 0;
        return typeof matchesFilterPattern(parsed.pattern, message) === 'boolean';
      },
    ),
    { numRuns: 500 },
  );
});

test('linear on long hostile input', () => {
  const started = performance.now();
  for (let i = 0; i < 200; i++) parseFilterPattern(`${'"\\"'.repeat(300)}`);
  assert.ok(performance.now() - started < 1000);
});
