import { fromEnv } from '@aws-sdk/credential-provider-env';
import { fromHttp } from '@aws-sdk/credential-provider-http';
import type { AwsCredentialIdentityProvider } from '@smithy/types';

type ProviderInit = NonNullable<Parameters<typeof fromEnv>[0]> & NonNullable<Parameters<typeof fromHttp>[0]>;

/**
 * Replaces `@aws-sdk/credential-provider-node` in the Lambda bundles only (an
 * esbuild alias in ROSTER_BUNDLING); tests and the local stack keep the SDK's chain.
 * Lambda passes the function role's credentials in AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN, the first source the SDK's chain
 * tries too. The chain's other sources (SSO, shared config files, web identity,
 * credential processes) bring STS and SSO clients, about 100 KB minified per
 * bundle, that never run on Lambda. A container credentials endpoint
 * (AWS_CONTAINER_CREDENTIALS_FULL_URI or _RELATIVE_URI) remains the fallback.
 * NOTE: @aws-sdk/credential-provider-env and -http are the SDK clients' own
 * dependencies, not listed in package.json; they move with the SDK version.
 */
export const defaultProvider = (init: ProviderInit = {}): AwsCredentialIdentityProvider => {
  const fromEnvironment = fromEnv(init);
  return async (properties) => {
    try {
      return await fromEnvironment(properties);
    } catch (error) {
      // fromHttp throws as soon as it is built without an endpoint, so it is built only when one is set.
      const containerEndpoint = process.env.AWS_CONTAINER_CREDENTIALS_FULL_URI ?? process.env.AWS_CONTAINER_CREDENTIALS_RELATIVE_URI;
      if (!containerEndpoint) throw error;
      return fromHttp(init)(properties);
    }
  };
};
