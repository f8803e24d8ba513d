import { ScimRequestError } from './errors.ts';

/** Schema URNs whose attributes may be written with the URN as a prefix (`urn:…:User:name.givenName`). */
export const SCHEMA_URNS = {
  user: 'urn:ietf:params:scim:schemas:core:2.0:User',
  group: 'urn:ietf:params:scim:schemas:core:2.0:Group',
  enterpriseUser: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
} as const;

/**
 * An attribute path: `userName`, `name.familyName`, `emails[type eq "work"].value`.
 * Names are lower-cased, because SCIM attribute names are case-insensitive.
 */
export interface AttributePath {
  /** `core`, `enterprise`, or `other` for an unknown URN prefix. */
  schema: 'core' | 'enterprise' | 'other';
  attribute: string;
  subAttribute?: string;
  valueFilter?: Filter;
}

export type CompareOperator = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type FilterValue = string | number | boolean | null;

export type Filter =
  | { type: 'and' | 'or'; left: Filter; right: Filter }
  | { type: 'not'; filter: Filter }
  | { type: 'present'; path: AttributePath }
  | { type: 'compare'; operator: CompareOperator; path: AttributePath; value: FilterValue }
  /** `emails[type eq "work"]` on its own: true when some value of the attribute matches. */
  | { type: 'valuePath'; path: AttributePath };

