// How fastify turns the contract's schemas into code: Ajv validators for what comes in,
// fast-json-stringify serialisers for what goes out — fastify's own compilers, shared by every app
// of the process. An app compiles the ~50 routes' schemas when it starts (~0.3 s); the schemas are
// the contract's module-level objects, so each is compiled once per process: Ajv keeps what it
// compiled by schema, and the serialisers are kept here by schema. (The server builds one app; the
// tests build hundreds.)
import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type Factories = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>;
type SerializerFactory = NonNullable<Factories['buildSerializer']>;
type Serializer = (doc: unknown) => string;

const buildValidator = AjvCompiler();
const serializerSelector = SerializerSelector();
/** by the apps' serialiser options (the same for every app here), then by response schema */
const serializers = new Map<string, WeakMap<object, Serializer>>();

const buildSerializer: SerializerFactory = (externalSchemas, options) => {
  const compile = serializerSelector(externalSchemas, options);
  const key = JSON.stringify([externalSchemas, options]);
  let bySchema = serializers.get(key);
  if (!bySchema) serializers.set(key, (bySchema = new WeakMap()));
  const kept = bySchema;
  return (route) => {
    let serializer = kept.get(route.schema as object);
    if (!serializer) kept.set(route.schema as object, (serializer = compile(route) as Serializer));
    return serializer;
  };
};

export const sharedCompilers: Factories = { buildValidator: buildValidator as Factories['buildValidator'], buildSerializer };
