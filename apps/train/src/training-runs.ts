import type { EpochProgress, TrainingParameters } from '@cf/forecasting';
import type { HeldOutEvaluation } from '@cf/model';
import { BusyError, describeError, type Logger } from '@cf/service';
import type { TrainJobResult } from './train-job';

/** Starts one training; the hooks report progress and stop it. */
export type StartTraining = (
  parameters: TrainingParameters,
  hooks: { readonly onEpoch: (report: EpochProgress) => void; readonly signal: AbortSignal },
) => Promise<TrainJobResult>;

/** The last epoch a run finished. */
export type RunProgress = EpochProgress;

/** A run as `GET /runs/:id` shows it. */
export interface RunView {
  readonly id: string;
  readonly status: 'running' | 'succeeded' | 'failed';
  readonly parameters: TrainingParameters;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly progress?: RunProgress;
  readonly result?: {
    readonly version: string;
    readonly location: string;
    readonly model: string;
    readonly chosen: Readonly<Record<string, number>>;
    readonly evaluation: HeldOutEvaluation;
  };
  readonly error?: { readonly code: string; readonly kind: string; readonly message: string };
}

/** Options of {@link TrainingRuns}. */
export interface TrainingRunsOptions {
  readonly start: StartTraining;
  readonly clock: () => Date;
  readonly logger: Logger;
  /** Finished runs remembered for `GET /runs/:id`; default 20. */
  readonly keep?: number;
}

/**
 * The server's trainings: at most one running at a time (another start throws `BusyError`, HTTP 409), its
 * progress updated every epoch, and the last few finished runs kept in memory.
 */
export class TrainingRuns {
  private readonly runs = new Map<string, RunView>();
  private running:
    { readonly id: string; readonly controller: AbortController; done: Promise<void> } | undefined;
  private sequence = 0;

  constructor(private readonly options: TrainingRunsOptions) {}

  /** Starts a run in the background and returns its view; throws `BusyError` while another runs. */
  begin(parameters: TrainingParameters): RunView {
    if (this.running !== undefined) {
      throw new BusyError(
        `training run '${this.running.id}' is in progress; one run at a time, try again when it ends`,
      );
    }
    const startedAt = this.options.clock();
    this.sequence += 1;
    const id = `run-${startedAt
      .toISOString()
      .replace(/\.\d{3}Z$/, 'Z')
      .replace(/[-:]/g, '')}-${this.sequence}`;
    this.save({ id, status: 'running', parameters, startedAt: startedAt.toISOString() });
    const running = { id, controller: new AbortController(), done: Promise.resolve() };
    this.running = running;
    running.done = this.execute(id, parameters, running.controller.signal);
    return this.get(id) as RunView;
  }

  /** The running run, else the latest one; `undefined` before the first. */
  current(): RunView | undefined {
    if (this.running !== undefined) return this.runs.get(this.running.id);
    return [...this.runs.values()].pop();
  }

  get(id: string): RunView | undefined {
    return this.runs.get(id);
  }

  /** Resolves when no run is in progress. */
  async settled(): Promise<void> {
    await this.running?.done;
  }

  /** Stops the running run (after its current batch) and waits for it to end. */
  async close(reason: Error): Promise<void> {
    this.running?.controller.abort(reason);
    await this.settled();
  }

  private async execute(id: string, parameters: TrainingParameters, signal: AbortSignal): Promise<void> {
    const update = (patch: Partial<RunView>) => this.save({ ...(this.runs.get(id) as RunView), ...patch });
    try {
      const result = await this.options.start(parameters, {
        onEpoch: (progress) => update({ progress }),
        signal,
      });
      update({
        status: 'succeeded',
        finishedAt: this.options.clock().toISOString(),
        result: {
          version: result.version,
          location: result.location,
          model: result.metadata.model,
          chosen: result.metadata.fit.chosen,
          evaluation: result.metadata.evaluation,
        },
      });
      this.options.logger.info(
        { run: id, version: result.version, location: result.location },
        'training run succeeded',
      );
    } catch (error) {
      const described = describeError(error);
      update({ status: 'failed', finishedAt: this.options.clock().toISOString(), error: described });
      this.options.logger.error({ run: id, ...described }, 'training run failed');
    } finally {
      if (this.running?.id === id) this.running = undefined;
    }
  }

  private save(view: RunView): void {
    this.runs.delete(view.id);
    this.runs.set(view.id, view);
    const keep = this.options.keep ?? 20;
    for (const old of [...this.runs.keys()]) {
      if (this.runs.size <= keep) break;
      if (old !== this.running?.id) this.runs.delete(old);
    }
  }
}
