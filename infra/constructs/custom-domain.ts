import { CfnOutput } from 'aws-cdk-lib';
import { ApiMapping, DomainName } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import type { ServiceContext } from '../stacks/service-stack.ts';

/**
 * Serves the HTTP API on the custom domain from `roster:domainName`, with the
 * ACM certificate from `roster:certificateArn`. DNS stays with the operator:
 * point a CNAME (or a Route 53 alias) for the domain at the regional domain
 * name in the `ApiDomainTarget` output.
 */
export function addCustomDomain({ scope, config, api }: ServiceContext): void {
  if (!config.customDomain) return;
  const { domainName, certificateArn } = config.customDomain;
  const domain = new DomainName(scope, 'ApiDomainName', {
    domainName,
    certificate: Certificate.fromCertificateArn(scope, 'ApiCertificate', certificateArn),
  });
  new ApiMapping(scope, 'ApiMapping', { api, domainName: domain, stage: api.defaultStage! });
  new CfnOutput(scope, 'ApiDomainTarget', {
    value: domain.regionalDomainName,
    description: `Point a CNAME or alias record for ${domainName} at this name.`,
  });
  new CfnOutput(scope, 'ApiCustomUrl', { value: `https://${domainName}`, description: 'Base URL of the API on the custom domain.' });
}
