import { type DeployFacts, dynamicReferencesIn } from './deploy-facts.js';
import {
  type DeployTimeFunction,
  deployTimeReasons,
  evaluateIntrinsic,
  type IntrinsicScope,
  intrinsicOf,
  noValue,
  type Resolved,
} from './intrinsics.js';
import { isListParameterType } from './parameter-types.js';
import { type PhysicalValues, physicalValues, type StackScope } from './physical-ids.js';
import { substitute } from './sub.js';
import { pointerSegment } from './template-error.js';
import { isRecord, type TemplateValue, Unknown } from './template-value.js';

type Section = Readonly<Record<string, unknown>>;

function section(root: Section, name: string): Section {
  const value = root[name];
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Section) : {};
}

function own(object: Section, key: string): unknown {
  return Object.hasOwn(object, key) ? object[key] : undefined;
}

/**
 * Works out a template's values: parameters (given, else their defaults), pseudo parameters, conditions, mappings,
 * and every resource's Ref and attributes. Statically (the doctor) a resource's values are placeholders of the right
 * shape (physical-ids.ts) and what only a deployment knows is an Unknown; with DeployFacts (the CloudFormation
 * service) they are the created resources' values, and a resource not created yet is an Unknown.
 * Conditions and static physical values are computed once; a cycle among them is an Unknown, not a stack overflow.
 */
export class Resolver implements IntrinsicScope {
  readonly #root: Section;
  readonly #scope: StackScope;
  readonly #parameters: Readonly<Record<string, string>>;
  readonly #conditions = new Map<string, boolean | Unknown | 'pending'>();
  readonly #physical = new Map<string, PhysicalValues | Unknown | 'pending'>();

  readonly #facts: DeployFacts | undefined;

  constructor(
    root: Section,
    scope: StackScope,
    parameters: Readonly<Record<string, string>> = {},
    facts?: DeployFacts,
  ) {
    this.#root = root;
    this.#scope = scope;
    this.#parameters = parameters;
    this.#facts = facts;
  }

  /** A value with every intrinsic function worked out; `AWS::NoValue` at the top is null. */
  resolve(value: unknown, pointer: string): TemplateValue {
    const resolved = this.#value(value, pointer);
    return resolved === noValue ? null : resolved;
  }

