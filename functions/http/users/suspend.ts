import { transitionHandler } from './transition.ts';

export const handler = transitionHandler('suspend');