const COMPARE_OPERATORS = new Set<string>(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

/**
 * Splits an attribute name such as `urn:ietf:params:scim:schemas:core:2.0:User:name.givenName`
 * into its schema and the dotted name. The URN itself contains dots ("2.0"),
 * so it is removed before the name is split on dots.
 */
export function splitAttributeName(raw: string): { schema: AttributePath['schema']; names: string[] } {
  const lower = raw.toLowerCase();
  for (const [schema, urn] of [
    ['core', SCHEMA_URNS.user],
    ['core', SCHEMA_URNS.group],
    ['enterprise', SCHEMA_URNS.enterpriseUser],
  ] as const) {
    const prefix = urn.toLowerCase();
    if (lower === prefix) return { schema, names: [] };
    if (lower.startsWith(`${prefix}:`)) return { schema, names: lower.slice(prefix.length + 1).split('.') };
  }
  if (lower.startsWith('urn:')) return { schema: 'other', names: [lower] };
  return { schema: 'core', names: lower.split('.') };
}

type Token = { kind: 'word'; text: string } | { kind: 'string'; text: string } | { kind: '(' | ')' | '[' | ']' };

function invalidFilter(message: string): ScimRequestError {
  return new ScimRequestError('invalidFilter', message);
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < input.length) {
    const char = input[index]!;
    if (/\s/.test(char)) {
      index++;
    } else if (char === '(' || char === ')' || char === '[' || char === ']') {
      tokens.push({ kind: char });
      index++;
    } else if (char === '"') {
      // A JSON string: find the closing quote that is not escaped, then let JSON decode the escapes.
      let end = index + 1;
      while (end < input.length && input[end] !== '"') end += input[end] === '\\' ? 2 : 1;
      if (end >= input.length) throw invalidFilter(`The filter has an unterminated string starting at position ${index + 1}; close it with a double quote.`);
      try {
        tokens.push({ kind: 'string', text: JSON.parse(input.slice(index, end + 1)) as string });
      } catch {
        throw invalidFilter(`The filter has an invalid string at position ${index + 1}; escape quotes and backslashes as in JSON.`);
      }
      index = end + 1;
    } else {
      let end = index;
      while (end < input.length && !/[\s()[\]"]/.test(input[end]!)) end++;
      tokens.push({ kind: 'word', text: input.slice(index, end) });
      index = end;
    }
  }
  return tokens;
}

/** Longer filters and deeper nesting are rejected, so a crafted filter cannot exhaust the stack or the CPU. */
export const MAX_FILTER_LENGTH = 4096;
const MAX_NESTING = 32;

class Parser {
  private position = 0;
  private depth = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): Filter {
    if (this.tokens.length === 0) throw invalidFilter('The filter is empty; send an expression such as userName eq "ann@example.com".');
    const filter = this.orExpression();
    if (this.position < this.tokens.length) throw invalidFilter(`The filter has unexpected text after position ${this.position}: ${describe(this.tokens[this.position]!)}.`);
    return filter;
  }

  parsePathOnly(): AttributePath {
    const path = this.attributePath();
    if (this.position < this.tokens.length) throw new ScimRequestError('invalidPath', `The path has unexpected text: ${describe(this.tokens[this.position]!)}.`);
    return path;
  }

  private peekWord(): string | undefined {
    const token = this.tokens[this.position];
    return token?.kind === 'word' ? token.text.toLowerCase() : undefined;
  }

  private expect(kind: '(' | ')' | '[' | ']') {
    const token = this.tokens[this.position];
    if (token?.kind !== kind) throw invalidFilter(`The filter expects "${kind}" but found ${token ? describe(token) : 'the end'}.`);
    this.position++;
  }

  private orExpression(): Filter {
    let left = this.andExpression();
    while (this.peekWord() === 'or') {
      this.position++;
      left = { type: 'or', left, right: this.andExpression() };
    }
    return left;
  }

  private andExpression(): Filter {
    let left = this.unary();
    while (this.peekWord() === 'and') {
      this.position++;
      left = { type: 'and', left, right: this.unary() };
    }
    return left;
  }

  private unary(): Filter {
    if (++this.depth > MAX_NESTING) throw invalidFilter(`The filter nests deeper than ${MAX_NESTING} levels; simplify it.`);
    try {
      if (this.peekWord() === 'not') {
        this.position++;
        return { type: 'not', filter: this.unary() };
      }
      if (this.tokens[this.position]?.kind === '(') {
        this.position++;
        const inner = this.orExpression();
        this.expect(')');
        return inner;
      }
      return this.attributeExpression();
    } finally {
      this.depth--;
    }
  }

  private attributeExpression(): Filter {
    const path = this.attributePath();
    const operator = this.peekWord();
    if (operator === 'pr') {
      this.position++;
      return { type: 'present', path };
    }
    if (operator !== undefined && COMPARE_OPERATORS.has(operator)) {
      this.position++;
      return { type: 'compare', operator: operator as CompareOperator, path, value: this.value() };
    }
    if (path.valueFilter && path.subAttribute === undefined) return { type: 'valuePath', path };
    const next = this.tokens[this.position];
    throw invalidFilter(`The filter expects an operator (eq, ne, co, sw, ew, gt, ge, lt, le, pr) after ${formatPath(path)} but found ${next ? describe(next) : 'the end'}.`);
  }

  private attributePath(): AttributePath {
    const token = this.tokens[this.position];
    if (token?.kind !== 'word') throw invalidFilter(`The filter expects an attribute name but found ${token ? describe(token) : 'the end'}.`);
    this.position++;
    const { schema, names } = splitAttributeName(token.text);
    if (names.length === 0 || names.length > 2 || names.some((name) => name === '')) {
      throw invalidFilter(`"${token.text}" is not an attribute name; use a name such as userName or name.familyName.`);
    }
    const path: AttributePath = { schema, attribute: names[0]!, ...(names[1] === undefined ? {} : { subAttribute: names[1] }) };

    if (this.tokens[this.position]?.kind === '[' && path.subAttribute === undefined) {
      this.position++;
      path.valueFilter = this.orExpression();
      this.expect(']');
      // `emails[type eq "work"].value`: the tokenizer leaves ".value" as a word of its own.
      const after = this.tokens[this.position];
      if (after?.kind === 'word' && after.text.startsWith('.')) {
        this.position++;
        path.subAttribute = after.text.slice(1).toLowerCase();
      }
    }
    return path;
  }

  private value(): FilterValue {
    const token = this.tokens[this.position];
    if (token === undefined) throw invalidFilter('The filter ends where a comparison value is expected; quote strings, as in userName eq "ann@example.com".');
    this.position++;
    if (token.kind === 'string') return token.text;
    if (token.kind !== 'word') throw invalidFilter(`The filter expects a comparison value but found ${describe(token)}.`);
    const lower = token.text.toLowerCase();
    if (lower === 'true') return true;
    if (lower === 'false') return false;
    if (lower === 'null') return null;
    if (/^-?\d+(\.\d+)?$/.test(token.text)) return Number(token.text);
    // Some clients send string values unquoted; take the word as the string.
    return token.text;
  }
}

function describe(token: Token): string {
  return token.kind === 'word' || token.kind === 'string' ? `"${token.text}"` : `"${token.kind}"`;
}

export function formatPath(path: AttributePath): string {
  return [path.attribute, path.subAttribute].filter(Boolean).join('.');
}

/** Parses a SCIM filter (RFC 7644 section 3.4.2.2). Throws ScimRequestError `invalidFilter` on bad syntax. */
export function parseFilter(input: string): Filter {
  if (input.length > MAX_FILTER_LENGTH) throw invalidFilter(`The filter is longer than ${MAX_FILTER_LENGTH} characters; send a shorter one.`);
  return new Parser(tokenize(input)).parse();
}

/** Parses a PATCH `path` (RFC 7644 section 3.5.2). Throws ScimRequestError `invalidPath`. */
export function parsePath(input: string): AttributePath {
  try {
    return new Parser(tokenize(input)).parsePathOnly();
  } catch (error) {
    if (error instanceof ScimRequestError && error.scimType === 'invalidFilter') {
      throw new ScimRequestError('invalidPath', `The path "${input}" is invalid: ${error.message}`);
    }
    throw error;
  }
}

/** Filterable attributes of a resource type: lower-cased dotted names, and which of them compare case-exactly or as dates. */
export interface FilterableAttributes {
  names: Set<string>;
  caseExact: Set<string>;
  dates: Set<string>;
  /** Sub-attributes allowed inside a value filter, per multi-valued attribute: `emails` → type, value, primary. */
  valueFilterAttributes: Record<string, Set<string>>;
}

/** Rejects, with `invalidFilter`, a filter that names an attribute the resource type cannot filter on. */
export function checkFilterAttributes(filter: Filter, allowed: FilterableAttributes): void {
  const checkPath = (path: AttributePath) => {
    const name = formatPath(path);
    if (path.schema !== 'core' || !allowed.names.has(path.valueFilter ? path.attribute : name)) {
      throw invalidFilter(`Filtering on ${name} is not supported. Filter on one of: ${[...allowed.names].join(', ')}.`);
    }
    if (path.valueFilter) {
      const subAttributes = allowed.valueFilterAttributes[path.attribute];
      if (!subAttributes) throw invalidFilter(`${path.attribute} is not multi-valued, so it takes no [filter].`);
      checkFilterAttributes(path.valueFilter, { ...allowed, names: subAttributes });
    }
  };
  switch (filter.type) {
    case 'and':
    case 'or':
      checkFilterAttributes(filter.left, allowed);
      checkFilterAttributes(filter.right, allowed);
      return;
    case 'not':
      checkFilterAttributes(filter.filter, allowed);
      return;
    default:
      checkPath(filter.path);
  }
}

/** Reads a value from a JSON object by lower-cased name. */
function getIgnoringCase(object: unknown, name: string): unknown {
  if (typeof object !== 'object' || object === null || Array.isArray(object)) return undefined;
  const key = Object.keys(object).find((candidate) => candidate.toLowerCase() === name);
  return key === undefined ? undefined : (object as Record<string, unknown>)[key];
}

/** Returns every value the path selects in `resource`; a multi-valued attribute yields one entry per element. */
function resolve(resource: unknown, path: AttributePath, allowed: FilterableAttributes): unknown[] {
  const value = getIgnoringCase(resource, path.attribute);
  if (value === undefined || value === null) return [];
  let values = Array.isArray(value) ? value : [value];
  if (path.valueFilter) {
    const subAllowed = { ...allowed, names: allowed.valueFilterAttributes[path.attribute] ?? new Set<string>() };
    values = values.filter((element) => matches(path.valueFilter!, element, subAllowed));
  }
  if (path.subAttribute !== undefined) return values.map((element) => getIgnoringCase(element, path.subAttribute!)).filter((v) => v !== undefined && v !== null);
  // A multi-valued complex attribute compared as a whole compares its `value` sub-attribute.
  return values.map((element) => (typeof element === 'object' && element !== null ? getIgnoringCase(element, 'value') : element));
}

function compare(operator: CompareOperator, actual: unknown, expected: FilterValue, name: string, allowed: FilterableAttributes): boolean {
  if (allowed.dates.has(name) && typeof actual === 'string' && typeof expected === 'string') {
    const left = Date.parse(actual);
    const right = Date.parse(expected);
    if (Number.isNaN(right)) throw invalidFilter(`${name} compares with a date-time such as "2026-01-31T00:00:00Z"; "${expected}" is not one.`);
    return ordered(operator, left, right, () => String(actual).includes(expected), () => String(actual).startsWith(expected), () => String(actual).endsWith(expected));
  }
  if (typeof actual === 'string' && typeof expected === 'string') {
    const exact = allowed.caseExact.has(name);
    const left = exact ? actual : actual.toLowerCase();
    const right = exact ? expected : expected.toLowerCase();
    return ordered(operator, left, right, () => left.includes(right), () => left.startsWith(right), () => left.endsWith(right));
  }
  if (typeof actual === 'boolean' || typeof expected === 'boolean' || expected === null) {
    if (operator === 'eq') return actual === expected;
    if (operator === 'ne') return actual !== expected;
    throw invalidFilter(`Operator ${operator} does not apply to ${name} with value ${String(expected)}; use eq or ne.`);
  }
  if (typeof actual === 'number' && typeof expected === 'number') return ordered(operator, actual, expected, () => false, () => false, () => false);
  // Values of different types (a string attribute compared with a number) never match, except through ne.
  return operator === 'ne';
}

function ordered<T>(operator: CompareOperator, left: T, right: T, contains: () => boolean, starts: () => boolean, ends: () => boolean): boolean {
  switch (operator) {
    case 'eq':
      return left === right;
    case 'ne':
      return left !== right;
    case 'co':
      return contains();
    case 'sw':
      return starts();
    case 'ew':
      return ends();
    case 'gt':
      return left > right;
    case 'ge':
      return left >= right;
    case 'lt':
      return left < right;
    case 'le':
      return left <= right;
  }
}

/**
 * Evaluates a filter against a SCIM resource as JSON. For a multi-valued
 * attribute, a comparison holds when any value satisfies it, and `ne` when none equals.
 */
export function matches(filter: Filter, resource: unknown, allowed: FilterableAttributes): boolean {
  switch (filter.type) {
    case 'and':
      return matches(filter.left, resource, allowed) && matches(filter.right, resource, allowed);
    case 'or':
      return matches(filter.left, resource, allowed) || matches(filter.right, resource, allowed);
    case 'not':
      return !matches(filter.filter, resource, allowed);
    case 'valuePath':
      return resolve(resource, filter.path, allowed).length > 0;
    case 'present':
      return resolve(resource, filter.path, allowed).some((value) => value !== '' && !(Array.isArray(value) && value.length === 0));
    case 'compare': {
      const name = filter.path.valueFilter ? `${filter.path.attribute}.${filter.path.subAttribute ?? 'value'}` : formatPath(filter.path);
      const values = resolve(resource, filter.path, allowed);
      if (filter.operator === 'ne') return !values.some((value) => compare('eq', value, filter.value, name, allowed));
      return values.some((value) => compare(filter.operator, value, filter.value, name, allowed));
    }
  }
}

/** An equality that one key read can resolve, instead of reading all of the org's resources. */
export interface KeyLookup {
  attribute: string;
  value: string;
}

/**
 * Finds an `eq` on one of `keyAttributes` that the whole filter requires (the
 * filter itself, or one side of a top-level `and`). The caller reads that one
 * resource by key and then checks the whole filter against it.
 */
export function findKeyLookup(filter: Filter, keyAttributes: Set<string>): KeyLookup | undefined {
  if (filter.type === 'and') return findKeyLookup(filter.left, keyAttributes) ?? findKeyLookup(filter.right, keyAttributes);
  if (filter.type !== 'compare' || filter.operator !== 'eq' || typeof filter.value !== 'string' || filter.path.schema !== 'core') return undefined;
  const name = filter.path.valueFilter ? `${filter.path.attribute}[].${filter.path.subAttribute ?? 'value'}` : formatPath(filter.path);
  return keyAttributes.has(name) ? { attribute: name, value: filter.value } : undefined;
}
