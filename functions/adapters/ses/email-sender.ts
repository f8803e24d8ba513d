import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';

export interface OutgoingEmail {
  from: string;
  to: string;
  subject: string;
  html: string;
  text: string;
}

/** Sends email through SES v2 as simple content (subject, HTML and text parts; SES builds the MIME message). */
export class SesEmailSender {
  constructor(
    private readonly client: SESv2Client,
    /** SES configuration set that receives the sending events; unset locally. */
    private readonly configurationSetName?: string,
  ) {}

  /** Sends one email and returns the SES message id. Errors are the SDK's, after its own retries. */
  async send(email: OutgoingEmail): Promise<string> {
    const output = await this.client.send(
      new SendEmailCommand({
        FromEmailAddress: email.from,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: { Html: { Data: email.html, Charset: 'UTF-8' }, Text: { Data: email.text, Charset: 'UTF-8' } },
          },
        },
        ...(this.configurationSetName ? { ConfigurationSetName: this.configurationSetName } : {}),
      }),
    );
    if (!output.MessageId) throw new Error('SES accepted the email but returned no message id.');
    return output.MessageId;
  }
}
