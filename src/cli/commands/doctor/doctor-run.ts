import { readFileSync, statSync } from 'node:fs';
import { basename } from 'node:path';
import { loadTemplate, type TemplateText, templateLimits } from '../../../engines/cloudformation/index.js';
import { type ChainModel, diagnose } from '../../../engines/doctor/index.js';
import { BerthError, isBerthError } from '../../../errors/index.js';
import { badInput, exitCodes } from '../../cli-error.js';
import type { DoctorOptions } from './doctor-command.js';
import { formatJson, formatSarif, formatText, type Locate } from './output-formats.js';
import { planModel } from './plan-input.js';
import { templateModel } from './template-input.js';

const formats = ['text', 'json', 'sarif'] as const;
type Format = (typeof formats)[number];

/** Runs the doctor over its inputs, prints the report, and answers the exit code (bad input throws). */
export async function runDoctor(options: DoctorOptions): Promise<number> {
  const format = options.format as Format;
  if (!formats.includes(format))
    throw badInput(`--format must be text, json or sarif, not ${options.format}`);
  const live = options.taskDefinition !== undefined || options.service !== undefined;
  const files = options.template.length + options.plan.length;
  if (!live && files === 0) {
    throw badInput('give --template FILE, --plan FILE, or --task-definition/--service for a live account');
  }
  if (live && files > 0)
    throw badInput('check files (--template, --plan) or a live account, not both at once');
  const texts = new Map<string, TemplateText>();
  const models = live ? [await liveModel(options)] : fileModels(options, texts);
  const findings = models.flatMap((model) => diagnose(model));
  const locate: Locate = (file, pointer) => texts.get(file)?.positionOf(pointer);
  const output =
    format === 'json'
      ? formatJson(findings)
      : format === 'sarif'
        ? formatSarif(findings, locate, '0.1.0')
        : formatText(findings, locate, process.stdout.isTTY === true && process.env.NO_COLOR === undefined);
  process.stdout.write(output);
  return findings.some((f) => f.severity === 'error') ? exitCodes.denied : exitCodes.ok;
}

/** The live reader and the AWS SDK load only for a live check. */
async function liveModel(options: DoctorOptions): Promise<ChainModel> {
  const { liveModel: read } = await import('./live-input.js');
  try {
    return await read(options);
  } catch (error) {
    if (isBerthError(error)) throw error;
    // An SDK failure (no credentials, an endpoint that does not answer or lacks the operation): the account could
    // not be read, which is the input's problem, not berth's.
    const { name, message } = error as Error;
    throw badInput(`cannot read the live account: ${name}: ${message}`);
  }
}

function fileModels(options: DoctorOptions, texts: Map<string, TemplateText>): ChainModel[] {
  const scope = {
    accountId: options.accountId ?? '000000000000',
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
  };
  if (!/^\d{12}$/.test(scope.accountId))
    throw badInput(`--account-id must be 12 digits, not ${scope.accountId}`);
  const parameters = Object.fromEntries(
    options.parameter.map((pair) => {
      const equals = pair.indexOf('=');
      if (equals <= 0) throw badInput(`--parameter takes KEY=VALUE, not ${pair}`);
      return [pair.slice(0, equals), pair.slice(equals + 1)];
    }),
  );
  const templates = options.template.map((file) => {
    const template = naming(file, () =>
      loadTemplate(readInput(file), {
        ...scope,
        parameters,
        stackName: basename(file).replace(/(\.template)?\.(json|ya?ml)$/i, ''),
      }),
    );
    texts.set(file, template.text);
    return templateModel(template, file);
  });
  const plans = options.plan.map((file) => naming(file, () => planModel(readInput(file), file, scope)));
  return [...templates, ...plans];
}

/** A file's text, refused before it is read when it is larger than any template or plan berth reads. */
function readInput(file: string): string {
  try {
    if (statSync(file).size > templateLimits.maxBytes) {
      throw badInput(`${file} is larger than ${templateLimits.maxBytes} bytes`);
    }
    return readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === undefined) throw error;
    throw badInput(`cannot read ${file}: ${(error as Error).message}`);
  }
}

/** Runs `read`, putting the file's name before the reason of a refusal. */
function naming<T>(file: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (!isBerthError(error) || error.kind !== 'invalid-argument' || error.message.startsWith(file))
      throw error;
    throw new BerthError(error.code, `${file}: ${error.message}`);
  }
}
