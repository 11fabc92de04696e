// State stays consistent under fuzzing: when a write succeeds, a read right after it finds what was written. One
// row per write the fuzzer can make succeed; the read is built from the write's input or answer, and `agrees`
// compares the read's answer with them (JSON services), or the read must simply succeed (Query services, whose XML
// the fuzzer does not parse).
type Members = Record<string, unknown>;

export interface FollowUp {
  readonly read: string;
  readonly input: (written: Members, answer: Members) => Members;
  readonly agrees?: (written: Members, answer: Members, read: Members) => boolean;
}

const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((v, key) => (v && typeof v === 'object' ? (v as Members)[key] : undefined), value);

export const followUps: Readonly<Record<string, Readonly<Record<string, FollowUp>>>> = {
  iam: {
    CreateRole: { read: 'GetRole', input: (w) => ({ RoleName: w.RoleName }) },
    CreateUser: { read: 'GetUser', input: (w) => ({ UserName: w.UserName }) },
  },
  kms: {
    CreateKey: {
      read: 'DescribeKey',
      input: (_w, a) => ({ KeyId: at(a, 'KeyMetadata', 'KeyId') }),
      agrees: (w, a, r) =>
        at(r, 'KeyMetadata', 'Arn') === at(a, 'KeyMetadata', 'Arn') &&
        at(r, 'KeyMetadata', 'Description') === (w.Description ?? ''),
    },
  },
  secretsmanager: {
    CreateSecret: {
      read: 'DescribeSecret',
      input: (_w, a) => ({ SecretId: a.ARN }),
      agrees: (w, a, r) => r.ARN === a.ARN && r.Name === w.Name,
    },
  },
  ecs: {
    RegisterTaskDefinition: {
      read: 'DescribeTaskDefinition',
      input: (_w, a) => ({ taskDefinition: at(a, 'taskDefinition', 'taskDefinitionArn') }),
      agrees: (w, a, r) =>
        at(r, 'taskDefinition', 'family') === w.family &&
        at(r, 'taskDefinition', 'revision') === at(a, 'taskDefinition', 'revision'),
    },
  },
};
