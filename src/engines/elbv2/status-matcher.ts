/**
 * A target group's Matcher.HttpCode (ref ecs-services-elb-logs §4.3): codes 200–499, one (`200`), a list (`200,202`)
 * or a range (`200-299`). Parsed once; an unreadable matcher is refused at the API with the text `invalidMatcher`
 * returns.
 */
export type StatusMatcher = (status: number) => boolean;

export function parseStatusMatcher(text: string): StatusMatcher | undefined {
  const parts = text.split(',').map((part) => part.trim());
  const ranges: [number, number][] = [];
  for (const part of parts) {
    const match = /^(\d{3})(?:-(\d{3}))?$/.exec(part);
    if (!match) return undefined;
    const low = Number(match[1]);
    const high = Number(match[2] ?? match[1]);
    if (low < 200 || high > 499 || low > high) return undefined;
    ranges.push([low, high]);
  }
  return (status) => ranges.some(([low, high]) => status >= low && status <= high);
}
