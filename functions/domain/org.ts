import type { Integration } from './integrations.ts';

export interface OrgSettings {
  /** Whether adding a user sends a welcome email when the request does not say. */
  welcomeEmailsDefault: boolean;
  /** Whether adding a user, or changing their email, queues their backfill at once. */
  autoBackfill: boolean;
  /** Display name of the SCIM group whose members are admins; unset means groups do not change roles. */
  adminGroupName?: string;
}

export const DEFAULT_ORG_SETTINGS: OrgSettings = {
  welcomeEmailsDefault: true,
  autoBackfill: false,
};

export interface Org {
  orgId: string;
  name: string;
  settings: OrgSettings;
  /** Connected integrations, sorted. */
  integrations: Integration[];
  /** Number of users who are both active and admin; a write that would make it 0 is rejected. */
  activeAdminCount: number;
  createdAt: string;
  updatedAt: string;
}
