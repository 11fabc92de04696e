import type { SecretValueShape } from './chain-model.js';

/**
 * What the agent will say of a secret's value, mirroring `agent/asm/asm.go` (ref peers-and-misconfigurations §C9,
 * §C10): a SecretString that Go's JSON decoder reads into `{username, password}` — key case does not matter, spelling
 * does, both must be non-empty strings. Undefined when the value will work.
 */
export type ShapeProblem =
  | { readonly code: 'C9'; readonly why: string; readonly agentSays: 'empty' | 'invalid-schema' }
  | { readonly code: 'C10'; readonly why: string; readonly field: 'username' | 'password' };

export function secretShapeProblem(shape: SecretValueShape): ShapeProblem | undefined {
  switch (shape.kind) {
    case 'binary':
      return { code: 'C9', why: 'the secret holds SecretBinary, not a SecretString', agentSays: 'empty' };
    case 'none':
      return {
        code: 'C9',
        why: 'the secret is created without SecretString or GenerateSecretString, so it has no value',
        agentSays: 'empty',
      };
    case 'string':
      return stringProblem(shape.text);
    case 'generated':
      return generatedProblem(shape.template, shape.key);
  }
}

function stringProblem(text: string): ShapeProblem | undefined {
  if (text === '') return { code: 'C9', why: 'the SecretString is empty', agentSays: 'empty' };
  const fields = jsonFields(text);
  if (fields === undefined) {
    return {
      code: 'C9',
      why: 'the SecretString is not a JSON object of strings (plain text such as a bare token?)',
      agentSays: 'invalid-schema',
    };
  }
  return missingField(fields, 'the SecretString');
}

function generatedProblem(template: string | undefined, key: string | undefined): ShapeProblem | undefined {
  if (template === undefined || key === undefined) {
    return {
      code: 'C9',
      why: 'GenerateSecretString without SecretStringTemplate and GenerateStringKey makes a plain random password, not JSON',
      agentSays: 'invalid-schema',
    };
  }
  const fields = jsonFields(template);
  if (fields === undefined) {
    return {
      code: 'C9',
      why: 'SecretStringTemplate is not a JSON object of strings',
      agentSays: 'invalid-schema',
    };
  }
  // The generated password (never empty) goes under GenerateStringKey.
  fields.set(key.toLowerCase(), 'generated');
  return missingField(fields, 'the generated secret');
}

/** Keys lower-cased (Go's decoder matches them case-insensitively) → string values; undefined if not that shape. */
function jsonFields(text: string): Map<string, string> | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const fields = new Map<string, string>();
  for (const [key, value] of Object.entries(parsed)) {
    const lower = key.toLowerCase();
    if (lower !== 'username' && lower !== 'password') continue;
    // A number or object under username/password fails Go's unmarshal into a string field.
    if (typeof value !== 'string') return undefined;
    fields.set(lower, value);
  }
  return fields;
}

function missingField(fields: Map<string, string>, what: string): ShapeProblem | undefined {
  for (const field of ['username', 'password'] as const) {
    if (!fields.get(field)) {
      return {
        code: 'C10',
        why: `${what} has no non-empty "${field}" key (keys: any case, exact spelling)`,
        field,
      };
    }
  }
  return undefined;
}
