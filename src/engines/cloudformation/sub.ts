import { type TemplateValue, Unknown } from './template-value.js';

/**
 * `Fn::Sub`: `${Name}` is a variable of the second argument, a parameter, a resource's Ref or a pseudo parameter;
 * `${Name.Attribute}` a `Fn::GetAtt`; `${!Literal}` writes `${Literal}` (AWS's "Fn::Sub" reference). One left-to-right
 * scan with indexOf, no regular expression.
 */
export function substitute(
  template: string,
  variables: Readonly<Record<string, TemplateValue>>,
  lookup: (name: string) => TemplateValue,
  pointer: string,
): TemplateValue {
  let out = '';
  let at = 0;
  for (;;) {
    const open = template.indexOf('${', at);
    if (open < 0) return out + template.slice(at);
    const close = template.indexOf('}', open + 2);
    if (close < 0) return out + template.slice(at);
    out += template.slice(at, open);
    const name = template.slice(open + 2, close);
    at = close + 1;
    if (name.startsWith('!')) {
      out += `\${${name.slice(1)}}`;
      continue;
    }
    const value = Object.hasOwn(variables, name) ? variables[name]! : lookup(name.trim());
    if (value instanceof Unknown) return value;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      return new Unknown(`Fn::Sub: \${${name}} is not a string`, pointer);
    }
    out += String(value);
  }
}
