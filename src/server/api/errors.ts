// What the API answers when a request fails: a status and one sentence in English and in French
// (the app's error handler picks by Accept-Language). The errors of Encours carry their sentence
// (UserError); what fastify refuses before a route runs — a parameter that breaks the contract's
// schema, a body that is not JSON — is said here, naming the parameter and what it must be.
import type { FastifyError, FastifyRequest } from 'fastify';
import { expected, say, untranslated, UserError, type ParameterKind, type Text } from '../util/messages.ts';

/** What fastify's Ajv reports for each broken rule. */
interface SchemaViolation {
  instancePath: string;
  schemaPath: string;
  keyword: string;
  params: Record<string, unknown>;
}

/** The parts of a JSON schema the sentences use. */
interface Schema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMaximum?: number;
  examples?: unknown[];
  properties?: Record<string, Schema>;
  [keyword: string]: unknown;
}

/** The contract's largest integer (ids): a bound no one needs to be told. */
const INT_MAX = 2147483647;

/** Parameters whose form is better said than their pattern. */
const FORMS = new Map<string, Text>([['buckets', expected.bucketEdges]]);

/** What a parameter must be, from its schema: "a whole number from 1 to 52", "due or invoice"… */
function expectation(name: string, schema: Schema): Text {
  const form = FORMS.get(name);
  if (form) return form;
  if (schema.enum) return expected.oneOf(schema.enum);
  const type = [schema.type].flat().find((t) => t !== 'null');
  if (type === 'integer') return expected.wholeNumber(schema.minimum, schema.maximum !== undefined && schema.maximum < INT_MAX ? schema.maximum : undefined);
  if (type === 'number') {
    // a bound no one needs to be told (an amount up to 10^12) is left unsaid
    const bound = schema.exclusiveMaximum ?? schema.maximum;
    const max = bound !== undefined && bound < 1e9 ? bound : undefined;
    return schema.minimum === undefined && max === undefined ? expected.number : expected.numberIn(schema.minimum, max, max !== undefined && schema.exclusiveMaximum !== undefined, schema.examples?.[0]);
  }
  if (type === 'boolean') return expected.boolean;
  if (schema.pattern) return expected.pattern(schema.pattern);
  return expected.text;
}

/** The steps of a JSON pointer: '/a~1b/c' → ['a/b', 'c']. */
const steps = (pointer: string) =>
  pointer
    .replace(/^#/, '')
    .split('/')
    .filter(Boolean)
    .map((step) => step.replace(/~1/g, '/').replace(/~0/g, '~'));

/** What a path leads to inside a JSON value, or undefined. */
const walk = (value: unknown, path: string[]) => path.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), value);

/** The schema an Ajv schema path points into: '#/anyOf/0/properties/as_of/format' → the as_of schema. */
const schemaAt = (root: unknown, schemaPath: string) => walk(root, steps(schemaPath).slice(0, -1)) as Schema | undefined;

/** The sentence for a request that breaks its route's schema: the first parameter at fault. */
function schemaViolationText(err: FastifyError, req: FastifyRequest): Text {
  const context = err.validationContext ?? 'querystring';
  const kind: ParameterKind = context === 'body' ? 'field' : 'parameter';
  const root = (req.routeOptions.schema as Record<string, unknown> | undefined)?.[context];
  const violations = (err.validation ?? []) as SchemaViolation[];
  // a parameter's own violation, rather than the summaries of a body's alternatives (anyOf)
  const v = violations.find((e) => e.keyword === 'required' || e.instancePath) ?? violations[0];
  if (v?.keyword === 'required') {
    const name = String(v.params.missingProperty);
    return say.missing(kind, name, expectation(name, schemaAt(root, v.schemaPath)?.properties?.[name] ?? {}));
  }
  if (!v?.instancePath) return context === 'body' ? say.bodyNotObject : untranslated(err.message);
  const path = steps(v.instancePath);
  const input = context === 'body' ? req.body : context === 'params' ? req.params : context === 'headers' ? req.headers : req.query;
  const value = walk(input, path);
  const name = path.join('.');
  const schema = schemaAt(root, v.schemaPath) ?? {};
  if (schema.format === 'date') return say.badDate(name, value);
  return say.invalid(kind, name, value, expectation(path.at(-1)!, schema));
}

/** The status and sentence a failed request is answered with; a 500 says no more than that it happened. */
export function errorAnswer(err: FastifyError | UserError, req: FastifyRequest, limits: { maxUploadBytes: number; bodyLimit: number }): { status: number; text: Text } {
  if (err instanceof UserError) return { status: err.statusCode, text: err.text };
  if (err.validation) return { status: 400, text: schemaViolationText(err, req) };
  switch (err.code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return { status: 413, text: say.uploadTooLarge(null, limits.maxUploadBytes) };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, text: say.bodyTooLarge(limits.bodyLimit) };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, text: say.bodyNotJson };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { status: 400, text: say.bodyEmpty };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { status: 415, text: say.unsupportedMediaType(req.headers['content-type']) };
    case 'FST_ERR_BAD_URL':
      return { status: 400, text: say.badUrl(req.url) };
  }
  const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 500;
  if (status >= 500) return { status, text: say.internalError };
  // another refusal of fastify or of a plugin: its own sentence, in English
  return { status, text: untranslated(err.message) };
}
