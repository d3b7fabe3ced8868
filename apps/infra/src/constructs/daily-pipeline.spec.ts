import {
  logicalIdOf,
  resourcesOf,
  stateMachineDefinition,
  synthPlatform,
  type StateMachineDefinition,
  type SynthesizedPlatform,
} from '../testing/synth-platform';

let platform: SynthesizedPlatform;
let definition: StateMachineDefinition;
beforeAll(() => {
  platform = synthPlatform();
  definition = stateMachineDefinition(platform.template, 'DailyStateMachine');
}, 120_000);

/** The states from StartAt, following `Next` until a state ends the execution. */
function happyPath(machine: StateMachineDefinition): string[] {
  const path: string[] = [];
  let name: string | undefined = machine.StartAt;
  while (name !== undefined) {
    path.push(name);
    name = machine.States[name].Next;
  }
  return path;
}

describe('the daily pipeline', () => {
  it('runs ingest, preprocess, infer and monitor one after the other, each with its event', () => {
    const fn = (prefix: string) => `<${logicalIdOf(platform.template, 'AWS::Lambda::Function', prefix)}.Arn>`;

    expect(happyPath(definition)).toEqual(['Ingest', 'Preprocess', 'Infer', 'Monitor', 'Done']);
    expect(definition.States['Done'].Type).toBe('Succeed');
    const expected = [
      ['Ingest', 'IngestFunction', { mode: 'daily' }],
      ['Preprocess', 'PreprocessFunction', {}],
      ['Infer', 'InferFunction', {}],
      ['Monitor', 'MonitorFunction', {}],
    ] as const;
    for (const [state, prefix, payload] of expected) {
      expect(definition.States[state]).toMatchObject({
        Type: 'Task',
        Resource: 'arn:<AWS::Partition>:states:::lambda:invoke',
        Parameters: { FunctionName: fn(prefix), Payload: payload },
        ResultPath: null,
      });
    }
  });

  it('retries each stage (service errors, throttling, then any error twice); on a final failure still runs the monitor, then reports', () => {
    for (const stage of ['Ingest', 'Preprocess', 'Infer', 'Monitor']) {
      const state = definition.States[stage];
      const retry = state.Retry ?? [];
      expect(retry.map((r) => r.ErrorEquals)).toEqual([
        [
          'Lambda.ClientExecutionTimeoutException',
          'Lambda.ServiceException',
          'Lambda.AWSLambdaException',
          'Lambda.SdkClientException',
        ],
        ['Lambda.TooManyRequestsException'],
        ['States.ALL'],
      ]);
      expect(retry[1]).toMatchObject({ IntervalSeconds: 30, MaxAttempts: 40, BackoffRate: 1 });
      expect(retry[2]).toMatchObject({ IntervalSeconds: 120, MaxAttempts: 2, BackoffRate: 2 });
      expect(state.Catch).toEqual([
        { ErrorEquals: ['States.ALL'], Next: `${stage} failed`, ResultPath: '$.error' },
      ]);
      // The failure path: name the stage, run the monitor anyway (unless it failed), publish, fail the execution.
      expect(definition.States[`${stage} failed`]).toMatchObject({
        Type: 'Pass',
        Parameters: { step: stage.toLowerCase(), 'error.$': '$.error' },
        Next: stage === 'Monitor' ? 'Notify failure' : 'Monitor after a failure',
      });
    }
    expect(definition.States['Monitor after a failure']).toMatchObject({
      Type: 'Task',
      Parameters: {
        FunctionName: `<${logicalIdOf(platform.template, 'AWS::Lambda::Function', 'MonitorFunction')}.Arn>`,
        Payload: {},
      },
      ResultPath: null,
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Notify failure', ResultPath: '$.monitorError' }],
      Next: 'Notify failure',
    });
    expect(definition.States['Monitor after a failure'].Retry?.map((r) => r.ErrorEquals[0])).toEqual([
      'Lambda.ClientExecutionTimeoutException',
      'Lambda.TooManyRequestsException',
      'States.ALL',
    ]);
    expect(definition.States['Notify failure']).toMatchObject({
      Type: 'Task',
      Resource: 'arn:<AWS::Partition>:states:::sns:publish',
      Parameters: { TopicArn: `<${logicalIdOf(platform.template, 'AWS::SNS::Topic', 'Alerts')}>` },
      Next: 'Pipeline failed',
    });
    expect(definition.States['Pipeline failed']).toEqual({
      Type: 'Fail',
      ErrorPath: '$.error.Error',
      CausePath: '$.error.Cause',
    });
  });

  it('is started every day at 00:15 UTC by EventBridge Scheduler, and logs and traces every execution', () => {
    const machine = logicalIdOf(platform.template, 'AWS::StepFunctions::StateMachine', 'DailyStateMachine');

    platform.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(15 0 * * ? *)',
      ScheduleExpressionTimezone: 'Etc/UTC',
      State: 'ENABLED',
      FlexibleTimeWindow: { Mode: 'OFF' },
      Target: {
        Arn: { Ref: machine },
        Input: JSON.stringify({ trigger: 'schedule', scheduledTime: '<aws.scheduler.scheduled-time>' }),
        RetryPolicy: { MaximumRetryAttempts: 3, MaximumEventAgeInSeconds: 21_600 },
      },
    });
    expect(
      resourcesOf(platform.template, 'AWS::StepFunctions::StateMachine')[machine].Properties,
    ).toMatchObject({
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: { Level: 'ALL', IncludeExecutionData: false },
    });
  });

  it('follows the schedule given as context', () => {
    const custom = synthPlatform({ schedule: 'cron(30 1 * * ? *)' });

    custom.template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(30 1 * * ? *)',
    });
  });
});
