import { parseCalibrationState, type CalibrationState } from '@cf/forecasting';
import { getJson, InvalidJsonError, joinKey, putJson, type ObjectStore } from '@cf/storage';

/** Where a recipe's calibration state lives: `monitoring/calibration/{recipe}.json` (`/` spelled `_`). */
export function calibrationKey(model: string): string {
  return joinKey('monitoring', 'calibration', `${model.replace(/\//g, '_')}.json`);
}

/**
 * The stored calibration state of a recipe's ranges, or undefined when there is none yet (the nominal levels
 * apply). A state that does not parse throws `CorruptModelStateError` naming what is wrong.
 */
export async function readCalibration(
  store: ObjectStore,
  model: string,
): Promise<CalibrationState | undefined> {
  let value: unknown;
  try {
    value = await getJson<unknown>(store, calibrationKey(model));
  } catch (error) {
    if (!(error instanceof InvalidJsonError)) throw error;
    return parseCalibrationState(null, model);
  }
  return value === undefined ? undefined : parseCalibrationState(value, model);
}

/** Writes a recipe's calibration state (the monitor's daily cycle, after absorbing a day). */
export async function writeCalibration(store: ObjectStore, state: CalibrationState): Promise<void> {
  await putJson(store, calibrationKey(state.model), state);
}
