import { SCHEMA_URNS } from './filter.ts';
import { MAX_RESULTS } from './list.ts';
import { MAX_PATCH_OPERATIONS } from './patch.ts';

/** Discovery resources (RFC 7644 section 4, RFC 7643 sections 5 to 7), describing what Roster supports. */

const SPC_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig';
const RESOURCE_TYPE_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:ResourceType';
const SCHEMA_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:Schema';

export function serviceProviderConfig(baseUrl: string) {
  return {
    schemas: [SPC_SCHEMA],
    patch: { supported: true },
    bulk: { supported: false, maxOperations: 0, maxPayloadSize: 0 },
    filter: { supported: true, maxResults: MAX_RESULTS },
    changePassword: { supported: false },
    sort: { supported: false },
    etag: { supported: true },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description: `A SCIM token created by an org admin with POST /v1/scim-tokens, sent as Authorization: Bearer <token>. PATCH accepts at most ${MAX_PATCH_OPERATIONS} operations.`,
        primary: true,
      },
    ],
    meta: { resourceType: 'ServiceProviderConfig', location: `${baseUrl}/ServiceProviderConfig` },
  };
}

export function resourceTypes(baseUrl: string) {
  return [
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'User',
      name: 'User',
      endpoint: '/Users',
      description: 'A Roster user; userName is the email.',
      schema: SCHEMA_URNS.user,
      schemaExtensions: [{ schema: SCHEMA_URNS.enterpriseUser, required: false }],
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/User` },
    },
    {
      schemas: [RESOURCE_TYPE_SCHEMA],
      id: 'Group',
      name: 'Group',
      endpoint: '/Groups',
      description: 'A group of Roster users; the group the org names as its admin group makes its members admins.',
      schema: SCHEMA_URNS.group,
      meta: { resourceType: 'ResourceType', location: `${baseUrl}/ResourceTypes/Group` },
    },
  ];
}

type Mutability = 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';

interface AttributeOptions {
  type?: 'string' | 'boolean' | 'complex' | 'reference' | 'dateTime';
  multiValued?: boolean;
  required?: boolean;
  caseExact?: boolean;
  mutability?: Mutability;
  uniqueness?: 'none' | 'server';
  returned?: 'always' | 'default' | 'never' | 'request';
  subAttributes?: SchemaAttribute[];
  referenceTypes?: string[];
}

interface SchemaAttribute {
  name: string;
  type: string;
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: Mutability;
  returned: string;
  uniqueness: string;
  subAttributes?: SchemaAttribute[];
  referenceTypes?: string[];
}

function attribute(name: string, description: string, options: AttributeOptions = {}): SchemaAttribute {
  return {
    name,
    type: options.type ?? 'string',
    multiValued: options.multiValued ?? false,
    description,
    required: options.required ?? false,
    caseExact: options.caseExact ?? false,
    mutability: options.mutability ?? 'readWrite',
    returned: options.returned ?? 'default',
    uniqueness: options.uniqueness ?? 'none',
    ...(options.subAttributes ? { subAttributes: options.subAttributes } : {}),
    ...(options.referenceTypes ? { referenceTypes: options.referenceTypes } : {}),
  };
}

const USER_ATTRIBUTES = [
  attribute('userName', 'The user\'s email address, unique in the org regardless of case.', { required: true, uniqueness: 'server' }),
  attribute('name', 'The user\'s name.', {
    type: 'complex',
    subAttributes: [
      attribute('givenName', 'Given name.'),
      attribute('familyName', 'Family name.'),
      attribute('formatted', 'Given and family name together.', { mutability: 'readOnly' }),
    ],
  }),
  attribute('displayName', 'Given and family name together; derived from name.', { mutability: 'readOnly' }),
  attribute('emails', 'The user\'s work email, the same address as userName.', {
    type: 'complex',
    multiValued: true,
    subAttributes: [
      attribute('value', 'The email address.'),
      attribute('type', 'Always work.'),
      attribute('primary', 'Always true.', { type: 'boolean' }),
    ],
  }),
  attribute('active', 'false suspends the user: they keep their data but lose access until set back to true.', { type: 'boolean' }),
];

const GROUP_ATTRIBUTES = [
  attribute('displayName', 'The group\'s name, unique in the org regardless of case.', { required: true, uniqueness: 'server' }),
  attribute('members', 'The users in the group.', {
    type: 'complex',
    multiValued: true,
    subAttributes: [
      attribute('value', 'The member\'s user id.', { mutability: 'immutable', caseExact: true }),
      attribute('$ref', 'The member\'s URI.', { type: 'reference', mutability: 'immutable', referenceTypes: ['User'] }),
      attribute('type', 'Always User.', { mutability: 'immutable' }),
    ],
  }),
];

const ENTERPRISE_ATTRIBUTES = [
  attribute('employeeNumber', 'Accepted and not stored.'),
  attribute('department', 'Accepted and not stored.'),
  attribute('manager', 'Accepted and not stored.', { type: 'complex', subAttributes: [attribute('value', 'The manager\'s id.')] }),
];

export function schemas(baseUrl: string) {
  const schema = (id: string, name: string, description: string, attributes: unknown[]) => ({
    schemas: [SCHEMA_SCHEMA],
    id,
    name,
    description,
    attributes,
    meta: { resourceType: 'Schema', location: `${baseUrl}/Schemas/${id}` },
  });
  return [
    schema(SCHEMA_URNS.user, 'User', 'A Roster user.', USER_ATTRIBUTES),
    schema(SCHEMA_URNS.group, 'Group', 'A group of Roster users.', GROUP_ATTRIBUTES),
    schema(SCHEMA_URNS.enterpriseUser, 'EnterpriseUser', 'Enterprise user attributes; Roster accepts them and does not store them.', ENTERPRISE_ATTRIBUTES),
  ];
}
