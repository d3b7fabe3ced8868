import { InvalidTrainRequestError } from './train-forecaster-errors';
import { resolveTrainRequest, TRAIN_REQUEST_DEFAULTS, type TrainRequest } from './train-forecaster-request';
import { modelVersionId } from './train-forecaster-version';

describe('resolveTrainRequest', () => {
  it('fills in the original model on the scale-free features by default', () => {
    expect(resolveTrainRequest({})).toEqual({
      symbols: [],
      featureSet: 'scale-free',
      architecture: 'lstm',
      window: 60,
      horizon: 7,
      epochs: 30,
      batchSize: 64,
      learningRate: 1e-3,
      patience: 5,
      seed: 42,
      trainFraction: 0.7,
      validationFraction: 0.15,
      fitPath: 'auto',
    });
    expect(TRAIN_REQUEST_DEFAULTS.window).toBe(60);
  });

  it('keeps given values, sorts and deduplicates symbols, and does not touch its input', () => {
    const request: TrainRequest = {
      symbols: ['SOL', 'BTC', 'SOL'],
      units: [8, 4],
      architecture: 'gru',
      featureSet: 'price-levels',
    };

    const resolved = resolveTrainRequest(request);

    expect(resolved).toMatchObject({
      symbols: ['BTC', 'SOL'],
      units: [8, 4],
      architecture: 'gru',
      featureSet: 'price-levels',
    });
    expect(request.symbols).toEqual(['SOL', 'BTC', 'SOL']);
    expect(Object.isFrozen(resolved)).toBe(true);
  });

  it.each<[TrainRequest, string, RegExp]>([
    [{ window: 1 }, 'window', /integer from 2 to 3650, got 1/],
    [{ horizon: 2.5 }, 'horizon', /got 2.5/],
    [{ epochs: 0 }, 'epochs', /got 0/],
    [{ batchSize: Number.NaN }, 'batchSize', /got NaN/],
    [{ learningRate: 0 }, 'learningRate', /in \(0, 1\]/],
    [{ patience: -1 }, 'patience', /got -1/],
    [{ seed: 2 ** 32 }, 'seed', /got 4294967296/],
    [{ trainFraction: 1 }, 'trainFraction', /in \(0, 1\)/],
    [{ trainFraction: 0.8, validationFraction: 0.2 }, 'validationFraction', /leaves no test part/],
    [{ units: [] }, 'units', /1 to 8 layer widths/],
    [{ units: [4, 0] }, 'units', /got 0/],
    [{ symbols: ['btc'] }, 'symbols', /'btc'/],
    [{ featureSet: 'levels' as never }, 'featureSet', /'levels' is not one of scale-free, price-levels/],
    [{ architecture: 'transformer' as never }, 'architecture', /lstm, gru, dense/],
    [{ fitPath: 'turbo' as never }, 'fitPath', /auto, fast, stock/],
  ])('refuses %j naming %s', (request, field, reason) => {
    const attempt = () => resolveTrainRequest(request);

    expect(attempt).toThrow(InvalidTrainRequestError);
    expect(attempt).toThrow(new RegExp(`training parameter '${field}' .*${reason.source}`));
  });
});

describe('modelVersionId', () => {
  const request = resolveTrainRequest({ symbols: ['BTC'] });

  it('is the UTC second of the clock and 8 hex digits of the request and data hash', () => {
    const id = modelVersionId(new Date('2024-02-11T12:00:00.987Z'), request, { BTC: 'aa' });

    expect(id).toMatch(/^20240211T120000Z-[0-9a-f]{8}$/);
    expect(modelVersionId(new Date('2024-02-11T12:00:00Z'), request, { BTC: 'aa' })).toBe(id);
  });

  it('changes with the request or the data, not with key order', () => {
    const at = new Date('2024-02-11T12:00:00Z');
    const id = modelVersionId(at, request, { BTC: 'aa', ETH: 'bb' });

    expect(modelVersionId(at, request, { ETH: 'bb', BTC: 'aa' })).toBe(id);
    expect(modelVersionId(at, request, { BTC: 'aa', ETH: 'bc' })).not.toBe(id);
    expect(
      modelVersionId(at, resolveTrainRequest({ symbols: ['BTC'], seed: 43 }), { BTC: 'aa', ETH: 'bb' }),
    ).not.toBe(id);
  });
});
