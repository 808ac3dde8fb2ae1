import {
  type GraphQLArgument,
  type GraphQLEnumValue,
  type GraphQLField,
  type GraphQLInputField,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isIntrospectionType,
  isObjectType,
  isScalarType,
  isSpecifiedScalarType,
  isUnionType,
} from 'graphql';
import { describe, expect, it } from 'vitest';
import { printSchemaSdl, schema } from '../src/schema/index.js';

describe('schema.graphql', () => {
  it('is the schema printed from the code (run `npm run schema:print` after a change)', async () => {
    await expect(printSchemaSdl()).toMatchFileSnapshot('../schema.graphql');
  });

  it('describes every type, field, argument, input field and enum value a client sees', () => {
    const missing: string[] = [];
    const check = (where: string, item: { description?: string | null | undefined }) => {
      if (!item.description?.trim()) missing.push(where);
    };
    for (const type of Object.values(schema.getTypeMap())) {
      if (isIntrospectionType(type) || (isScalarType(type) && isSpecifiedScalarType(type))) continue;
      if (type !== schema.getQueryType() && type !== schema.getMutationType()) check(type.name, type);
      if (isObjectType(type) || isInterfaceType(type)) {
        for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
          check(`${type.name}.${field.name}`, field);
          for (const arg of field.args as readonly GraphQLArgument[]) check(`${type.name}.${field.name}(${arg.name})`, arg);
        }
      } else if (isInputObjectType(type)) {
        for (const field of Object.values(type.getFields()) as GraphQLInputField[]) check(`${type.name}.${field.name}`, field);
      } else if (isEnumType(type)) {
        for (const value of type.getValues() as GraphQLEnumValue[]) check(`${type.name}.${value.name}`, value);
      } else if (isUnionType(type)) {
        check(type.name, type);
      }
    }
    expect(missing).toEqual([]);
  });

  it('names the specification of each custom scalar (@specifiedBy), for codegen users and GraphiQL readers', () => {
    const customScalars = Object.values(schema.getTypeMap()).filter((type) => isScalarType(type) && !isSpecifiedScalarType(type) && !isIntrospectionType(type));
    expect(Object.fromEntries(customScalars.map((type) => [type.name, isScalarType(type) ? type.specifiedByURL : null]))).toEqual({
      DateTime: 'https://www.rfc-editor.org/rfc/rfc3339',
      JSON: 'https://www.rfc-editor.org/rfc/rfc8259',
    });
  });

  it('puts every mutation error type behind the Error interface', () => {
    const union = schema.getType('SyncExternalInstanceResult');
    expect(isUnionType(union)).toBe(true);
    if (!isUnionType(union)) return;
    for (const member of union.getTypes()) {
      if (member.name === 'SyncExternalInstancePayload') continue;
      expect(
        member.getInterfaces().map((i) => i.name),
        member.name,
      ).toContain('Error');
    }
  });
});
