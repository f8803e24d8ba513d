import { replaceUnreadable } from '#domain/text';
import { WELCOME_TEMPLATE } from './templates/welcome.ts';

export interface WelcomeEmailValues {
  givenName: string;
  familyName: string;
  orgName: string;
  email: string;
  signInUrl: string;
}

export interface RenderedEmail {
  subject: string;
  html: string;
  text: string;
}

export type EmailTemplate = RenderedEmail;

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}

/**
 * Replaces characters that are invalid in human-readable text (line breaks,
 * other controls, bidirectional formatting characters, unpaired surrogates)
 * with spaces. Validation keeps them out of stored names, so this only guards
 * values stored before it, or that reach the mailer some other way: in a
 * subject they would break the header, and in the text body a name could
 * start new lines of its own.
 */
function plainText(value: string): string {
  return replaceUnreadable(value, ' ');
}

function singleLine(value: string): string {
  return plainText(value).trim();
}

function fill(template: string, values: WelcomeEmailValues, encode: (value: string) => string): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (_match, name: string) => {
    if (!Object.hasOwn(values, name)) {
      throw new Error(`The welcome email template uses the unknown placeholder {{${name}}}; use one of ${Object.keys(values).join(', ')}.`);
    }
    return encode(values[name as keyof WelcomeEmailValues]);
  });
}

/**
 * Builds the sign-in link from the configured base URL, with the org id and
 * the user's email as `login_hint` (the OpenID Connect name), so the sign-in
 * page can start with the right org and address.
 */
export function signInLink(baseUrl: string, orgId: string, email: string): string {
  const url = new URL(baseUrl);
  url.searchParams.set('org', orgId);
  url.searchParams.set('login_hint', email);
  return url.toString();
}

/** Renders the welcome email; values are HTML-escaped in the HTML body and stripped of unreadable characters in the subject and text body. */
export function renderWelcomeEmail(values: WelcomeEmailValues, template: EmailTemplate = WELCOME_TEMPLATE): RenderedEmail {
  return {
    subject: singleLine(fill(template.subject, values, singleLine)),
    html: fill(template.html, values, escapeHtml),
    text: fill(template.text, values, plainText),
  };
}
