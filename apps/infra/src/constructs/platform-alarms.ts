import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as cwActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';

/**
 * The rolling 30-day MAE ratio the monitor publishes in CloudWatch's embedded metric format (one log line
 * per evaluated day; see apps/monitor's README): namespace `CryptoForecast/<stack>`, this metric name, and
 * the dimension `Symbol` (`ALL` for the pooled assets, else the asset).
 */
export const RATIO_METRIC_NAME = 'RollingMaeRatioToPersistence30d';

/** Properties of the alarms. */
export interface PlatformAlarmsProps {
  readonly functions: Readonly<Record<string, lambda.IFunction>>;
  readonly stateMachines: Readonly<Record<string, sfn.IStateMachine>>;
  readonly topic: sns.ITopic;
  readonly metricNamespace: string;
  readonly maxRatioToPersistence: number;
}

/**
 * Alarms that publish to the alerts topic: any error of a function in an hour, any failed or timed-out
 * execution of a state machine in an hour, and the live model's rolling 30-day MAE ratio to persistence (all
 * assets pooled) above the limit. Missing data is not a breach: a day without runs, or the first 30 days
 * before the monitor has enough points, stay quiet.
 */
export class PlatformAlarms extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: PlatformAlarmsProps) {
    super(scope, id);
    const action = new cwActions.SnsAction(props.topic);
    const add = (alarmId: string, alarmProps: cloudwatch.AlarmProps) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, alarmProps);
      alarm.addAlarmAction(action);
      this.alarms.push(alarm);
    };
    const hourly = { period: Duration.hours(1), statistic: cloudwatch.Stats.SUM };
    const anyInAnHour = {
      threshold: 1,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
    };
    for (const [name, fn] of Object.entries(props.functions)) {
      add(`${name}Errors`, {
        ...anyInAnHour,
        metric: fn.metricErrors(hourly),
        alarmDescription: `The ${name} function failed (its log group has the error line)`,
      });
    }
    for (const [name, machine] of Object.entries(props.stateMachines)) {
      add(`${name}Failed`, {
        ...anyInAnHour,
        metric: machine.metricFailed(hourly),
        alarmDescription: `An execution of the ${name} state machine failed`,
      });
      add(`${name}TimedOut`, {
        ...anyInAnHour,
        metric: machine.metricTimedOut(hourly),
        alarmDescription: `An execution of the ${name} state machine timed out`,
      });
    }
    add('ModelWorseThanPersistence', {
      metric: new cloudwatch.Metric({
        namespace: props.metricNamespace,
        metricName: RATIO_METRIC_NAME,
        dimensionsMap: { Symbol: 'ALL' },
        statistic: cloudwatch.Stats.MAXIMUM,
        period: Duration.days(1),
      }),
      threshold: props.maxRatioToPersistence,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: `The live model's rolling 30-day MAE is more than ${props.maxRatioToPersistence} times persistence's (all assets pooled)`,
    });
  }
}
