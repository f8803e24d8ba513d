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

/** Line breaks and other control characters in a subject would break the header, so they become spaces. */
function singleLine(value: string): string {
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
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

/** Renders the welcome email; values are HTML-escaped in the HTML body only. */
export function renderWelcomeEmail(values: WelcomeEmailValues, template: EmailTemplate = WELCOME_TEMPLATE): RenderedEmail {
  return {
    subject: singleLine(fill(template.subject, values, singleLine)),
    html: fill(template.html, values, escapeHtml),
    text: fill(template.text, values, (value) => value),
  };
}
