export * from './errors';
export * from './point';
export * from './direction';
export * from './baselines';
export * from './rolling';
export * from './student-t';
export * from './incomplete-beta';
export * from './diebold-mariano';
