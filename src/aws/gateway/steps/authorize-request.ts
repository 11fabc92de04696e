import type { Step } from '../exchange.js';

/**
 * Asks the authorizer port about `<actionPrefix>:<Operation>` on the resource the operation names, unless the
 * operation authorizes itself (`'handler'`) or cannot be denied (`'none'`); see OperationAuthorization.
 */
export const authorizeRequest: Step = async (exchange, { authorizer }) => {
  const service = exchange.service!;
  const { authorize } = exchange.operation!;
  if (typeof authorize !== 'function') return;
  const ctx = exchange.context!;
  const action = `${service.actionPrefix ?? service.signingName}:${ctx.operation}`;
  await authorizer.authorize(ctx, { action, resource: authorize(ctx, exchange.input!) });
};
