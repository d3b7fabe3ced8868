import { PublishCommand, type SNSClient } from '@aws-sdk/client-sns';
import { AlertDeliveryError } from '../../errors';
import type { AlertChannel } from './alert-channel';

/**
 * Publishes alerts to an SNS topic (`MONITOR_ALERT_TOPIC_ARN`): the subject becomes the e-mail subject, the
 * text the body. The SDK retries throttling and server errors itself (3 attempts by default).
 *
 * @example
 * const channel = snsChannel(new SNSClient({}), 'arn:aws:sns:eu-west-1:123456789012:alerts');
 */
export function snsChannel(client: SNSClient, topicArn: string): AlertChannel {
  return {
    name: 'sns',
    send: async (message) => {
      try {
        await client.send(
          new PublishCommand({ TopicArn: topicArn, Subject: message.subject, Message: message.text }),
        );
      } catch (error) {
        throw new AlertDeliveryError(
          'sns',
          `SNS refused Publish to ${topicArn}: ${(error as Error).message}`,
          {
            cause: error,
          },
        );
      }
    },
  };
}
