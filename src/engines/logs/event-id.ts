/**
 * Event identity and order in a log group. AWS's event ids and GetLogEvents tokens are 56-digit numbers
 * (`f/31961209122447488583055879464742346735121166569214640130`, ref ecs-services-elb-logs §7.2); berth's are
 * built the same size from what orders events: the timestamp (20 digits), the group-wide number of the batch that
 * brought the event (20) and its index in the batch (16). So string order is (timestamp, arrival) order, an id
 * never changes, and no two events of a group share one — what `aws logs tail --follow` needs to de-duplicate events
 * sharing the newest timestamp (ref ecs-services-elb-logs §7.3).
 */

export interface EventPosition {
  readonly timestamp: number;
  readonly batch: number;
  readonly index: number;
}

export const eventIdLength = 56;

export function eventId(position: EventPosition): string {
  return (
    String(position.timestamp).padStart(20, '0') +
    String(position.batch).padStart(20, '0') +
    String(position.index).padStart(16, '0')
  );
}

/** The id before every event: what an empty stream's tokens carry. */
export const beforeAllEvents = '0'.repeat(eventIdLength);

/** True for a string of 56 digits, the only ids and token positions berth hands out. */
export function isEventId(text: string): boolean {
  return text.length === eventIdLength && /^[0-9]+$/.test(text);
}
