import { Type, type SchemaOptions, type TUnsafe } from '@sinclair/typebox';
import { QUANTITY_PATTERN, type QuantityValue } from './quantity';

/*
 * The few value shapes TypeBox would write differently from the JSON Schema our charts ship
 * (values.schema.json is the product: Helm prints its failures to whoever installs the chart).
 * Each is TypeBox's own escape for this (`Type.Unsafe`, as its README's StringEnum): the schema
 * is written as Helm should read it and the static type is stated beside it, once, here.
 */

/**
 * A string from a fixed list: `{type: 'string', enum: [...]}`. TypeBox's union of literals would
 * be an `anyOf` of `const`s, which Helm reports as "doesn't match any of the schemas in anyOf"
 * without naming the allowed values; `enum` names them.
 */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });
}

/**
 * A map of string values (labels, annotations, a node selector): `additionalProperties` holds
 * the value schema, as Kubernetes' own OpenAPI writes maps. TypeBox's Record writes a
 * `patternProperties` of `^(.*)$`, which says the same in a way no reader recognises.
 * `options` may narrow the value (`additionalProperties`) and keys (`propertyNames`).
 */
export function StringMap(options: SchemaOptions = {}): TUnsafe<Record<string, string>> {
  return Type.Unsafe<Record<string, string>>({ type: 'object', required: [], additionalProperties: { type: 'string' }, ...options });
}

/** An object passed through as it is (a Kubernetes Affinity): any keys, any values. */
export function OpenObject(options: SchemaOptions = {}): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ type: 'object', required: [], additionalProperties: true, ...options });
}

/**
 * A Kubernetes quantity (2, 500m, 4Gi): a string or a number, one `type` list with one
 * `pattern` (which applies to the string form), as the Kubernetes OpenAPI's int-or-string.
 */
export function Quantity(options: SchemaOptions = {}): TUnsafe<QuantityValue> {
  return Type.Unsafe<QuantityValue>({ type: ['string', 'number'], pattern: QUANTITY_PATTERN, ...options });
}

/**
 * A Kubernetes object shape taken as it is from the Kubernetes OpenAPI document
 * (lib/values/k8s/pod-shapes.ts): checked by its schema, typed as a plain object since
 * kubesynth passes it through without reading its fields.
 */
export function KubernetesShape(shape: Readonly<Record<string, unknown>>): TUnsafe<Record<string, unknown>> {
  return Type.Unsafe<Record<string, unknown>>({ ...shape });
}

/** A whole number from a fixed list (a 0/1 flag): `{type: 'integer', enum: [...]}`, for the reason StringEnum gives. */
export function IntegerEnum<const T extends readonly number[]>(values: T, options: SchemaOptions = {}): TUnsafe<T[number]> {
  return Type.Unsafe<T[number]>({ type: 'integer', enum: [...values], ...options });
}
