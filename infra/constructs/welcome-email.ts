import { ArnFormat } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { CloudWatchDimensionSource, ConfigurationSet, EmailSendingEvent, EventDestination } from 'aws-cdk-lib/aws-ses';
import { WORKERS } from '../../functions/workers.ts';
import type { ServiceContext } from '../stacks/service-stack.ts';

/** SES auto-tags every message with its configuration set under this name; metrics per set use it as their dimension. */
export const SES_CONFIGURATION_SET_DIMENSION = 'ses:configuration-set';

/** The bare address of a sender such as `Roster <no-reply@example.com>`. */
export function senderEmail(senderAddress: string): string {
  const bare = /<([^<>]+)>\s*$/.exec(senderAddress)?.[1] ?? senderAddress;
  if (!/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(bare.trim())) {
    throw new Error(`roster:senderAddress "${senderAddress}" is not an email address; use no-reply@example.com or "Roster <no-reply@example.com>".`);
  }
  return bare.trim();
}

/**
 * Adds the SES configuration set, the identity grant and the mailer settings
 * for welcome emails. Every function whose worker definition has `sendsEmail`
 * may call ses:SendEmail, and only from the sender address, through the
 * verified identity and this configuration set. The identity is the sender's
 * domain, unless CDK context `roster:senderIdentity` names another verified
 * identity (for example the full address, when only that address is verified).
 * Returns the configuration set, whose metrics the monitoring alarms watch.
 */
export function addWelcomeEmail(context: ServiceContext): { configurationSet: ConfigurationSet } {
  const { scope, config, functions } = context;
  const from = senderEmail(config.senderAddress);
  const identity = String(scope.node.tryGetContext('roster:senderIdentity') ?? from.split('@')[1]);
  if (!URL.canParse(config.signInUrl) || !config.signInUrl.startsWith('https://')) {
    throw new Error(`roster:signInUrl "${config.signInUrl}" is not an https URL; set it to the page where users sign in, such as https://app.example.com/sign-in.`);
  }

  // Reputation metrics give the set's bounce and complaint rates, and the event destination counts its
  // bounces, complaints, rejects and rendering failures. Both carry the dimension ses:configuration-set.
  const configurationSet = new ConfigurationSet(scope, 'WelcomeEmailConfigurationSet', { reputationMetrics: true });
  configurationSet.addEventDestination('CloudWatch', {
    destination: EventDestination.cloudWatchDimensions([
      { name: SES_CONFIGURATION_SET_DIMENSION, source: CloudWatchDimensionSource.MESSAGE_TAG, defaultValue: configurationSet.configurationSetName },
    ]),
    events: [EmailSendingEvent.BOUNCE, EmailSendingEvent.COMPLAINT, EmailSendingEvent.REJECT, EmailSendingEvent.RENDERING_FAILURE],
  });
  const sendEmail = new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [
      scope.formatArn({ service: 'ses', resource: 'identity', resourceName: identity, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
      scope.formatArn({ service: 'ses', resource: 'configuration-set', resourceName: configurationSet.configurationSetName, arnFormat: ArnFormat.SLASH_RESOURCE_NAME }),
    ],
    conditions: { StringEquals: { 'ses:FromAddress': from } },
  });

  for (const worker of WORKERS.filter((definition) => definition.sendsEmail)) {
    const fn = functions.get(worker.handler);
    if (!fn) throw new Error(`Worker ${worker.handler} sends email but the service stack built no function for it.`);
    fn.addToRolePolicy(sendEmail);
    fn.addEnvironment('ROSTER_SENDER_ADDRESS', config.senderAddress);
    fn.addEnvironment('ROSTER_SIGN_IN_URL', config.signInUrl);
    fn.addEnvironment('ROSTER_SES_CONFIGURATION_SET', configurationSet.configurationSetName);
  }
  return { configurationSet };
}