  #value(value: unknown, pointer: string): Resolved {
    if (typeof value === 'string') {
      // Dynamic references are read from SSM or Secrets Manager at deploy (ref cloudformation-cdk §5.1).
      return value.includes('{{resolve:') ? this.#dynamic(value, pointer) : value;
    }
    if (value === null || typeof value !== 'object') return value as TemplateValue;
    if (Array.isArray(value)) {
      const items: TemplateValue[] = [];
      value.forEach((item, index) => {
        const resolved = this.#value(item, `${pointer}/${index}`);
        if (resolved !== noValue) items.push(resolved);
      });
      return items;
    }
    const object = value as Section;
    const name = intrinsicOf(object);
    if (name === undefined) {
      const entries: [string, TemplateValue][] = [];
      for (const key of Object.keys(object)) {
        const resolved = this.#value(object[key], `${pointer}/${pointerSegment(key)}`);
        if (resolved !== noValue) entries.push([key, resolved]);
      }
      return Object.fromEntries(entries);
    }
    const here = `${pointer}/${pointerSegment(name)}`;
    const raw = object[name];
    if (name === 'Fn::Sub') return this.#sub(raw, here);
    return evaluateIntrinsic(
      name,
      () => this.resolve(raw, here),
      raw,
      here,
      this,
      (branch, at) => this.#value(branch, at),
    );
  }

  #dynamic(text: string, pointer: string): TemplateValue {
    const known = this.#facts?.dynamicReferences;
    if (!known) return new Unknown('a dynamic reference is resolved at deploy time', pointer);
    let out = text;
    for (const reference of dynamicReferencesIn(text)) {
      const value = known.get(reference);
      if (value === undefined) return new Unknown(`${reference} could not be resolved`, pointer);
      out = out.replace(reference, () => value);
    }
    return out;
  }

  deployTime(name: DeployTimeFunction, argument: TemplateValue, pointer: string): TemplateValue {
    const facts = this.#facts;
    if (!facts) return new Unknown(deployTimeReasons[name], pointer);
    if (name === 'Fn::GetAZs') {
      const region = argument === '' || argument === null ? this.#scope.region : argument;
      // Only the stack's own region's zones are known (a deployment asks EC2 for them in its region).
      return region === this.#scope.region
        ? [...facts.availabilityZones]
        : new Unknown(`Fn::GetAZs: berth knows the zones of ${this.#scope.region} only`, pointer);
    }
    const value = typeof argument === 'string' ? facts.exports[argument] : undefined;
    return value ?? new Unknown(`No export named ${String(argument)} found.`, pointer);
  }

  #sub(raw: unknown, pointer: string): TemplateValue {
    const [template, variables] = Array.isArray(raw) ? [raw[0], raw[1]] : [raw, {}];
    if (typeof template !== 'string') return new Unknown('Fn::Sub needs a string', pointer);
    const resolvedVariables = this.resolve(variables ?? {}, `${pointer}/1`);
    if (resolvedVariables instanceof Unknown) return resolvedVariables;
    const substituted = substitute(
      template,
      isRecord(resolvedVariables) ? resolvedVariables : {},
      (name) => {
        const dot = name.indexOf('.');
        if (dot < 0) {
          const value = this.ref(name, pointer);
          return value === noValue ? new Unknown(`Fn::Sub cannot use ${name}`, pointer) : value;
        }
        return this.getAtt(name.slice(0, dot), name.slice(dot + 1), pointer);
      },
      pointer,
    );
    // Dynamic references are resolved once the functions are (ref cloudformation-cdk §5.1), in one pass: a value
    // read from SSM is never read again as a reference.
    return typeof substituted === 'string' && substituted.includes('{{resolve:')
      ? this.#dynamic(substituted, pointer)
      : substituted;
  }

  ref(name: string, pointer: string): Resolved {
    const pseudo = this.#pseudo(name, pointer);
    if (pseudo !== undefined) return pseudo;
    const parameter = own(section(this.#root, 'Parameters'), name);
    if (parameter !== undefined) return this.#parameter(name, parameter as Section, pointer);
    const physical = this.physical(name, pointer);
    return physical instanceof Unknown ? physical : physical.ref;
  }

  getAtt(logicalId: string, attribute: string, pointer: string): TemplateValue {
    const physical = this.physical(logicalId, pointer);
    if (physical instanceof Unknown) return physical;
    const value = own(physical.attributes, attribute) as TemplateValue | undefined;
    if (value !== undefined) return value;
    return this.#facts
      ? // CloudFormation's text for an attribute the type does not have.
        new Unknown(
          `Template error: resource ${logicalId} does not support attribute type ${attribute} in Fn::GetAtt`,
          pointer,
        )
      : new Unknown(`berth does not know the attribute ${logicalId}.${attribute}`, pointer);
  }

  /** A resource's Ref and attributes, or an Unknown (no such resource, an unmodelled type, a cycle, not created). */
  physical(logicalId: string, pointer: string): PhysicalValues | Unknown {
    if (this.#facts) {
      const declared = own(section(this.#root, 'Resources'), logicalId);
      if (declared === undefined) {
        return new Unknown(`${logicalId} is not a parameter or resource of this template`, pointer);
      }
      return this.#facts.resource(logicalId) ?? new Unknown(`${logicalId} is not created yet`, pointer);
    }
    const cached = this.#physical.get(logicalId);
    if (cached === 'pending') return new Unknown(`a circular reference through ${logicalId}`, pointer);
    if (cached !== undefined) return cached;
    const resource = own(section(this.#root, 'Resources'), logicalId) as Section | undefined;
    if (resource === undefined || typeof resource.Type !== 'string') {
      return new Unknown(`${logicalId} is not a parameter or resource of this template`, pointer);
    }
    this.#physical.set(logicalId, 'pending');
    const at = `/Resources/${pointerSegment(logicalId)}`;
    const properties = section(resource, 'Properties');
    const values = physicalValues(
      resource.Type,
      logicalId,
      (property) => {
        const raw = own(properties, property);
        return raw === undefined
          ? undefined
          : this.resolve(raw, `${at}/Properties/${pointerSegment(property)}`);
      },
      this.#scope,
      at,
    );
    this.#physical.set(logicalId, values);
    return values;
  }

  condition(name: string, pointer: string): boolean | Unknown {
    const cached = this.#conditions.get(name);
    if (cached === 'pending') return new Unknown(`the condition ${name} refers to itself`, pointer);
    if (cached !== undefined) return cached;
    const definition = own(section(this.#root, 'Conditions'), name);
    if (definition === undefined) return new Unknown(`no condition named ${name}`, pointer);
    this.#conditions.set(name, 'pending');
    const value = this.resolve(definition, `/Conditions/${pointerSegment(name)}`);
    const result =
      typeof value === 'boolean' || value instanceof Unknown
        ? value
        : new Unknown(`the condition ${name} is not true or false`, pointer);
    this.#conditions.set(name, result);
    return result;
  }

  findInMap(map: TemplateValue, first: TemplateValue, second: TemplateValue, pointer: string): TemplateValue {
    for (const key of [map, first, second]) if (key instanceof Unknown) return key;
    const top = own(section(this.#root, 'Mappings'), String(map));
    const inner = top !== null && typeof top === 'object' ? own(top as Section, String(first)) : undefined;
    const value =
      inner !== null && typeof inner === 'object' ? own(inner as Section, String(second)) : undefined;
    if (value === undefined) return new Unknown(`Fn::FindInMap: no ${map}.${first}.${second}`, pointer);
    return this.resolve(value, pointer);
  }

  #parameter(name: string, definition: Section, pointer: string): TemplateValue {
    const type = typeof definition.Type === 'string' ? definition.Type : 'String';
    const given = own(this.#parameters, name);
    if (given === undefined && type.startsWith('AWS::SSM::Parameter::Value<')) {
      return new Unknown(`the parameter ${name} is read from SSM at deploy time`, pointer);
    }
    const value = given ?? definition.Default;
    if (value === undefined)
      return new Unknown(`the parameter ${name} has no default and no value was given`, pointer);
    const text = String(value);
    return isListParameterType(type) ? text.split(',').map((item) => item.trim()) : text;
  }

  #pseudo(name: string, pointer: string): Resolved | undefined {
    const { accountId, region, partition, stackName } = this.#scope;
    switch (name) {
      case 'AWS::AccountId':
        return accountId;
      case 'AWS::Region':
        return region;
      case 'AWS::Partition':
        return partition;
      case 'AWS::URLSuffix':
        return partition === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
      case 'AWS::StackName':
        return stackName;
      case 'AWS::StackId':
        return (
          this.#facts?.stackId ?? new Unknown('AWS::StackId is known after the stack is created', pointer)
        );
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return noValue;
      default:
        return undefined;
    }
  }
}
