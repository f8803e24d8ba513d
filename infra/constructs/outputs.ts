import { CfnOutput } from 'aws-cdk-lib';
import type { ServiceContext } from '../stacks/service-stack.ts';

/** Adds the stack outputs an operator needs after a deploy: the API's URL and the create-org function to invoke. */
export function addOperatorOutputs({ scope, api, functions }: ServiceContext): void {
  new CfnOutput(scope, 'ApiUrl', { value: api.apiEndpoint, description: 'Base URL of the API on its execute-api endpoint.' });
  const createOrg = functions.get('operator/create-org');
  if (createOrg) {
    new CfnOutput(scope, 'CreateOrgFunctionName', {
      value: createOrg.functionName,
      description: 'Invoke with {"name", "adminEmail"} to create an org and get its first admin token.',
    });
  }
}
