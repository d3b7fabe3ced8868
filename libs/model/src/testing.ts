// Test fixtures of @cf/model for other projects' tests (`@cf/model/testing`). Tests only: reads sample files.
export {
  TINY_PARAMETERS,
  writeDatasets,
  writeModelVersionFixture,
  writeSampleDatasets,
  type ModelVersionFixtureOptions,
} from './testing/model-version-fixture';
