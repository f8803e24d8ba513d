/**
 * The welcome email. Edit the wording here; the mailer fills each
 * `{{placeholder}}` when it sends. Available placeholders: givenName,
 * familyName, orgName, email, signInUrl. The HTML body receives every value
 * HTML-escaped, so a name such as `<b>Ann</b>` shows as text; the subject and
 * text body receive plain values. An unknown placeholder fails every send
 * (and the template test), so a typo cannot reach a user.
 */
export const WELCOME_TEMPLATE = {
  subject: 'You now have access to {{orgName}} on Roster',

  text: `Hello {{givenName}},

An admin of {{orgName}} has given you access to Roster, the sales assistant
your team uses.

Sign in with your work email, {{email}}:
{{signInUrl}}

If you did not expect this email, you can ignore it.
`,

  html: `<!doctype html>
<html lang="en">
  <body style="font-family: Arial, Helvetica, sans-serif; color: #1f2933; line-height: 1.5;">
    <p>Hello {{givenName}},</p>
    <p>An admin of <strong>{{orgName}}</strong> has given you access to Roster, the sales assistant your team uses.</p>
    <p>Sign in with your work email, {{email}}:</p>
    <p><a href="{{signInUrl}}" style="background: #2563eb; color: #ffffff; padding: 10px 18px; border-radius: 4px; text-decoration: none;">Sign in to Roster</a></p>
    <p style="font-size: 12px; color: #52606d;">Or open this link: {{signInUrl}}</p>
    <p style="font-size: 12px; color: #52606d;">If you did not expect this email, you can ignore it.</p>
  </body>
</html>
`,
};
