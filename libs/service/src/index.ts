export * from './cli';
export * from './env';
export * from './error-mapping';
export * from './errors';
export * from './lambda';
export * from './logger';
export * from './server';
export * from './shutdown';
