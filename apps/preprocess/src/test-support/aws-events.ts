// AWS event payloads shaped exactly as Lambda receives them, for the adapter tests.

/** An S3 notification as AWS sends it (keys URL-encoded), for `keys`. */
export function s3Event(bucket: string, keys: readonly string[], eventName = 'ObjectCreated:Put'): unknown {
  return {
    Records: keys.map((key, i) => ({
      eventVersion: '2.1',
      eventSource: 'aws:s3',
      awsRegion: 'us-east-1',
      eventTime: '2024-02-12T00:10:03.512Z',
      eventName,
      userIdentity: { principalId: 'AWS:AROAEXAMPLE:ingest' },
      requestParameters: { sourceIPAddress: '10.0.0.1' },
      responseElements: {
        'x-amz-request-id': 'C3D13FE58DE4C810',
        'x-amz-id-2': 'FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD',
      },
      s3: {
        s3SchemaVersion: '1.0',
        configurationId: 'raw-created',
        bucket: {
          name: bucket,
          ownerIdentity: { principalId: 'A3NL1KOZZKExample' },
          arn: `arn:aws:s3:::${bucket}`,
        },
        object: {
          key: encodeURIComponent(key).replace(/%2F/g, '/'),
          size: 1024,
          eTag: 'd41d8cd98f00b204e9800998ecf8427e',
          sequencer: `0055AED6DCD90281E${i}`,
        },
      },
    })),
  };
}

/** An EventBridge scheduled event (a rate or cron rule). */
export function scheduledEvent(): unknown {
  return {
    version: '0',
    id: '53dc4d37-cffa-4f76-80c9-8b7d4a4d2eaa',
    'detail-type': 'Scheduled Event',
    source: 'aws.events',
    account: '123456789012',
    time: '2024-02-12T01:00:00Z',
    region: 'us-east-1',
    resources: ['arn:aws:events:us-east-1:123456789012:rule/preprocess-daily'],
    detail: {},
  };
}
