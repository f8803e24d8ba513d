import * as z from 'zod';
import { INTEGRATIONS } from '#domain/integrations';
import { readableTextProblem } from '#domain/text';
import { ROLES, USER_STATUSES } from '#domain/user';

/** Schemas of the admin API. Handlers validate with them, and the API description is generated from them. */

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

export const id = (what: string) => z.string().regex(ULID, `Must be a ${what} id: 26 characters of Crockford base32, as returned by the API.`);

export const email = z
  .string()
  .trim()
  .max(254, 'Must be at most 254 characters.')
  .pipe(z.email('Must be a valid email address such as ann@example.com.'));

/** Adds the human-readable text rule (no control, bidirectional formatting or separator characters, no unpaired surrogates). */
export function readableText<T extends z.ZodString>(schema: T): T {
  return schema.superRefine((value, context) => {
    const problem = readableTextProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: `Invalid: ${problem}.` });
  });
}

export const personName = readableText(
  z
    .string()
    .trim()
    .min(1, 'Must not be empty.')
    .max(100, 'Must be at most 100 characters.'),
);

export const userIdParams = z.object({ userId: id('user') });

/** Body of a POST that takes no input: an empty body or `{}`; any field is rejected rather than ignored. */
export const emptyBody = z.object({}).strict();

const LIMIT_MESSAGE = 'Must be a whole number from 1 to 100, written in digits.';

/** A page size in a query string: digits only, so `1e2`, `0x10` and `5.0` are rejected instead of coerced. */
export const pageLimit = z
  .string(LIMIT_MESSAGE)
  .regex(/^[0-9]{1,3}$/, LIMIT_MESSAGE)
  .transform(Number)
  .pipe(z.number().int().min(1, LIMIT_MESSAGE).max(100, LIMIT_MESSAGE))
  .default(50);

const booleanQuery = z.enum(['true', 'false'], 'Must be true or false.').transform((value) => value === 'true');

export const listUsersQuery = z
  .object({
    limit: pageLimit
      .meta({ description: 'Maximum number of users on the page.' }),
    cursor: z.string().max(1024).optional().meta({ description: 'The `nextCursor` of the previous page; omit for the first page.' }),
    role: z.enum(ROLES, `Must be one of ${ROLES.join(', ')}.`).optional().meta({ description: 'Only users with this role.' }),
    status: z
      .enum(USER_STATUSES, `Must be one of ${USER_STATUSES.join(', ')}.`)
      .optional()
      .meta({ description: 'Only users in this status; without it, everyone who is not deleted.' }),
    needsSync: booleanQuery.optional().meta({ description: 'true: only users marked Need Sync for at least one integration; false: only users with no mark.' }),
  })
  .strict();

export const createUserBody = z
  .object({
    email,
    givenName: personName,
    familyName: personName,
    role: z.enum(ROLES, `Must be one of ${ROLES.join(', ')}.`).optional(),
    sendWelcomeEmail: z.boolean('Must be true or false.').optional(),
  })
  .strict();

export const updateUserBody = z
  .object({
    email: email.optional(),
    givenName: personName.optional(),
    familyName: personName.optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, { message: 'Send at least one of email, givenName, familyName.', path: ['body'] });

export const userIdsBody = z
  .object({
    userIds: z.array(id('user'), 'Must be an array of user ids.').min(1, 'Must list at least one user id.').max(100, 'Must list at most 100 user ids.'),
  })
  .strict();

export const updateSettingsBody = z
  .object({
    welcomeEmailsDefault: z.boolean('Must be true or false.').optional(),
    autoBackfill: z.boolean('Must be true or false.').optional(),
    adminGroupName: readableText(z.string('Must be a string, or null to clear it.').trim().min(1, 'Must not be empty; send null to clear it.').max(256, 'Must be at most 256 characters.'))
      .nullable()
      .optional(),
  })
  .strict()
  .refine((body) => Object.keys(body).length > 0, {
    message: 'Send at least one of welcomeEmailsDefault, autoBackfill, adminGroupName.',
    path: ['body'],
  });

export const welcomeEmailState = z.discriminatedUnion('status', [
  z.object({ status: z.literal('not_requested') }),
  z.object({ status: z.literal('queued'), requestId: z.string(), queuedAt: z.string() }),
  z.object({ status: z.literal('sent'), requestId: z.string(), sentAt: z.string(), messageId: z.string() }),
  z.object({ status: z.literal('failed'), requestId: z.string(), failedAt: z.string(), reason: z.string() }),
]);

export const userResource = z.object({
  id: z.string(),
  email: z.string(),
  givenName: z.string(),
  familyName: z.string(),
  role: z.enum(ROLES),
  status: z.enum(USER_STATUSES),
  needsSync: z.array(z.enum(INTEGRATIONS)),
  welcomeEmail: welcomeEmailState,
  externalId: z.string().optional(),
  version: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().optional(),
});

export const apiTokenBody = z
  .object({
    name: personName,
    expiresAt: z.iso.datetime({ offset: true, message: 'Must be an ISO 8601 date-time such as 2027-01-31T00:00:00Z.' }).optional(),
  })
  .strict();

export const tokenIdParams = z.object({ tokenId: id('token') });
