export * from './errors';
export * from './json';
export * from './keys';
export { DEFAULT_LIST_LIMIT, MAX_LIST_LIMIT, compareKeys } from './listing';
export * from './local-object-store';
export * from './object-store';
export * from './open-store';
export { S3ObjectStore, type S3ObjectStoreOptions } from './s3-object-store';
export * from './update-object';
