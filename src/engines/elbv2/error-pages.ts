/**
 * The pages the load balancer answers with itself (ref ecs-services-elb-logs §4.7): the body template matches the
 * observed Content-Lengths exactly (503 → 162, 502 → 122); the 504's bytes are derived from the same template
 * [INF, ref ecs-services-elb-logs §8 U9]. Headers observed: `Server: awselb/2.0`, `Content-Type: text/html`.
 */
export const elbErrorTitles = {
  502: '502 Bad Gateway',
  503: '503 Service Temporarily Unavailable',
  504: '504 Gateway Time-out',
} as const;

export type ElbErrorStatus = keyof typeof elbErrorTitles;

export function elbErrorPage(status: ElbErrorStatus): string {
  const title = elbErrorTitles[status];
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n</body>\r\n</html>\r\n`;
}
