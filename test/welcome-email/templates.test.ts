import { describe, expect, it } from 'vitest';
import { renderWelcomeEmail, signInLink } from '../../functions/workers/welcome-email/render.ts';
import { WELCOME_TEMPLATE } from '../../functions/workers/welcome-email/templates/welcome.ts';

const values = {
  givenName: 'Ann',
  familyName: 'Lee',
  orgName: 'Acme & Co',
  email: 'ann@example.com',
  signInUrl: 'https://app.example.com/sign-in?org=01KBZ6X6C7Q1V9N2M3P4R5S6T7&login_hint=ann%40example.com',
};

describe('welcome email template', () => {
  it('names the org in subject and bodies', () => {
    const email = renderWelcomeEmail(values);
    expect(email.subject).toBe('You now have access to Acme & Co on Roster');
    expect(email.text).toContain('An admin of Acme & Co has given you access');
    expect(email.html).toContain('<strong>Acme &amp; Co</strong>');
  });

  it('carries the sign-in link in both bodies', () => {
    const email = renderWelcomeEmail(values);
    expect(email.text).toContain(values.signInUrl);
    expect(email.html).toContain(`href="${values.signInUrl.replace('&', '&amp;')}"`);
  });

  it('shows markup in names as text', () => {
    const email = renderWelcomeEmail({ ...values, givenName: '<b>Ann</b>', orgName: '"Evil" <script>alert(1)</script>' });
    expect(email.html).toContain('Hello &lt;b&gt;Ann&lt;/b&gt;,');
    expect(email.html).toContain('&quot;Evil&quot; &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(email.html).not.toContain('<b>Ann</b>');
    expect(email.html).not.toContain('<script>');
    expect(email.text).toContain('Hello <b>Ann</b>,');
  });

  it('keeps the subject on one line', () => {
    const email = renderWelcomeEmail({ ...values, orgName: 'Acme\r\nBcc: victim@example.com' });
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('You now have access to Acme Bcc: victim@example.com on Roster');
  });

  it('uses only known placeholders', () => {
    expect(() => renderWelcomeEmail(values, WELCOME_TEMPLATE)).not.toThrow();
    const placeholders = Object.values(WELCOME_TEMPLATE).flatMap((part) => [...part.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]));
    expect(new Set(placeholders)).toEqual(new Set(['orgName', 'givenName', 'email', 'signInUrl']));
  });

  it('rejects an unknown placeholder', () => {
    expect(() => renderWelcomeEmail(values, { ...WELCOME_TEMPLATE, subject: 'Welcome {{firstName}}' })).toThrow('unknown placeholder {{firstName}}');
  });
});

describe('sign-in link', () => {
  it('adds org and login hint to the base URL', () => {
    expect(signInLink('https://app.example.com/sign-in', 'ORG1', 'ann+x@example.com')).toBe(
      'https://app.example.com/sign-in?org=ORG1&login_hint=ann%2Bx%40example.com',
    );
  });

  it('keeps query parameters of the base URL', () => {
    expect(signInLink('https://app.example.com/sign-in?lang=en', 'ORG1', 'a@example.com')).toBe(
      'https://app.example.com/sign-in?lang=en&org=ORG1&login_hint=a%40example.com',
    );
  });
});
