import type { AlertMessage } from './alert-message';

/** Somewhere alerts are delivered (SNS, a webhook). */
export interface AlertChannel {
  /** Stable name, recorded in the delivery receipt (`sns`, `webhook`). */
  readonly name: string;
  /** Sends the message; resolves once the receiver accepted it, throws `AlertDeliveryError` otherwise. */
  send(message: AlertMessage): Promise<void>;
}
