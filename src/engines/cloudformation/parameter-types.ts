/**
 * CloudFormation's parameter types (cfn-doc parameters-section-structure.md; ref cloudformation-cdk §4.5):
 * String, Number, List<Number>, CommaDelimitedList, the AWS-specific types (`AWS::EC2::VPC::Id`, `List<AWS::EC2::…>`)
 * and the SSM types (`AWS::SSM::Parameter::Name`, `AWS::SSM::Parameter::Value<…>`), whose value is a parameter
 * name that CloudFormation reads from Parameter Store.
 */
const ssmValuePrefix = 'AWS::SSM::Parameter::Value<';

export function isSsmValueType(type: string): boolean {
  return type.startsWith(ssmValuePrefix) && type.endsWith('>');
}

/** The type an SSM parameter's value has (`AWS::SSM::Parameter::Value<List<String>>` → `List<String>`). */
function valueType(type: string): string {
  return isSsmValueType(type) ? type.slice(ssmValuePrefix.length, -1) : type;
}

/** Whether a Ref to the parameter is a list (split at commas). */
export function isListParameterType(type: string): boolean {
  const inner = valueType(type);
  return inner === 'CommaDelimitedList' || inner.startsWith('List<');
}

export function isKnownParameterType(type: string): boolean {
  const inner = valueType(type);
  if (isSsmValueType(type) && inner.length === 0) return false;
  return (
    ['String', 'Number', 'CommaDelimitedList', 'AWS::SSM::Parameter::Name'].includes(inner) ||
    /^List<(Number|String|AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+)>$/.test(inner) ||
    /^AWS::[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+$/.test(inner)
  );
}

/** Whether every element of the value must be a number (Number, List<Number>). */
export function isNumericType(type: string): boolean {
  const inner = valueType(type);
  return inner === 'Number' || inner === 'List<Number>';
}
