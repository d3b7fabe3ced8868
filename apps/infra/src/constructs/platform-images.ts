import { IgnoreMode } from 'aws-cdk-lib';
import * as ecrAssets from 'aws-cdk-lib/aws-ecr-assets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { Construct } from 'constructs';
import { imageContextExcludes, type ImageApp } from './image-context';

/**
 * The container images of the platform, built from `docker/` by `cdk deploy` (Docker needed there, not for
 * synth) for linux/amd64 and pushed to the CDK bootstrap repository, tagged with a hash of their build
 * context: a changed image gets a new tag, so CloudFormation updates the functions and jobs using it.
 */
export class PlatformImages extends Construct {
  readonly ingest: lambda.DockerImageCode;
  readonly preprocess: lambda.DockerImageCode;
  readonly infer: lambda.DockerImageCode;
  readonly monitor: lambda.DockerImageCode;
  /** The SageMaker training image (`train`, and `train` with `mode=backtest`). */
  readonly train: ecrAssets.DockerImageAsset;
  /** The SageMaker endpoint image (`docker/infer.Dockerfile --target sagemaker`). */
  readonly endpoint: ecrAssets.DockerImageAsset;

  constructor(scope: Construct, id: string, repoRoot: string) {
    super(scope, id);
    const options = (app: ImageApp, target?: string) => ({
      file: `docker/${app}.Dockerfile`,
      exclude: imageContextExcludes(repoRoot, app),
      ignoreMode: IgnoreMode.DOCKER,
      platform: ecrAssets.Platform.LINUX_AMD64,
      ...(target === undefined ? {} : { target }),
    });
    this.ingest = lambda.DockerImageCode.fromImageAsset(repoRoot, options('ingest'));
    this.preprocess = lambda.DockerImageCode.fromImageAsset(repoRoot, options('preprocess'));
    this.infer = lambda.DockerImageCode.fromImageAsset(repoRoot, options('infer', 'lambda'));
    this.monitor = lambda.DockerImageCode.fromImageAsset(repoRoot, options('monitor'));
    this.train = new ecrAssets.DockerImageAsset(this, 'Train', { directory: repoRoot, ...options('train') });
    this.endpoint = new ecrAssets.DockerImageAsset(this, 'Endpoint', {
      directory: repoRoot,
      ...options('infer', 'sagemaker'),
    });
  }
}
