import { Duration, RemovalPolicy, Stack, TimeZone } from 'aws-cdk-lib';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as schedulerTargets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import * as tasks from 'aws-cdk-lib/aws-stepfunctions-tasks';
import { Construct } from 'constructs';
import { acknowledge, REASONS, wildcardResource } from './acknowledge';

/** The functions the pipeline runs, in order, and where a failure is reported. */
export interface DailyPipelineProps {
  readonly ingest: lambda.IFunction;
  readonly preprocess: lambda.IFunction;
  readonly infer: lambda.IFunction;
  readonly monitor: lambda.IFunction;
  readonly alerts: sns.ITopic;
  /** EventBridge Scheduler expression, UTC. */
  readonly schedule: string;
  readonly logRetention: logs.RetentionDays;
}

/** The stages, in the order they run, with the event each function receives. */
export const DAILY_STAGES = [
  { id: 'Ingest', key: 'ingest', payload: { mode: 'daily' } },
  { id: 'Preprocess', key: 'preprocess', payload: {} },
  { id: 'Infer', key: 'infer', payload: {} },
  { id: 'Monitor', key: 'monitor', payload: {} },
] as const;

/**
 * The daily run: a Step Functions state machine that invokes ingest, preprocess, infer and monitor one after
 * the other (each starts only when the one before succeeded), started by an EventBridge Scheduler schedule.
 * Each stage is retried (every job is idempotent): throttling (preprocess and monitor run one at a time)
 * every 30 s for up to about 20 minutes, any other error twice after 2 and 4 minutes. When a stage still
 * fails, the monitor runs anyway (unless it was the one failing), then the stage and the reason are published
 * to the alerts topic and the execution ends as failed (which the stack's alarm also reports).
 */
export class DailyPipeline extends Construct {
  readonly stateMachine: sfn.StateMachine;
  readonly schedule: scheduler.Schedule;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: DailyPipelineProps) {
    super(scope, id);
    const stackName = Stack.of(this).stackName;
    const notify = new tasks.SnsPublish(this, 'Notify failure', {
      topic: props.alerts,
      subject: sfn.JsonPath.format(`${stackName} pipeline failed: {}`, sfn.JsonPath.stringAt('$.step')),
      message: sfn.TaskInput.fromText(
        sfn.JsonPath.format(
          'The daily pipeline stopped at {} after its retries.\nError: {}\nCause: {}\nExecution: {}',
          sfn.JsonPath.stringAt('$.step'),
          sfn.JsonPath.stringAt('$.error.Error'),
          sfn.JsonPath.stringAt('$.error.Cause'),
          sfn.JsonPath.executionId,
        ),
      ),
      resultPath: sfn.JsonPath.DISCARD,
    });
    notify.next(
      new sfn.Fail(this, 'Pipeline failed', { errorPath: '$.error.Error', causePath: '$.error.Cause' }),
    );

    const invoke = (stateId: string, fn: lambda.IFunction, payload: Record<string, unknown>) =>
      new tasks.LambdaInvoke(this, stateId, {
        lambdaFunction: fn,
        payload: sfn.TaskInput.fromObject(payload),
        // Each function's report goes to its own log; the state only carries the schedule's input.
        resultPath: sfn.JsonPath.DISCARD,
        retryOnServiceExceptions: true,
      })
        .addRetry({
          errors: ['Lambda.TooManyRequestsException'],
          interval: Duration.seconds(30),
          maxAttempts: 40,
          backoffRate: 1,
        })
        .addRetry({
          errors: [sfn.Errors.ALL],
          interval: Duration.minutes(2),
          maxAttempts: 2,
          backoffRate: 2,
        });
    // The monitor still runs after an earlier stage failed: its evaluation, alerts (stale data) and retraining
    // do not need today's forecasts, and on a new deployment it is what trains the first model, without which
    // infer fails. Its own failure is recorded beside the first one.
    const monitorAnyway = invoke('Monitor after a failure', props.monitor, { ...DAILY_STAGES[3].payload })
      .addCatch(notify, { resultPath: '$.monitorError' })
      .next(notify);
    const stages = DAILY_STAGES.map(({ id: stageId, key, payload }) =>
      invoke(stageId, props[key], payload).addCatch(
        new sfn.Pass(this, `${stageId} failed`, { parameters: { step: key, 'error.$': '$.error' } }).next(
          key === 'monitor' ? notify : monitorAnyway,
        ),
        { resultPath: '$.error' },
      ),
    );
    const [first, ...rest] = stages;
    let chain: sfn.Chain = sfn.Chain.start(first);
    for (const stage of rest) chain = chain.next(stage);
    chain = chain.next(new sfn.Succeed(this, 'Done'));

    this.logGroup = new logs.LogGroup(this, 'Logs', {
      logGroupName: `/aws/vendedlogs/states/${stackName}-daily-pipeline`,
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      comment: 'ingest -> preprocess -> infer -> monitor, once a day',
      definitionBody: sfn.DefinitionBody.fromChainable(chain),
      timeout: Duration.hours(3),
      tracingEnabled: true,
      logs: { destination: this.logGroup, level: sfn.LogLevel.ALL, includeExecutionData: false },
    });
    acknowledge(this.stateMachine, {
      [wildcardResource(this, '*')]: REASONS.stateMachineLogsAndTracing,
      ...Object.fromEntries(
        DAILY_STAGES.map(({ key }) => [
          wildcardResource(this, `${props[key].functionArn}:*`),
          "CDK's LambdaInvoke task also grants the function's versions and aliases (<function ARN>:*); only these four functions",
        ]),
      ),
    });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      description: 'Starts the daily pipeline',
      schedule: scheduler.ScheduleExpression.expression(props.schedule, TimeZone.ETC_UTC),
      target: new schedulerTargets.StepFunctionsStartExecution(this.stateMachine, {
        input: scheduler.ScheduleTargetInput.fromObject({
          trigger: 'schedule',
          scheduledTime: scheduler.ContextAttribute.scheduledTime,
        }),
        retryAttempts: 3,
        maxEventAge: Duration.hours(6),
      }),
    });
  }
}
