import { roleChangeHandler } from './set-roles.ts';

export const handler = roleChangeHandler('admin');
