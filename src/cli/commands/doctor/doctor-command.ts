import type { Command } from 'commander';

export interface DoctorOptions {
  template: string[];
  plan: string[];
  taskDefinition?: string;
  service?: string;
  cluster: string;
  endpointUrl?: string;
  format: string;
  accountId?: string;
  region?: string;
  parameter: string[];
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `berth doctor`: follows the private-registry chain of a template, a Terraform plan or a live account and says
 * what ECS will say. Everything it needs (YAML, the rules, the AWS SDK) is imported when it runs, so `berth up`'s
 * cold start does not carry it.
 */
export function addDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description(
      'find the broken link of a private-registry setup before the deploy (exit 0 no errors, 1 errors, 2 bad input)',
    )
    .option(
      '--template <file>',
      'CloudFormation template, JSON or YAML, e.g. cdk.out/*.template.json (repeatable)',
      collect,
      [],
    )
    .option('--plan <file>', 'Terraform JSON plan from `terraform show -json` (repeatable)', collect, [])
    .option(
      '--task-definition <id>',
      'live: FAMILY[:REV], a task definition ARN, or a task definition JSON file',
    )
    .option('--service <name>', "live: check this service's task definition and network configuration")
    .option('--cluster <name>', "live: the service's cluster", 'default')
    .option('--endpoint-url <url>', 'live: the AWS endpoint (default AWS_ENDPOINT_URL, else AWS itself)')
    .option('--format <format>', 'text | json | sarif', 'text')
    .option('--account-id <id>', 'AWS::AccountId for templates and plans (default 000000000000)')
    .option('--region <region>', 'AWS::Region for templates and plans (default AWS_REGION, else us-east-1)')
    .option('--parameter <key=value>', 'a template parameter value (repeatable)', collect, [])
    .action(async (options: DoctorOptions) => {
      const { runDoctor } = await import('./doctor-run.js');
      process.exitCode = await runDoctor(options);
    });
}
