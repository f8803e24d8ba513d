/**
 * Returns the scheme a client used, from X-Forwarded-Proto: `http` or `https`
 * as sent (any case, first entry of a list), and `https` for anything else or
 * no header. The value ends up in URLs Roster returns, such as SCIM
 * `meta.location`, so a client-chosen scheme like `javascript` must not pass.
 */
export function forwardedProtocol(header: string | undefined): 'http' | 'https' {
  const first = header?.split(',')[0]?.trim().toLowerCase();
  return first === 'http' ? 'http' : 'https';
}
