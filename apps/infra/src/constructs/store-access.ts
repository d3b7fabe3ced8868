import type * as iam from 'aws-cdk-lib/aws-iam';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { acknowledge, wildcardAction, wildcardResource } from './acknowledge';

/** Key prefixes (`raw/`, `models/latest/`) a role may read, write (put only) or read, write and delete. */
export interface StoreAccess {
  readonly read?: readonly string[];
  readonly put?: readonly string[];
  readonly readWrite?: readonly string[];
}

const ACTION_REASON =
  "CDK's bucket grants name S3 action families (s3:GetObject* covers GetObject and GetObjectVersion, ...); each statement is limited to the store bucket and to the key prefixes this role owns";
const PREFIX_REASON =
  'the keys under this prefix are created per day, symbol or model version (raw/source=*/symbol=*/dt=*/...), so they cannot be listed in advance; the grant covers only this prefix of the store bucket';

/**
 * Grants `grantee` access to these prefixes of the store through CDK's bucket grants, and acknowledges the
 * wildcard findings those grants produce (action families, `prefix/*` keys) with the reason they are
 * acceptable. Anything else a grant might add is not acknowledged, so it would stop the synthesis.
 *
 * @example
 * grantStore(ingest.role, bucket, { read: ['raw/'], put: ['raw/'] });
 */
export function grantStore(grantee: iam.Role, bucket: s3.Bucket, access: StoreAccess): void {
  const findings: Record<string, string> = {};
  const keys = (prefix: string) => {
    findings[wildcardResource(grantee, bucket.arnForObjects(`${prefix}*`))] = PREFIX_REASON;
    return `${prefix}*`;
  };
  const actions = (...names: string[]) => {
    for (const name of names) findings[wildcardAction(name)] = ACTION_REASON;
  };
  for (const prefix of access.read ?? []) {
    bucket.grantRead(grantee, keys(prefix));
    actions('s3:GetObject*', 's3:GetBucket*', 's3:List*');
  }
  for (const prefix of access.put ?? []) {
    bucket.grantPut(grantee, keys(prefix));
    actions('s3:Abort*');
  }
  for (const prefix of access.readWrite ?? []) {
    bucket.grantReadWrite(grantee, keys(prefix));
    actions('s3:GetObject*', 's3:GetBucket*', 's3:List*', 's3:DeleteObject*', 's3:Abort*');
  }
  acknowledge(grantee, findings);
}
