/**
 * THE request path of a listener, in order (house style E8): each step is named and either hands on or answers.
 * listener by port (and Host when load balancers share a port) → the first matching rule's action → fixed
 * response or redirect answered here → target group (by weight) → target (round robin over healthy ones) → forward.
 */
import type { Agent, IncomingMessage, ServerResponse } from 'node:http';
import {
  chooseAction,
  chooseListener,
  type ListenerAction,
  type ServedListener,
  type ServedTarget,
  type ServedTargetGroup,
  type TargetHealthState,
  targetAddress,
} from '../../engines/elbv2/index.js';
import { type ForwardTimeouts, forwardToTarget } from './forward-to-target.js';
import { answerError, answerFixed, answerRedirect } from './lb-answers.js';
import type { TargetPicker } from './target-picker.js';

export interface ProxyEnv {
  readonly listeners: (port: number) => readonly ServedListener[];
  readonly group: (arn: string) => ServedTargetGroup | undefined;
  readonly stateOf: (group: string, target: ServedTarget) => TargetHealthState | undefined;
  readonly picker: TargetPicker;
  readonly agent: Agent;
  readonly timeouts: ForwardTimeouts;
}

interface Exchange {
  readonly port: number;
  readonly client: string;
  readonly request: IncomingMessage;
  readonly response: ServerResponse;
  listener?: ServedListener;
  action?: ListenerAction;
  group?: ServedTargetGroup;
  target?: ServedTarget;
}

/** A step answers (returns true) or fills in the exchange for the next. */
type Step = (x: Exchange, env: ProxyEnv) => boolean;

const findListener: Step = (x, env) => {
  x.listener = chooseListener(env.listeners(x.port), x.request.headers.host);
  return x.listener === undefined && answer503(x);
};

const matchRule: Step = (x) => {
  x.action = chooseAction(x.listener!.rules, { host: x.request.headers.host, path: x.request.url ?? '/' });
  return x.action === undefined && answer503(x);
};

const answerDirectly: Step = (x) => {
  const action = x.action!;
  if (action.type === 'fixed-response') answerFixed(x.response, action);
  else if (action.type === 'redirect')
    answerRedirect(x.response, action, {
      host: x.request.headers.host,
      url: x.request.url ?? '/',
      listenerPort: x.port,
    });
  else return false;
  x.request.resume();
  return true;
};

const chooseGroup: Step = (x, env) => {
  const action = x.action as Extract<ListenerAction, { type: 'forward' }>;
  const arn = env.picker.pickGroup(action.targetGroups);
  x.group = arn === undefined ? undefined : env.group(arn);
  return x.group === undefined && answer503(x);
};

const chooseTarget: Step = (x, env) => {
  const group = x.group!;
  x.target = env.picker.pickTarget(group, (t) => env.stateOf(group.arn, t));
  return x.target === undefined && answer503(x);
};

const forward: Step = (x, env) => {
  const address = targetAddress(x.group!.targetType, x.target!);
  forwardToTarget(env.agent, env.timeouts, x.request, x.response, {
    ...address,
    listenerPort: x.port,
    client: x.client,
  });
  return true;
};

export const requestPath: readonly Step[] = [
  findListener,
  matchRule,
  answerDirectly,
  chooseGroup,
  chooseTarget,
  forward,
];

export function serve(
  env: ProxyEnv,
  port: number,
  request: IncomingMessage,
  response: ServerResponse,
  client: string,
): void {
  const exchange: Exchange = { port, client, request, response };
  for (const step of requestPath) if (step(exchange, env)) return;
}

function answer503(x: Exchange): true {
  x.request.resume();
  answerError(x.response, 503);
  return true;
}
