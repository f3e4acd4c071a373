// Building blocks of the API contract: each schema is also its static type (TypeBox), so the
// server's validation and serialisation, the typed client and the tests share one definition.
// Conventions: snake_case fields, dates as 'YYYY-MM-DD' strings, money as numbers rounded to cents.
import { Type, type Static, type TObject, type TProperties, type TSchema } from 'typebox';

export { Type, type Static, type TSchema };

/** A response object: no field beyond those declared, so a renamed field breaks the contract tests. */
export const Obj = <P extends TProperties>(properties: P, description?: string): TObject<P> =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

/** A query string or a body: fields beyond those declared are dropped by the server (Ajv removeAdditional). */
export const Input = <P extends TProperties>(properties: P): TObject<P> => Type.Object(properties);

/** a calendar date that exists (2025-02-30 does not), YYYY-MM-DD */
export const IsoDate = Type.String({ format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
/** money in euros, rounded to cents */
export const Money = Type.Number();

// Nullable primitives as `type: [T, 'null']` rather than anyOf: fast-json-stringify serialises
// them directly (an anyOf costs a validation per value), and Ajv and TypeBox's Value check them.
export const NullableString = Type.Unsafe<string | null>({ type: ['string', 'null'] });
export const NullableNumber = Type.Unsafe<number | null>({ type: ['number', 'null'] });
export const NullableInteger = Type.Unsafe<number | null>({ type: ['integer', 'null'] });
export const NullableDate = Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
export const NullableBoolean = Type.Unsafe<boolean | null>({ type: ['boolean', 'null'] });

/** One of a few strings, e.g. StringEnum(['due', 'invoice']). */
export const StringEnum = <const T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

/** Every error the API answers: one sentence that says what is wrong and what to do. */
/** A file answered as it is (a PDF, an e-mail, a FEC), not JSON: its media type. */
export const File = (mime: string) => Type.Unsafe<Uint8Array>({ description: mime, contentMediaType: mime });
export const isFileAnswer = (schema: unknown): boolean => typeof (schema as { contentMediaType?: unknown } | undefined)?.contentMediaType === 'string';

export const ErrorBody = Obj({ error: Type.String() });
export type ErrorBody = Static<typeof ErrorBody>;

/** The entity filter shared by most routes: a company (SIREN or code), or all of them when absent. */
export const EntityQuery = Input({ entity: Type.Optional(Type.String()) });
export const AsOfQuery = Input({ as_of: Type.Optional(IsoDate), entity: Type.Optional(Type.String()) });

/**
 * Who may call a route: anyone (public), or a signed-in user with at least this role — viewers
 * read every page and export, analysts also import and act (collections, saving a forecast),
 * admins also manage users and remove imports. Without any account, on loopback, everyone is the
 * local admin (open mode).
 */
export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
export type Access = 'public' | Role;

/** An API route: what it accepts and what it answers, by status code, and who may call it (viewer unless said). */
export interface RouteDef {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  description: string;
  access?: Access;
  querystring?: TSchema;
  params?: TSchema;
  body?: TSchema;
  response: Record<number, TSchema>;
}

/** Declares a route, keeping its literal types for the server's handlers and the typed client. */
export const route = <const R extends RouteDef>(r: R): R => r;
