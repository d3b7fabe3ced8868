export { CfError, ERROR_KINDS, isCfError, type ErrorKind } from './errors';
export { mulberry32, nextSeed, seededPermutation, shuffleInPlace, type Prng } from './prng';
