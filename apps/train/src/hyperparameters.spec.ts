import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { resolveTrainRequest, TRAINING_ERROR_CODES } from '@cf/model';
import { TRAIN_ERROR_CODES } from './errors';
import { HYPERPARAMETERS, parseHyperparameterStrings, trainRequestBodySchema } from './hyperparameters';

describe('hyperparameters', () => {
  it('cover every field of a training request, once each, under one name', () => {
    const fields = Object.keys(resolveTrainRequest({ units: [4] })).sort();

    expect(HYPERPARAMETERS.map((p) => p.field).sort()).toEqual(fields);
    expect(new Set(HYPERPARAMETERS.map((p) => p.name)).size).toBe(HYPERPARAMETERS.length);
    expect(Object.keys((trainRequestBodySchema()['properties'] as object) ?? {}).sort()).toEqual(fields);
  });

  it('parse strings into typed values, accepting snake_case names and lower-case symbols', () => {
    const request = parseHyperparameterStrings(
      {
        symbols: ' btc, eth ',
        window: '30',
        learning_rate: '2e-3',
        units: '16, 8',
        features: 'price-levels',
        'fit-path': 'stock',
      },
      (name) => `--${name}`,
    );

    expect(request).toMatchObject({
      symbols: ['BTC', 'ETH'],
      window: 30,
      learningRate: 2e-3,
      units: [16, 8],
      featureSet: 'price-levels',
      fitPath: 'stock',
    });
    expect(parseHyperparameterStrings({}, (name) => name)).toEqual(resolveTrainRequest({}));
  });

  it('are documented in the README, with every error code', () => {
    const readme = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

    for (const p of HYPERPARAMETERS) expect(readme).toContain(`| \`--${p.name}`);
    for (const code of [...Object.keys(TRAIN_ERROR_CODES), ...Object.keys(TRAINING_ERROR_CODES)])
      expect(readme).toContain(`| \`${code}\``);
  });
});
