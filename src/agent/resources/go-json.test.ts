// Go's encoding/json as the ECS agent exposes it (reference ecs-private-auth.md §1.4, §1.9, §6.6). Every expected
// text below was printed by Go 1.19's json.Unmarshal into map[string]interface{} and fmt's %v for the same input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import fc from 'fast-check';
import { decodeGoJson, decodeGoJsonMap, formatGoFloat, formatGoValue, GoJsonError } from './go-json.js';

function mapError(input: string): string | undefined {
  try {
    decodeGoJsonMap(input);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof GoJsonError);
    return error.message;
  }
}

describe('json.Unmarshal errors, verbatim', () => {
  const cases: [string, string][] = [
    ['', 'unexpected end of JSON input'],
    [' ', 'unexpected end of JSON input'],
    ["'abc'", "invalid character '\\'' looking for beginning of value"],
    ['hello', "invalid character 'h' looking for beginning of value"],
    ['{', 'unexpected end of JSON input'],
    ['{"a"', 'unexpected end of JSON input'],
    ['{"a":', 'unexpected end of JSON input'],
    ['{"a":1', 'unexpected end of JSON input'],
    ['{"a":1,', 'unexpected end of JSON input'],
    ['{"a":1,}', "invalid character '}' looking for beginning of object key string"],
    ['{"a" 1}', "invalid character '1' after object key"],
    ['{"a":1 "b":2}', `invalid character '"' after object key:value pair`],
    ['[1,]', "invalid character ']' looking for beginning of value"],
    ['[1 2]', "invalid character '2' after array element"],
    ['{} x', "invalid character 'x' after top-level value"],
    ['01', "invalid character '1' after top-level value"],
    ['-', "invalid character ' ' in numeric literal"],
    ['-a', "invalid character 'a' in numeric literal"],
    ['1.', "invalid character ' ' after decimal point in numeric literal"],
    ['1.a', "invalid character 'a' after decimal point in numeric literal"],
    ['1e', "invalid character ' ' in exponent of numeric literal"],
    ['1ea', "invalid character 'a' in exponent of numeric literal"],
    ['1e+a', "invalid character 'a' in exponent of numeric literal"],
    ['tru', "invalid character ' ' in literal true (expecting 'e')"],
    ['trux', "invalid character 'x' in literal true (expecting 'e')"],
    ['nul', "invalid character ' ' in literal null (expecting 'l')"],
    ['falsy', "invalid character 'y' in literal false (expecting 'e')"],
    ['"a\tb"', "invalid character '\\t' in string literal"],
    ['"\\x"', "invalid character 'x' in string escape code"],
    ['"\\u12g4"', "invalid character 'g' in \\u hexadecimal character escape"],
    ['"abc', 'unexpected end of JSON input'],
    ['é', "invalid character 'Ã' looking for beginning of value"],
    ['\u00a0', "invalid character 'Â' looking for beginning of value"],
    ['\x7f', "invalid character '\\x7f' looking for beginning of value"],
    ['\x01', "invalid character '\\x01' looking for beginning of value"],
    ['\\', "invalid character '\\\\' looking for beginning of value"],
    ['{"a":1}}', "invalid character '}' after top-level value"],
    ['{1:2}', "invalid character '1' looking for beginning of object key string"],
    ['[}', "invalid character '}' looking for beginning of value"],
    ['[1]', 'json: cannot unmarshal array into Go value of type map[string]interface {}'],
    ['"str"', 'json: cannot unmarshal string into Go value of type map[string]interface {}'],
    ['42', 'json: cannot unmarshal number into Go value of type map[string]interface {}'],
    ['true', 'json: cannot unmarshal bool into Go value of type map[string]interface {}'],
    ['{"a":1e400}', 'json: cannot unmarshal number 1e400 into Go value of type float64'],
  ];
  for (const [input, expected] of cases) {
    test(JSON.stringify(input), () => assert.equal(mapError(input), expected));
  }

  test('null unmarshals into an empty map', () => assert.equal(decodeGoJsonMap('null').size, 0));
});

describe('%v of a decoded value', () => {
  const cases: [string, string][] = [
    ['123', '123'],
    ['1000000', '1e+06'],
    ['1.5', '1.5'],
    ['true', 'true'],
    ['null', '<nil>'],
    ['{"b":1,"a":"x"}', 'map[a:x b:1]'],
    ['[1,"a",null,[2]]', '[1 a <nil> [2]]'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['123456', '123456'],
    ['1234567', '1.234567e+06'],
    ['-0', '-0'],
    ['1e21', '1e+21'],
    ['123456789.125', '1.23456789125e+08'],
    ['1e-7', '1e-07'],
    ['-2.5e-5', '-2.5e-05'],
    ['{"é":1,"z":2,"Z":3,"a":{"y":[]}}', 'map[Z:3 a:map[y:[]] z:2 é:1]'],
    ['100', '100'],
    ['1e100', '1e+100'],
    ['5e-324', '5e-324'],
    ['{}', 'map[]'],
  ];
  for (const [json, expected] of cases) {
    test(json, () => assert.equal(formatGoValue(decodeGoJsonMap(`{"k":${json}}`).get('k')!), expected));
  }

  test('a duplicate key keeps its last value', () => {
    assert.equal(formatGoValue(decodeGoJsonMap('{"k":"a","k":"b"}').get('k')!), 'b');
  });
});

describe('properties', () => {
  test('Go and JSON.parse agree on what is valid JSON (both follow RFC 8259)', () => {
    const candidates = fc.oneof(
      fc.json(),
      fc.string(),
      fc.json().map((j) => j.slice(0, -1)),
      fc.tuple(fc.json(), fc.nat(), fc.string({ maxLength: 2 })).map(([j, i, s]) => {
        const at = i % (j.length + 1);
        return j.slice(0, at) + s + j.slice(at);
      }),
    );
    fc.assert(
      fc.property(candidates, (text) => {
        let jsOk = true;
        try {
          JSON.parse(text);
        } catch {
          jsOk = false;
        }
        let goOk = true;
        try {
          decodeGoJson(text);
        } catch (error) {
          assert.ok(error instanceof GoJsonError);
          goOk = false;
        }
        assert.equal(goOk, jsOk, text);
      }),
      { numRuns: 2000 },
    );
  });

  test('object members come back in document order, duplicates included', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'A'), fc.string())), (pairs) => {
        const text = `{${pairs.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v)}`).join(',')}}`;
        const value = decodeGoJson(text);
        assert.equal(value.kind, 'object');
        if (value.kind !== 'object') return;
        assert.deepEqual(
          value.members.map(([k, v]) => [k, v.kind === 'string' ? v.value : undefined]),
          pairs,
        );
      }),
    );
  });

  test('formatGoFloat reads back as the same number', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        assert.ok(Object.is(Number(formatGoFloat(value)), value), String(value));
      }),
    );
  });
});
