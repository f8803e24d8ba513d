import { inject } from 'vitest';

// Test files import adapters and handlers directly; they read the same environment the HTTP front's handlers see.
Object.assign(process.env, inject('stack').env);
