export * from './errors';
export * from './keys';
export * from './object-store';
