// Inputs the fuzzer once broke berth with, replayed on every test run (each also has a unit test where it was fixed).
// A new finding goes here with the seed that found it: `npm run fuzz -- --seed S --service NAME --path P` replays it.

export interface Regression {
  readonly found: string;
  readonly service: string;
  readonly operation: string;
  readonly input: () => Record<string, unknown>;
}

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = i % 2 === 0 ? [value] : { a: value };
  return value;
}

export const regressions: readonly Regression[] = [
  {
    // A Query parameter name thousands of segments deep overflowed the parser's stack: 500 InternalFailure.
    found: 'seed 2, sts (fixed in aws/protocol/aws-query/parse.ts)',
    service: 'sts',
    operation: 'AssumeRole',
    input: () => ({
      RoleArn: 'arn:aws:iam::000000000000:role/x',
      RoleSessionName: 's',
      Tags: [{ Key: nested(1_400), Value: 'v' }],
    }),
  },
];
