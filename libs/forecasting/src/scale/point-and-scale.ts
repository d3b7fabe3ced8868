import type { Forecaster, ModelFiles } from '../forecaster';

const POINT = 'point/';
// The point part of each combined forecaster, so a warm start continues the point part of the earlier fit.
const POINT_PARTS = new WeakMap<Forecaster, Forecaster>();
const SCALE = 'scale/';

/** The files of a `POINT+SCALE` version, split back into each part's own (`point/...`, `scale/...`). */
export function splitRecipeFiles(files: ModelFiles): {
  readonly point: ModelFiles;
  readonly scale: ModelFiles;
} {
  const part = (prefix: string) =>
    new Map(
      [...files]
        .filter(([name]) => name.startsWith(prefix))
        .map(([name, bytes]) => [name.slice(prefix.length), bytes] as const),
    );
  return { point: part(POINT), scale: part(SCALE) };
}

/**
 * A `POINT+SCALE` recipe as one forecaster: the point kind forecasts the path, the scale kind the ranges around
 * it. Each origin's quantiles of the cumulative log return are the scale kind's, shifted by the point path's
 * cumulative log return `Σ ln(1 + r_k)` (naive-empirical's keep their own centre and are shifted the same way,
 * so `persistence+naive-empirical` is exactly the naive ranges). Both parts fit on the same history and cut-off,
 * and are saved side by side (`point/...`, `scale/...`).
 *
 * @example
 * const model = combinePointAndScale('persistence+garch', persistence, garch);
 */
export function combinePointAndScale(name: string, point: Forecaster, scale: Forecaster): Forecaster {
  const combined: Forecaster = {
    name,
    horizon: point.horizon,
    inputDays: Math.max(point.inputDays, scale.inputDays),
    historyDays: Math.max(point.historyDays, scale.historyDays),
    minTrainDays: Math.max(point.minTrainDays, scale.minTrainDays),
    capabilities: {
      quantileLevels: scale.capabilities.quantileLevels,
      warmStart: point.capabilities.warmStart,
      tensorflow: point.capabilities.tensorflow || scale.capabilities.tensorflow,
    },
    async fit(history, context) {
      const warm = context.warmStart === undefined ? undefined : POINT_PARTS.get(context.warmStart);
      const { warmStart: _given, ...rest } = context;
      const pointReport = await point.fit(history, warm === undefined ? rest : { ...rest, warmStart: warm });
      const scaleReport = await scale.fit(history, { cutoff: context.cutoff });
      const symbols = pointReport.symbols.filter((s) => scaleReport.symbols.includes(s));
      return {
        symbols,
        dataFrom: pointReport.dataFrom < scaleReport.dataFrom ? pointReport.dataFrom : scaleReport.dataFrom,
        dataThrough:
          pointReport.dataThrough > scaleReport.dataThrough
            ? pointReport.dataThrough
            : scaleReport.dataThrough,
        chosen: pointReport.chosen,
        details: { point: pointReport.details, scale: scaleReport.details },
      };
    },
    async predict(origins) {
      const paths = await point.predict(origins);
      const ranges = await scale.predict(origins);
      return paths.map((path, i) => {
        let cumulative = 0;
        const centres = path.returns.map((r) => (cumulative += Math.log1p(r)));
        const quantiles = ranges[i].logReturnQuantiles ?? [];
        return {
          returns: path.returns,
          logReturnQuantiles: quantiles.map((byDay) => byDay.map((q, day) => centres[day] + q)),
        };
      });
    },
    inputWarnings: (origin, limit) => point.inputWarnings(origin, limit),
    async save() {
      const files = new Map<string, Uint8Array>();
      for (const [file, bytes] of await point.save()) files.set(`${POINT}${file}`, bytes);
      for (const [file, bytes] of await scale.save()) files.set(`${SCALE}${file}`, bytes);
      return files;
    },
    dispose() {
      point.dispose();
      scale.dispose();
    },
  };
  POINT_PARTS.set(combined, point);
  return combined;
}
