import { AjvCompiler } from '@fastify/ajv-compiler';
import { SerializerSelector } from '@fastify/fast-json-stringify-compiler';

/**
 * The validators and serializers of route schemas, compiled once per process and shared by
 * every application built in it.
 *
 * Fastify compiles each route's schemas for each application instance. A server builds one, but
 * the test suite builds hundreds (one or two per test file and database), and compiling the same
 * schemas again was about a tenth of its CPU. Route schemas are module-level constants, so the
 * same object means the same schema: Ajv keeps what it compiled by object, and the serializers
 * are kept here the same way.
 */

const buildValidator = AjvCompiler();

type SerializerFactory = ReturnType<typeof SerializerSelector>;
type BuildSerializer = ReturnType<SerializerFactory>;
type Serializer = ReturnType<BuildSerializer>;

const serializerSelector = SerializerSelector();
/** Per set of shared schemas and options: the serializer built for each response schema. */
const serializers = new Map<string, WeakMap<object, Serializer>>();

const buildSerializer: SerializerFactory = (externalSchemas, serializerOpts) => {
  const build = serializerSelector(externalSchemas, serializerOpts);
  const key = JSON.stringify([externalSchemas ?? {}, serializerOpts ?? {}]);
  let built = serializers.get(key);
  if (!built) {
    built = new WeakMap();
    serializers.set(key, built);
  }
  const bySchema = built;
  return (route) => {
    const schema = route.schema;
    if (typeof schema !== 'object' || schema === null) return build(route);
    let serializer = bySchema.get(schema);
    if (!serializer) {
      serializer = build(route);
      bySchema.set(schema, serializer);
    }
    return serializer;
  };
};

export const sharedSchemaCompilers = { buildValidator, buildSerializer };
