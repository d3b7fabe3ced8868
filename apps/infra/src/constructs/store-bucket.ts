import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/** Properties of the store. */
export interface StoreBucketProps {
  /** Days `predictions/dt=*` objects are kept. */
  readonly predictionsRetentionDays: number;
}

/**
 * The store every service reads and writes (`STORE_URL=s3://<bucket>`): encrypted (SSE-S3), versioned, no
 * public access, TLS only, its access logged to a second bucket. Lifecycle:
 * - every replaced or deleted object's old version is kept 30 days, then expires (processed datasets and
 *   `predictions/latest/` are rewritten daily, so versions would otherwise pile up);
 * - `raw/` is the source of truth preprocess rebuilds from, so it is never expired; objects of 128 KB or
 *   more (backfill pages) move to Glacier Instant Retrieval after 90 days;
 * - `predictions/dt=*` expire after `predictionsRetentionDays` (the monitor scores 30-day windows and draws
 *   90 days; `predictions/latest/` is rewritten daily and never that old);
 * - incomplete multipart uploads are aborted after 7 days.
 * The bucket is retained when the stack is deleted: it holds the data and the models.
 */
export class StoreBucket extends Construct {
  readonly bucket: s3.Bucket;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, props: StoreBucketProps) {
    super(scope, id);
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      lifecycleRules: [{ id: 'expire-access-logs', expiration: Duration.days(90) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      versioned: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      serverAccessLogsBucket: this.accessLogs,
      serverAccessLogsPrefix: 'store/',
      lifecycleRules: [
        {
          id: 'expire-old-versions',
          noncurrentVersionExpiration: Duration.days(30),
          abortIncompleteMultipartUploadAfter: Duration.days(7),
        },
        {
          id: 'raw-to-glacier-ir',
          prefix: 'raw/',
          transitions: [
            { storageClass: s3.StorageClass.GLACIER_INSTANT_RETRIEVAL, transitionAfter: Duration.days(90) },
          ],
        },
        {
          id: 'expire-dated-predictions',
          prefix: 'predictions/dt=',
          expiration: Duration.days(props.predictionsRetentionDays),
        },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Object events go to EventBridge (the endpoint's refresh listens for `models/latest/metadata.json`). Set
    // on the bucket itself: `eventBridgeEnabled` would add a custom-resource Lambda function to do the same.
    (this.bucket.node.defaultChild as s3.CfnBucket).notificationConfiguration = {
      eventBridgeConfiguration: { eventBridgeEnabled: true },
    };
  }
}
