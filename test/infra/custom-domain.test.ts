import { App } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.ts';
import { synthesize, templates } from '../support/synth.ts';

const DOMAIN = 'api.roster.example.com';
const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d';

const configWith = (context: Record<string, string>) =>
  readConfig(new App({ context: { 'roster:senderAddress': 'no-reply@example.com', 'roster:signInUrl': 'https://app.example.com/sign-in', ...context } }));

describe('custom API domain', () => {
  it('is absent without context', () => {
    templates().service.resourceCountIs('AWS::ApiGatewayV2::DomainName', 0);
    templates().service.resourceCountIs('AWS::ApiGatewayV2::ApiMapping', 0);
  });

  it('maps the API to the domain', () => {
    const { service } = synthesize({ 'roster:domainName': DOMAIN, 'roster:certificateArn': CERTIFICATE });
    service.hasResourceProperties('AWS::ApiGatewayV2::DomainName', {
      DomainName: DOMAIN,
      DomainNameConfigurations: [Match.objectLike({ CertificateArn: CERTIFICATE, EndpointType: 'REGIONAL' })],
    });
    const domainId = Object.keys(service.findResources('AWS::ApiGatewayV2::DomainName'))[0]!;
    const apiId = Object.keys(service.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    service.hasResourceProperties('AWS::ApiGatewayV2::ApiMapping', {
      ApiId: { Ref: apiId },
      DomainName: { Ref: domainId },
      Stage: '$default',
    });
    service.hasOutput('ApiDomainTarget', { Value: { 'Fn::GetAtt': [domainId, 'RegionalDomainName'] } });
  });

  it('leaves the execute-api URL as an output', () => {
    const apiId = Object.keys(templates().service.findResources('AWS::ApiGatewayV2::Api'))[0]!;
    const output = templates().service.findOutputs('ApiUrl').ApiUrl;
    expect(JSON.stringify(output?.Value)).toContain(apiId);
    expect(templates().service.findOutputs('CreateOrgFunctionName').CreateOrgFunctionName).toBeDefined();
  });

  it('needs both context values', () => {
    expect(() => configWith({ 'roster:domainName': DOMAIN })).toThrow('Set both roster:domainName and roster:certificateArn');
    expect(() => configWith({ 'roster:certificateArn': CERTIFICATE })).toThrow('Set both roster:domainName and roster:certificateArn');
  });

  it('rejects an invalid domain or ARN', () => {
    expect(() => configWith({ 'roster:domainName': 'https://api.example.com', 'roster:certificateArn': CERTIFICATE })).toThrow('roster:domainName');
    expect(() => configWith({ 'roster:domainName': DOMAIN, 'roster:certificateArn': 'arn:aws:iam::123456789012:role/x' })).toThrow('roster:certificateArn');
  });

  it('reads a valid pair', () => {
    expect(configWith({ 'roster:domainName': DOMAIN, 'roster:certificateArn': CERTIFICATE }).customDomain).toEqual({ domainName: DOMAIN, certificateArn: CERTIFICATE });
  });
});
