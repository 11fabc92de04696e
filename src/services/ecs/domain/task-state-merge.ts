/**
 * The agent's report (TaskStateChange, berth's SubmitTaskStateChange) merged into the stored task, as ECS's backend
 * does it. States only move forward in the lifecycle of engines/ecs (ref ecs-private-auth §5.1: a late report of an
 * earlier state is ignored, whole); the backend-set timestamps (ref ecs-private-auth §5.4: createdAt, connectivityAt, startedAt, stoppingAt, stoppedAt)
 * come from the control plane's clock, the pull and execution times from the agent. The first stop code and stopped
 * reason win — a StopTask's reason is kept when the agent later reports why the containers ended — as does each
 * container's first reason (ref ecs-private-auth §3: "The first error recorded on a container sticks").
 */
import {
  type ContainerStateChange,
  containerLifecycle,
  type TaskStateChange,
  type TaskStatus,
  taskLifecycle,
} from '../../../engines/ecs/index.js';
import type { AttachmentRecord, ContainerRecord, KeyValue, TaskRecord } from './documents.js';

/** Whether `status` is `mark` or lies beyond it. */
const reached = (status: TaskStatus, mark: TaskStatus) =>
  status === mark || taskLifecycle.isForward(mark, status);
const iso = (date: Date | undefined) => date?.toISOString();

/** The task with the change merged in, or undefined when the change is a step back and is ignored. */
export function mergeTaskState(task: TaskRecord, change: TaskStateChange, now: Date): TaskRecord | undefined {
  const to = change.lastStatus;
  if (!reached(to, task.lastStatus)) return undefined;
  const at = now.toISOString();
  const stopped = change.lastStatus === 'STOPPED';
  const address = change.privateIpv4Address;
  const eni = task.attachments.find((attachment) => attachment.type === 'ElasticNetworkInterface');
  return {
    ...task,
    lastStatus: change.lastStatus,
    desiredStatus: reached(to, 'DEACTIVATING') ? 'STOPPED' : task.desiredStatus,
    version: task.version + 1,
    ...(reached(to, 'PENDING') && !task.connectivityAt
      ? { connectivity: 'CONNECTED', connectivityAt: at }
      : {}),
    startedAt: task.startedAt ?? (change.lastStatus === 'RUNNING' ? at : undefined),
    stoppingAt: task.stoppingAt ?? (reached(to, 'DEACTIVATING') ? at : undefined),
    stoppedAt: task.stoppedAt ?? (stopped ? at : undefined),
    pullStartedAt: task.pullStartedAt ?? iso(change.pullStartedAt),
    pullStoppedAt: iso(change.pullStoppedAt) ?? task.pullStoppedAt,
    executionStoppedAt: task.executionStoppedAt ?? iso(change.executionStoppedAt),
    stopCode: task.stopCode ?? change.stopCode,
    stoppedReason: task.stoppedReason ?? change.stoppedReason,
    attachments: task.attachments.map((attachment) =>
      attachment === eni ? mergeEni(attachment, change.lastStatus, address, task.region) : attachment,
    ),
    containers: task.containers.map((container) => {
      const update = change.containers?.find((candidate) => candidate.name === container.name);
      const merged = update ? mergeContainer(container, update, eni?.id) : container;
      const shared = address !== undefined && eni ? withAddress(merged, eni.id, address) : merged;
      // A stopped task's containers are all stopped, whether or not the agent said so for each.
      return stopped ? { ...shared, lastStatus: 'STOPPED' } : shared;
    }),
  };
}

function mergeContainer(
  container: ContainerRecord,
  update: ContainerStateChange,
  eniId: string | undefined,
): ContainerRecord {
  const from = container.lastStatus;
  const forward =
    update.lastStatus !== undefined &&
    (update.lastStatus === from || containerLifecycle.isForward(from, update.lastStatus));
  const merged: ContainerRecord = {
    ...container,
    lastStatus: forward ? update.lastStatus! : container.lastStatus,
    exitCode: update.exitCode ?? container.exitCode,
    reason: container.reason ?? update.reason,
    imageDigest: update.imageDigest ?? container.imageDigest,
    runtimeId: update.runtimeId ?? container.runtimeId,
    networkBindings: update.networkBindings ?? container.networkBindings,
  };
  return update.privateIpv4Address !== undefined && eniId !== undefined
    ? withAddress(merged, eniId, update.privateIpv4Address)
    : merged;
}

function withAddress(container: ContainerRecord, attachmentId: string, address: string): ContainerRecord {
  return { ...container, networkInterfaces: [{ attachmentId, privateIpv4Address: address }] };
}

/**
 * The ENI's state follows the task's (API_Attachment: PRECREATED, ATTACHING, ATTACHED, DETACHING, DELETED), and its
 * details gain the address and EC2's private DNS name once known (`ip-10-0-0-5.ec2.internal` in us-east-1,
 * `ip-….<region>.compute.internal` elsewhere).
 */
function mergeEni(
  eni: AttachmentRecord,
  status: TaskStatus,
  address: string | undefined,
  region: string,
): AttachmentRecord {
  const state: AttachmentRecord['status'] =
    status === 'STOPPED'
      ? 'DELETED'
      : reached(status, 'DEPROVISIONING')
        ? 'DETACHING'
        : reached(status, 'PENDING')
          ? 'ATTACHED'
          : eni.status;
  const known = eni.details.some((detail) => detail.name === 'privateIPv4Address');
  const details: KeyValue[] = [...eni.details];
  if (address !== undefined && !known) {
    const host = `ip-${address.replaceAll('.', '-')}`;
    const domain = region === 'us-east-1' ? 'ec2.internal' : `${region}.compute.internal`;
    details.push({ name: 'privateDnsName', value: `${host}.${domain}` });
    details.push({ name: 'privateIPv4Address', value: address });
  }
  return { ...eni, status: state, details };
}
