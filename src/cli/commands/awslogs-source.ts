// `berth logs` of a container with the awslogs driver: its lines read back through the Logs API (GetLogEvents from the
// head, then on with nextForwardToken, as `aws logs get-log-events` pages), so what berth logs shows is what the
// stream holds. CloudWatch Logs keeps no stdout/stderr distinction: these lines all go to stdout.
import {
  type CloudWatchLogsClient,
  GetLogEventsCommand,
  type GetLogEventsCommandOutput,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import type { LineSource, LogLine } from '../../agent/runtime/container-log-reader.js';

export class AwslogsSource implements LineSource {
  readonly queue: LogLine[] = [];
  readonly container: string;
  /** What its lines are printed with (see TaskLogSources). */
  readonly label: string;
  readonly #client: CloudWatchLogsClient;
  readonly #group: string;
  readonly #stream: string;
  #token?: string;

  constructor(
    container: string,
    client: CloudWatchLogsClient,
    group: string,
    stream: string,
    label = container,
  ) {
    this.container = container;
    this.label = label;
    this.#client = client;
    this.#group = group;
    this.#stream = stream;
  }

  /** Queues every event written since the last fetch. A stream not created yet has none. */
  async fetch(): Promise<void> {
    for (;;) {
      let page: GetLogEventsCommandOutput;
      try {
        page = await this.#client.send(
          new GetLogEventsCommand({
            logGroupName: this.#group,
            logStreamName: this.#stream,
            startFromHead: true,
            ...(this.#token === undefined ? {} : { nextToken: this.#token }),
          }),
        );
      } catch (error) {
        if (error instanceof ResourceNotFoundException) return;
        throw error;
      }
      const events = page.events ?? [];
      for (const event of events) {
        const time = new Date(event.timestamp ?? 0).toISOString();
        this.queue.push({ container: this.label, time, stream: 'stdout', text: event.message ?? '' });
      }
      this.#token = page.nextForwardToken ?? this.#token;
      // At the end of the stream GetLogEvents answers no events and the token it was given.
      if (events.length === 0) return;
    }
  }

  /** Everything there is was queued by fetch(). */
  readMore(): boolean {
    return false;
  }
}
