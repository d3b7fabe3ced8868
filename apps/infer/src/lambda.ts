import { createInferHandler } from './handler';

/** The scheduled Lambda entry (`lambda.handler`): forecasts every configured symbol into the store. */
export const handler = createInferHandler(process.env);
