import { BerthError } from '../../errors/index.js';

/**
 * CloudFormation refuses a template or its parameters. The message is CloudFormation's own text (the service answers
 * it as ValidationError), e.g. `Template format error: Unresolved resource dependencies [X] in the Resources block of
 * the template`.
 */
export function rejected(message: string): BerthError {
  return new BerthError('BERTH_TEMPLATE_REJECTED', message);
}
