export * from './candle';
export * from './days';
export * from './forecast';
export * from './manifest';
export * from './raw-envelope';
