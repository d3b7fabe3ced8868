export { makeSineFitData, type SineFitDataOptions } from './synthetic-fit-data';
