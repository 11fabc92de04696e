// The ALB bench's real setting (issue 14: "requests/s through the ALB proxy vs direct to a task"): a real `berth up`
// with runc and its registry, an ECS service of one Fargate task of the web image (busybox httpd, as in `berth
// demo`) registered by ECS in an ip target group behind an HTTP listener — the walkthrough's setup, as
// test/e2e/service-behind-alb.test.ts builds it. Hands back the task's own address and the listener's.

import { CreateServiceCommand } from '@aws-sdk/client-ecs';
import {
  CreateListenerCommand,
  CreateLoadBalancerCommand,
  CreateTargetGroupCommand,
  DescribeTargetHealthCommand,
  ElasticLoadBalancingV2Client,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { type EcsWorld, startEcsWorld, webContainer } from '../../test/e2e/support/ecs-world.js';
import { webPort } from '../../test/e2e/support/web-image.js';
import { freePort } from '../../test/integ/support/system-tools.js';

export interface ServiceBehindAlb {
  /** `http://<task ip>:8080/`: the task's ENI address on the task bridge. */
  readonly taskUrl: string;
  /** `http://127.0.0.1:<listener port>/`: the load balancer's listener. */
  readonly listenerUrl: string;
  /** The load balancer's DNSName (a `.localhost` name), for the Host header. */
  readonly dnsName: string;
  /** The page the task serves. */
  readonly page: string;
  /** The `berth up` process, which runs the proxy (its CPU time is the proxy's cost, with haproxy's if it runs). */
  readonly berthPid: number;
  /** Its state dir (the native data plane keeps haproxy's pid file there). */
  readonly stateDir: string;
  close(): Promise<void>;
}

export async function serviceBehindAlb(): Promise<ServiceBehindAlb> {
  const world = await startEcsWorld();
  const { endpoint, region, credentials } = world.berth;
  const elb = new ElasticLoadBalancingV2Client({ endpoint, region, credentials });
  try {
    const made = await world.privateWebImage('albbench');
    const taskDefinition = await world.registerFargate(
      'albbench',
      [webContainer(made.image, made.secretArn)],
      {
        execution: made.executionRoleArn,
      },
    );
    const lb = (await elb.send(new CreateLoadBalancerCommand({ Name: 'albbench', Subnets: [world.subnet] })))
      .LoadBalancers![0]!;
    const targetGroupArn = (
      await elb.send(
        new CreateTargetGroupCommand({
          Name: 'albbench',
          Protocol: 'HTTP',
          Port: webPort,
          TargetType: 'ip',
          HealthCheckPath: '/',
          HealthCheckIntervalSeconds: 5,
          HealthCheckTimeoutSeconds: 2,
        }),
      )
    ).TargetGroups![0]!.TargetGroupArn!;
    const listenerPort = await freePort();
    await elb.send(
      new CreateListenerCommand({
        LoadBalancerArn: lb.LoadBalancerArn,
        Protocol: 'HTTP',
        Port: listenerPort,
        DefaultActions: [{ Type: 'forward', TargetGroupArn: targetGroupArn }],
      }),
    );
    await world.ecs.send(
      new CreateServiceCommand({
        serviceName: 'albbench',
        taskDefinition,
        desiredCount: 1,
        launchType: 'FARGATE',
        networkConfiguration: { awsvpcConfiguration: { subnets: [world.subnet] } },
        loadBalancers: [{ targetGroupArn, containerName: 'web', containerPort: webPort }],
      }),
    );
    const taskIp = await healthyTarget(elb, targetGroupArn);
    return {
      taskUrl: `http://${taskIp}:${webPort}/`,
      listenerUrl: `http://127.0.0.1:${listenerPort}/`,
      dnsName: lb.DNSName!,
      page: world.web.page,
      berthPid: world.berth.child.pid!,
      stateDir: world.berth.stateDir,
      close: () => closeAll(world, elb),
    };
  } catch (error) {
    await closeAll(world, elb);
    throw error;
  }
}

/** Waits (a hang guard of 2 minutes, not a measure) until the service's task is a healthy target; its address. */
async function healthyTarget(elb: ElasticLoadBalancingV2Client, targetGroupArn: string): Promise<string> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const health = await elb.send(new DescribeTargetHealthCommand({ TargetGroupArn: targetGroupArn }));
    const healthy = health.TargetHealthDescriptions?.find((t) => t.TargetHealth?.State === 'healthy');
    if (healthy) return healthy.Target!.Id!;
    if (Date.now() > deadline) throw new Error('the service task never became a healthy target');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function closeAll(world: EcsWorld, elb: ElasticLoadBalancingV2Client): Promise<void> {
  elb.destroy();
  await world.close();
}
